"""The gunicorn worker: gevent, and gunicorn's own error responses sent with the site's security headers."""

from __future__ import annotations

import os

from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

from .security import enabled, headers


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """What gunicorn sends when a request is too broken to reach the app (400, 414, 431, 501...)."""
    body = f"{status_int} {reason}\n".encode()
    lines = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: text/plain; charset=utf-8",
             f"Content-Length: {len(body)}", "Cache-Control: no-store",
             *(f"{name}: {value}" for name, value in headers(enabled(os.environ.get("POCKETRIGHTS_HSTS"))).items())]
    util.write_nonblock(sock, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


class Worker(GeventWorker):
    def init_process(self) -> None:
        util.write_error = write_error  # gunicorn's workers call util.write_error for their own responses
        super().init_process()
