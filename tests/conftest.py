"""Shared fixtures: an app on small fixture content (tests of mechanisms) and one on the real content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pocketrights import ROOT, create_app

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"
LANGUAGES = ("en", "es", "ar")  # source, translated, right-to-left with UI strings only


@pytest.fixture(scope="session")
def app():
    return create_app({"CONTENT_DIR": FIXTURE_CONTENT, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def real_app():
    return create_app({"TESTING": True})


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the fixture content, for tests that break a file."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def make_app(content_dir: Path, **config):
    return create_app({"CONTENT_DIR": content_dir, "TESTING": True, **config})


__all__ = ["ROOT", "make_app"]
