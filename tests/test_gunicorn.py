import urllib.error
import urllib.request

from conftest import FIXTURE_CONTENT
from servers import gunicorn


def test_gunicorn_serves_the_site_and_logs_no_ip_address(tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn(log, POCKETRIGHTS_CONTENT_DIR=str(FIXTURE_CONTENT)) as base:
        request = urllib.request.Request(base + "es/door/", headers={
            "User-Agent": "secret-agent/1.0", "Referer": "https://tracker.example/", "X-Forwarded-For": "203.0.113.9"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
            assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
            assert "Set-Cookie" not in response.headers
        try:
            urllib.request.urlopen(base + "es/missing/")
        except urllib.error.HTTPError as error:
            assert error.code == 404
            assert "Página no encontrada" in error.read().decode()
    text = log.read_text()
    assert '"GET /es/door/ HTTP/1.1" 200' in text
    for secret in ("127.0.0.1 ", "203.0.113.9", "secret-agent", "tracker.example"):
        assert secret not in text
