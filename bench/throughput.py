"""How fast pages are served: in-process against a bare-Flask floor, and over HTTP against nginx (wrk)."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from common import gunicorn, nginx, summary
from flask import Flask, Response

GUIDE = "es/in-public/"
WRK_SECONDS = 10
RUNS = 3


def in_process(app, runs: int = 5, requests: int = 2000) -> list[str]:
    """Our app against a bare Flask app that returns the same bytes: the cost of everything we add."""
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    page = client.get("/" + GUIDE, headers=headers)
    bare = Flask("bare")
    body, kept = page.get_data(), dict(page.headers)

    @bare.get("/" + GUIDE)
    def same_bytes():
        return Response(body, headers=kept)

    bare_client, ratios, ours_ms, bare_ms = bare.test_client(), [], [], []
    for _ in range(runs):
        timings = []
        for target in (client, bare_client):
            started = time.perf_counter()
            for _ in range(requests):
                target.get("/" + GUIDE, headers=headers)
            timings.append((time.perf_counter() - started) / requests * 1000)
        ours_ms.append(timings[0])
        bare_ms.append(timings[1])
        ratios.append(timings[0] / timings[1])
    low, mid = summary(ratios)
    return [f"In-process, /{GUIDE} with gzip, {requests} requests x {runs} runs: ours {summary(ours_ms)[1]:.3f} ms, "
            f"bare Flask returning the same bytes {summary(bare_ms)[1]:.3f} ms (medians). Ratio min {low:.2f}, "
            f"median {mid:.2f} (target: within 2)."]


def wrk(url: str) -> dict[str, float]:
    command = ["wrk", "-t2", "-c64", f"-d{WRK_SECONDS}s", "--latency", "-H", "Accept-Encoding: gzip", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=WRK_SECONDS + 30)
    out = result.stdout
    latency = {pct: value for pct, value in re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M)}
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": to_ms(latency["50"]), "p99": to_ms(latency["99"])}


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def over_http(export_root: Path, work: Path) -> list[str]:
    results: dict[str, list[dict]] = {"gunicorn": [], "gunicorn, access log on": [], "nginx (gzip on)": [],
                                      "nginx (gzip_static)": []}
    for name, log in (("gunicorn", "off"), ("gunicorn, access log on", "on")):  # nginx here logs no access
        with gunicorn(POCKETRIGHTS_ACCESS_LOG=log) as (base, _process):
            results[name] = [wrk(base + GUIDE) for _ in range(RUNS)]
    for name, static in (("nginx (gzip on)", False), ("nginx (gzip_static)", True)):
        with nginx(export_root, work / ("nginx-static" if static else "nginx-gzip"), gzip_static=static) as base:
            results[name] = [wrk(base + GUIDE) for _ in range(RUNS)]
    lines = [f"wrk -t2 -c64 -d{WRK_SECONDS}s on loopback, /{GUIDE} with gzip, {RUNS} runs each (min / median):", "",
             "| server | requests/s | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
    for name, runs in results.items():
        cells = [f"{summary([r[key] for r in runs])[0]:,.1f} / {summary([r[key] for r in runs])[1]:,.1f}"
                 for key in ("rps", "p50", "p99")]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    for ours_name in ("gunicorn", "gunicorn, access log on"):
        ours = summary([r["rps"] for r in results[ours_name]])[1]
        for name in ("nginx (gzip on)", "nginx (gzip_static)"):
            theirs = summary([r["rps"] for r in results[name]])[1]
            lines.append(f"\n{ours_name} / {name}, median requests per second: {100 * ours / theirs:.1f}%")
    return lines
