"""Shared fixtures: an app on small fixture content (tests of mechanisms) and one on the real content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pocketrights import ROOT, create_app

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"
LANGUAGES = ("en", "es", "ar")  # source, translated, right-to-left with UI strings only
CHROMIUM = "/usr/bin/chromium"  # Debian's: `make test` installs it (Playwright cannot download one here)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def app():
    return create_app({"CONTENT_DIR": FIXTURE_CONTENT, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def real_app():
    return create_app({"TESTING": True})


@pytest.fixture(scope="module")
def browser():
    """Real Chromium, one per test module."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the fixture content, for tests that break a file."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def make_app(content_dir: Path, **config):
    """An app on other content; without PDFs unless asked for (PRINTS=True), which take seconds to make."""
    return create_app({"CONTENT_DIR": content_dir, "TESTING": True, "PRINTS": False, **config})


__all__ = ["ROOT", "make_app"]
