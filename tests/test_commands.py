"""The command line as a deployer meets it: what `flask --app app export` says before and after it works."""

from __future__ import annotations

import re

from conftest import FIXTURE_CONTENT, make_app


def refused_export(app, tmp_path) -> str:
    """What `export` says before it starts: its target is a file, so it stops there, before any work."""
    (tmp_path / "a-file").write_text("")
    output = app.test_cli_runner().invoke(args=["export", str(tmp_path / "a-file")]).output
    assert "is a file, not a folder" in output
    return output


def test_a_first_export_says_it_takes_longer_and_why(tmp_path):
    app = make_app(FIXTURE_CONTENT)
    store = app.extensions["pocketrights.store"]
    store.cache = tmp_path / "compressed"  # empty, as on a fresh machine or after `make clean`
    store.cache.mkdir()
    assert "A first compression cache" in refused_export(app, tmp_path)
    (store.cache / "a-page-q11.br").write_bytes(b"")
    assert "compression cache" not in refused_export(app, tmp_path)


def test_an_export_without_a_cache_says_every_page_is_compressed_anew(tmp_path):
    assert "No compression cache" in refused_export(make_app(FIXTURE_CONTENT, COMPRESSION_CACHE=False), tmp_path)


def test_an_export_says_what_it_wrote_and_what_a_missing_site_url_costs(tmp_path):
    result = make_app(FIXTURE_CONTENT, SITE_URL="").test_cli_runner().invoke(args=["export", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "POCKETRIGHTS_SITE_URL is not set" in result.output and "no sitemap" in result.output
    assert re.search(r"wrote \d+ files to \S+ in \d+\.\d s", result.output)
