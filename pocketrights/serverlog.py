"""Gunicorn's logs without personal data: no client address, user agent, referrer or query string."""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

ADDRESS = re.compile(
    r"ip=\S+"  # gunicorn's "Invalid request from ip=..."
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b"  # IPv4
    r"|\[?(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\]?"  # IPv6, full form
    r"|\[?[0-9a-f:]*::[0-9a-f:]*\]?",  # IPv6 with ::
    re.IGNORECASE,
)
SERVER_MESSAGES = ("Listening at:",)  # the server's own address, which the deployer chose


def scrub(message: str) -> str:
    return ADDRESS.sub("[address]", message)


class ScrubAddresses(logging.Filter):
    """Rewrites every error-log record so that no network address survives in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith(SERVER_MESSAGES):
            record.msg, record.args = scrub(message), ()
        return True


class PrivateLogger(Logger):
    """Gunicorn's logger with the address filter on the error log (the access format names no address)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.addFilter(ScrubAddresses())
