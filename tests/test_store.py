"""The kept compressed bytes: old ones go, ones still read stay."""

from __future__ import annotations

import os
import time

from conftest import FIXTURE_CONTENT, make_app

from pocketrights.store import KEPT_DAYS, prune

DAY = 86_400


def aged(path, read_days_ago: float, made_days_ago: float) -> None:
    path.write_bytes(b"x")
    now = time.time()
    os.utime(path, (now - read_days_ago * DAY, now - made_days_ago * DAY))


def test_prune_deletes_bytes_unread_for_a_month_and_keeps_the_rest(tmp_path):
    aged(tmp_path / "unread-q11.br", KEPT_DAYS + 10, KEPT_DAYS + 10)
    aged(tmp_path / "read-lately-q11.br", 1, KEPT_DAYS + 10)
    aged(tmp_path / "made-lately-gz9", KEPT_DAYS + 10, 1)  # a disk that does not record reads
    aged(tmp_path / ".left-by-a-crash.part", KEPT_DAYS + 10, KEPT_DAYS + 10)
    assert prune(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".pruned", "made-lately-gz9", "read-lately-q11.br"]


def test_prune_looks_at_most_once_a_day(tmp_path):
    prune(tmp_path)
    aged(tmp_path / "unread-q11.br", KEPT_DAYS + 10, KEPT_DAYS + 10)
    assert prune(tmp_path) == 0 and (tmp_path / "unread-q11.br").exists()
    aged(tmp_path / ".pruned", 2, 2)
    assert prune(tmp_path) == 1 and not (tmp_path / "unread-q11.br").exists()


def test_the_app_prunes_the_cache_as_it_starts(tmp_path, monkeypatch):  # the server's start, and `flask export`'s
    import pocketrights.serving
    monkeypatch.setattr(pocketrights.serving, "cache_folder", lambda name: tmp_path)
    aged(tmp_path / "a-page-that-changed-q11.br", KEPT_DAYS + 1, KEPT_DAYS + 1)
    make_app(FIXTURE_CONTENT)
    assert not (tmp_path / "a-page-that-changed-q11.br").exists()
