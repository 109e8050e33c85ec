"""Lighthouse (npm, run by Debian's Chromium) on every page type, mobile preset: slow 4G and a 4x slower CPU."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from common import PAGE_TYPES, TOOLS, free_port, gunicorn, nginx, summary

RUNS = 3
FLOOR_PAIRS = 9  # the floor is a difference of two noisy figures: more runs
LIGHTHOUSE = TOOLS / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def audit(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                       check=True, timeout=180, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = json.loads(report.read_text())
    audits = data["audits"]
    return {"fcp": audits["first-contentful-paint"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            **{name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES}}


def audit_retrying(url: str, attempts: int = 3) -> dict:
    """Lighthouse now and then fails to start Chromium on a busy machine: try again before giving up."""
    for attempt in range(attempts):
        try:
            return audit(url)
        except subprocess.CalledProcessError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def median_of(url: str) -> dict:
    runs = [audit_retrying(url) for _ in range(RUNS)]
    return {key: summary([run[key] for run in runs])[1] for key in runs[0]}


def page_types() -> list[str]:
    lines = [f"Lighthouse 13 mobile preset on the real server (gunicorn, SITE_URL set), median of {RUNS} runs:", "",
             "| page type | FCP ms | LCP ms | performance | accessibility | best practices | SEO |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    port = free_port()  # SITE_URL must name the address Lighthouse loads
    with gunicorn(workers=1, port=port, POCKETRIGHTS_SITE_URL=f"http://127.0.0.1:{port}/") as (base, _process):
        for kind, path in PAGE_TYPES.items():
            result = median_of(base + path)
            lines.append(f"| {kind} | {result['fcp']:.0f} | {result['lcp']:.0f} | " + " | ".join(
                str(int(result[name])) for name in CATEGORIES) + " |")
    return lines


def floor(export_root: Path, work: Path) -> list[str]:
    """The guide page against the same page with no stylesheet at all: what styling costs the first paint."""
    page = export_root / "es" / "in-public" / "index.html"
    bare = export_root / "floor" / "index.html"
    bare.parent.mkdir(exist_ok=True)
    bare.write_text(re.sub(r"<style>.*?</style>", "", page.read_text(), flags=re.S))
    try:
        with nginx(export_root, work / "floor", gzip_static=False) as base:
            pairs = [(audit_retrying(base + "es/in-public/")["fcp"], audit_retrying(base + "floor/")["fcp"])
                     for _ in range(FLOOR_PAIRS)]  # taken in turn, so that a drifting machine weighs on both
    finally:
        bare.unlink()
        bare.parent.rmdir()
    ours, lowest = summary([page for page, _ in pairs]), summary([floor for _, floor in pairs])
    gaps = summary([page - floor for page, floor in pairs])
    return [f"First contentful paint, /es/in-public/ against the same page without its stylesheet (the floor), "
            f"both from nginx, {FLOOR_PAIRS} runs of each taken in turn: median {ours[1]:.0f} ms against "
            f"{lowest[1]:.0f} ms; the page minus the floor, run by run, min {gaps[0]:+.0f} ms, median "
            f"{gaps[1]:+.0f} ms (target: within 20 ms). A single run's FCP moves by 20 to 40 ms here."]
