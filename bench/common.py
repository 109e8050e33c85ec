"""Shared pieces of the benchmark: statistics, free ports, servers started and stopped on loopback."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TOOLS = ROOT / ".tools"
VENV_BIN = Path(sys.executable).parent
PAGE_TYPES = {  # one page of each kind, as a reader meets them
    "chooser": "", "home": "es/", "urgent guide": "es/stopped-now/", "guide": "es/in-public/",
    "card": "es/red-card/", "phrasebook": "es/phrases/", "change log": "es/changes/",
}


def summary(values: list[float]) -> tuple[float, float]:
    """(min, median): on a noisy 2-core machine the minimum is the best estimate, the median the typical."""
    return min(values), statistics.median(values)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server for {url} did not start") from None
            time.sleep(0.1)


@contextmanager
def gunicorn(workers: int = 2, port: int | None = None, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app as deployed (gunicorn.conf.py) on a loopback port; yields its base URL and process."""
    port = port or free_port()
    environment = {**os.environ, "POCKETRIGHTS_BIND": f"127.0.0.1:{port}", "POCKETRIGHTS_WORKERS": str(workers),
                   **env}
    process = subprocess.Popen([str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "app:app"], cwd=ROOT,
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "en/", process)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def nginx(root: Path, work: Path, gzip_static: bool) -> Iterator[str]:
    """Debian's nginx serving an export from `root` on a loopback port."""
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    compression = "gzip_static on;" if gzip_static else "gzip on; gzip_types text/css application/xml;"
    (work / "nginx.conf").write_text(f"""
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        {compression}
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
""")
    process = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "en/", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
