"""Gzip for HTML responses, so a page crosses a slow link in as few round trips as possible."""

from __future__ import annotations

import gzip

from flask import Request, Response

MIN_SIZE = 512


def gzip_response(response: Response, request: Request) -> Response:
    response.vary.add("Accept-Encoding")
    if (response.direct_passthrough or response.status_code < 200 or "Content-Encoding" in response.headers
            or not response.mimetype.startswith(("text/", "application/xml"))
            or "gzip" not in request.accept_encodings):
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response
