"""Page weight of every exported page: raw, gzip and brotli bytes, and the requests needed to first render."""

from __future__ import annotations

import gzip
import json
import re
import statistics
from pathlib import Path

import brotli

BUDGET = 14 * 1024  # one TCP initial congestion window: a page within it arrives in one round trip
BLOCKING = re.compile(r'<link rel="stylesheet"|<script(?![^>]*\b(?:async|defer)\b)[^>]*\bsrc=')


def page_weight(page: Path) -> dict:
    html = page.read_bytes()
    return {"raw": len(html), "gzip": len(gzip.compress(html, 9, mtime=0)),
            "br": len(brotli.compress(html, quality=11)), "requests": 1 + len(BLOCKING.findall(html.decode()))}


def all_pages(root: Path) -> dict[str, dict]:
    """Every page a browser opens one at a time (the one-file editions are measured with the offline files)."""
    return {page.relative_to(root).as_posix(): page_weight(page) for page in sorted(root.rglob("*.html"))
            if not page.name.startswith("pocket-rights-") and "downloads" not in page.parts}


def compressed_size(path: Path) -> int:
    twin = path.with_name(path.name + ".gz")
    return len(twin.read_bytes()) if twin.exists() else len(gzip.compress(path.read_bytes(), 9, mtime=0))


def offline_report(root: Path) -> list[str]:
    """What each language saves on a phone, and every offline file with its size."""
    lines = ["| language | files saved on the phone | compressed (budget 250 KB) | one file: raw (budget 200 KB) | "
             "one file: gzip |", "|---|---:|---:|---:|---:|"]
    for listing in sorted(root.glob("*/offline.json")):
        saved = json.loads(listing.read_text())
        total = sum(compressed_size(root / url) for url in saved["urls"])
        single = root / saved["lang"] / f"pocket-rights-{saved['lang']}.html"
        lines.append(f"| {saved['lang']} | {len(saved['urls'])} | {total / 1024:,.0f} KB | "
                     f"{single.stat().st_size / 1024:,.0f} KB | {compressed_size(single) / 1024:,.0f} KB |")
    lines += ["", "| download | size |", "|---|---:|"]
    for path in sorted((root / "downloads").iterdir()):
        lines.append(f"| downloads/{path.name} | {path.stat().st_size / 1024:,.0f} KB |")
    return lines


def report(root: Path, page_types: dict[str, str]) -> list[str]:
    weights = all_pages(root)
    lines = ["| page type | path | raw | gzip | brotli | requests to first render |", "|---|---|---:|---:|---:|---:|"]
    for kind, path in page_types.items():
        row = weights[(path + "index.html")]
        lines.append(f"| {kind} | /{path} | {row['raw']:,} | {row['gzip']:,} | {row['br']:,} | {row['requests']} |")
    gz = [row["gzip"] for row in weights.values()]
    over = [name for name, row in weights.items() if row["gzip"] > BUDGET]
    lines += ["", f"All {len(weights)} exported pages: gzip median {statistics.median(gz):,.0f} B, largest "
              f"{max(gz):,} B ({max(weights, key=lambda n: weights[n]['gzip'])}); budget {BUDGET:,} B; "
              f"over budget: {', '.join(over) or 'none'}. The stylesheet is inline, so each page is one request."]
    return lines


def prints_report(app, work: Path) -> list[str]:
    """Every PDF of every language made from nothing (an empty cache), in parallel: the time and sizes."""
    import os
    import time

    from pocketrights import print_files

    app.config["PRINT_CACHE"] = str(work / "print-cache")
    languages = list(app.extensions["pocketrights"].languages)
    started = time.monotonic()
    files = print_files.build(app, languages)
    seconds = time.monotonic() - started
    by_kind: dict[str, list[int]] = {}
    for (_lang, name), path in files.items():
        kind = ("sheet of cards" if "-sheet-" in name else "zine" if name.startswith("zine") else
                "booklet, every guide" if name.startswith("guides-") else
                "card" if name.endswith("card.pdf") else "booklet, one guide")
        by_kind.setdefault(kind, []).append(path.stat().st_size)
    total = sum(sum(sizes) for sizes in by_kind.values()) / 1048576
    lines = [f"{len(files)} PDFs for {len(languages)} languages in {seconds:.0f} s on {os.cpu_count()} CPU(s) "
             f"({seconds / max(len(languages), 1):.1f} s a language); {total:.1f} MB.",
             "", "| kind | files | median size | largest |", "|---|---:|---:|---:|"]
    for kind, found in sorted(by_kind.items()):
        median, largest = statistics.median(found) / 1024, max(found) / 1024
        lines.append(f"| {kind} | {len(found)} | {median:,.0f} KB | {largest:,.0f} KB |")
    return lines
