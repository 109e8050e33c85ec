import base64
import hashlib
import re

import pytest

from pocketrights.security import headers


def static_url(app, name):
    return "/static/" + app.extensions["pocketrights"].static_names[name]


@pytest.mark.parametrize("path", ["/", "/en/", "/es/door/", "/ar/card/", "/xx/", "/en/nope/", "/sitemap.xml",
                                  "STYLE", "/static/missing.css"])
def test_every_response_has_the_security_headers_and_no_cookie(app, client, path):
    if path == "STYLE":
        path = static_url(app, "style.css")
    response = client.get(path)
    for name, value in headers(False, app.extensions["pocketrights"].style_hash).items():
        assert response.headers.get(name) == value, name
    assert "Set-Cookie" not in response.headers
    assert "Strict-Transport-Security" not in response.headers


def test_csp_is_strict_and_allows_exactly_the_inline_stylesheet(client):
    response = client.get("/en/door/")
    csp = response.headers["Content-Security-Policy"]
    for part in ["default-src 'none'", "script-src 'self'", "base-uri 'none'", "form-action 'self'",
                 "frame-ancestors 'none'"]:
        assert part in csp
    assert "unsafe" not in csp and "http" not in csp and "style-src 'self'" not in csp
    styles = re.findall(r"<style>(.*?)</style>", response.get_data(as_text=True), re.S)
    assert len(styles) == 1 and 'rel="stylesheet"' not in response.get_data(as_text=True)
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp


def test_permissions_policy_turns_off_sensors():
    policy = headers()["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy



@pytest.mark.parametrize(("setting", "on"), [
    (True, True), ("true", True), ("1", True), ("yes", True),
    (False, False), ("False", False), ("no", False), ("0", False), ("", False)])
def test_hsts_only_when_configured(content_copy, setting, on):
    from conftest import make_app
    response = make_app(content_copy, HSTS=setting).test_client().get("/en/")
    assert ("Strict-Transport-Security" in response.headers) == on, setting
    if on:
        assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"


def test_start_ups_reuse_one_static_folder_instead_of_leaving_one_each(content_copy):
    from conftest import make_app
    folders = {make_app(content_copy).extensions["pocketrights"].assets_dir for _ in range(3)}
    assert len(folders) == 1


def test_hashed_static_files_are_immutable(app, client):
    response = client.get(static_url(app, "style.css"))
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Type"].startswith("text/css")


def test_static_is_served_compressed(app, client):
    response = client.get(static_url(app, "style.css"), headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_pages_set_no_cookie_even_when_sent_one(client):
    response = client.get("/es/door/", headers={"Cookie": "session=abc"})
    assert "Set-Cookie" not in response.headers


ONION = "http://pocketrightsexampleexampleexampleexampleexampleexamplex.onion/"


def test_onion_location_points_to_the_same_page_on_the_onion_service(content_copy):
    from conftest import make_app
    client = make_app(content_copy, ONION_URL=ONION).test_client()
    assert client.get("/es/door/").headers["Onion-Location"] == ONION + "es/door/"
    assert "Onion-Location" not in make_app(content_copy).test_client().get("/es/door/").headers
    with pytest.raises(ValueError, match="onion"):
        make_app(content_copy, ONION_URL="https://evil.example/")


@pytest.mark.parametrize("kind", ["nginx", "caddy"])
def test_web_server_configuration_carries_every_header(kind):
    from pocketrights.security import headers, server_config
    text = server_config(kind, hsts=True, onion_url=ONION)
    for name, value in headers(True).items():
        assert name in text and value in text, name
    assert "Onion-Location" in text
