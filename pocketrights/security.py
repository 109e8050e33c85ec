"""Security and privacy headers, applied to every response, static files included."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def csp(style_hash: str = "") -> str:
    """The Content-Security-Policy: nothing from elsewhere, no inline script, and only the one inline
    stylesheet whose hash is given (no stylesheet at all without one)."""
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        f"style-src 'sha256-{style_hash}'" if style_hash else "style-src 'none'",
        "img-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture",
    "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi",
    "payment", "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
)) + ", fullscreen=(self), screen-wake-lock=(self)"  # the card may fill the screen and keep it awake
HSTS = "max-age=63072000; includeSubDomains"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def enabled(value: object) -> bool:
    """A yes/no setting from code or the environment: "False", "no", "0" and "" all mean no."""
    return value is True or (isinstance(value, str | int) and str(value).strip().lower() in TRUE_WORDS)


def headers(hsts: bool = False, style_hash: str = "") -> dict[str, str]:
    """The headers every response carries; also written to the static export's _headers."""
    values = {
        "Content-Security-Policy": csp(style_hash),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": PERMISSIONS,
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    if hsts:
        values["Strict-Transport-Security"] = HSTS
    return values


class SecurityHeaders:
    """WSGI middleware: adds the headers and drops any Set-Cookie, whoever made the response."""

    def __init__(self, app: Callable, hsts: bool = False, style_hash: str = ""):
        self.app = app
        self.headers = list(headers(hsts, style_hash).items())
        self.names = {name.lower() for name, _ in self.headers} | {"set-cookie"}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start(status: str, response_headers: list, exc_info=None):
            kept = [(k, v) for k, v in response_headers if k.lower() not in self.names]
            return start_response(status, kept + self.headers, exc_info)

        return self.app(environ, start)


def server_config(kind: str, hsts: bool, onion_url: str = "", style_hash: str = "") -> str:
    """The same headers for a web server in front of the export or the app: "nginx" or "caddy"."""
    values = headers(hsts, style_hash)
    if kind == "nginx":
        lines = [f"add_header {name} \"{value}\" always;" for name, value in values.items()]
        if onion_url:
            lines.append(f"add_header Onion-Location {onion_url.rstrip('/')}$request_uri always;")
        return "\n".join(lines) + "\n"
    if kind == "caddy":
        lines = ["header {"] + [f'    {name} "{value}"' for name, value in values.items()]
        if onion_url:
            lines.append(f"    Onion-Location {onion_url.rstrip('/')}{{uri}}")
        lines += ["    -Server", "}"]
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown server kind {kind!r}: nginx or caddy")
