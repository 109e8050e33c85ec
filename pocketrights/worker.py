"""The gunicorn worker: gevent; gunicorn's own error responses carry the site's headers; one answer per request."""

from __future__ import annotations

import os
import weakref

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
        self.answered = weakref.WeakSet()  # connections that have had a response
        super().init_process()

    def handle_request(self, listener_name, req, sock, addr):
        try:
            return super().handle_request(listener_name, req, sock, addr)
        finally:
            self.answered.add(sock)

    def handle_error(self, req, client, addr, exc) -> None:
        # A malformed body found only after the app answered (gunicorn drains it to read the next
        # request) would otherwise get a second, unrequested response on the same connection.
        if req is None and client in self.answered:
            self.log.debug("Closing a connection whose last request body was malformed: %s", exc)
            return
        super().handle_error(req, client, addr, exc)
