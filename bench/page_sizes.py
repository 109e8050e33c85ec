"""Print the first-render weight of every exported page: gzip-compressed HTML plus its stylesheet.

Usage: python bench/page_sizes.py [EXPORT_DIR]   (exports the real content to a temporary folder when omitted)
The budget is 14 KB (one TCP initial congestion window): a page within it needs one round trip.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET = 14 * 1024
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def measure(root: Path) -> list[tuple[str, int, int, int]]:
    rows = []
    for page in sorted(root.rglob("*.html")):
        html = page.read_bytes()
        css = sum(gz(((root if h.startswith("/") else page.parent) / h.lstrip("/")).read_bytes())
                  for h in STYLESHEET.findall(html.decode()))
        rows.append((page.relative_to(root).as_posix(), len(html), gz(html), gz(html) + css))
    return rows


def main() -> None:
    if len(sys.argv) > 1:
        root = Path(sys.argv[1])
    else:
        from pocketrights import create_app
        from pocketrights.export import export
        root = Path(tempfile.mkdtemp()) / "site"
        started = time.perf_counter()
        app = create_app()
        loaded = time.perf_counter()
        count = export(app, root)
        print(f"start-up (parse all content): {1000 * (loaded - started):.0f} ms; "
              f"export of {count} files: {1000 * (time.perf_counter() - loaded):.0f} ms")
        client, timings = app.test_client(), []
        for _ in range(200):
            began = time.perf_counter()
            client.get("/es/at-the-door/", headers={"Accept-Encoding": "gzip"})
            timings.append(time.perf_counter() - began)
        print(f"server render of /es/at-the-door/ (gzip, in-process): median "
              f"{1000 * statistics.median(timings):.2f} ms over {len(timings)} requests")
    rows = measure(root)
    print(f"{'page':<36}{'html':>8}{'html.gz':>9}{'+css.gz':>9}")
    for name, raw, html_gz, total in rows:
        flag = "  OVER BUDGET" if total > BUDGET else ""
        print(f"{name:<36}{raw:>8}{html_gz:>9}{total:>9}{flag}")
    totals = [row[3] for row in rows]
    print(f"\n{len(rows)} pages; first render (html.gz + css.gz) median {statistics.median(totals):.0f} B, "
          f"largest {max(totals)} B ({max(rows, key=lambda r: r[3])[0]}); budget {BUDGET} B")


if __name__ == "__main__":
    main()
