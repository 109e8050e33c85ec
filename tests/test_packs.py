"""The ZIM is made again only when something in it changed: an unchanged one is copied from .cache/zim."""

from __future__ import annotations

import pytest
from conftest import make_app
from libzim.reader import Archive

from pocketrights import packs
from pocketrights.export import export


class Refused(Exception):
    """libzim was asked to make a ZIM."""


def refuse_to_make(monkeypatch) -> None:
    def creator(*args, **kwargs):
        raise Refused(args)
    monkeypatch.setattr(packs, "Creator", creator)  # the pack writers are forked after this, so they see it too


def zim_page(site, path: str) -> str:
    return bytes(Archive(site / packs.DOWNLOADS / packs.ZIM_NAME).get_entry_by_path(path).get_item().content).decode()


def test_an_unchanged_zim_is_copied_and_a_changed_one_made_again(content_copy, tmp_path, monkeypatch):
    export(make_app(content_copy), tmp_path / "first")
    refuse_to_make(monkeypatch)
    export(make_app(content_copy), tmp_path / "second")
    made, copied = (tmp_path / name / packs.DOWNLOADS / packs.ZIM_NAME for name in ("first", "second"))
    assert copied.read_bytes() == made.read_bytes()

    door = content_copy / "es" / "door.md"
    before, after = "Busque la firma de un juez.", "Busque la firma de una jueza o un juez."
    door.write_text(door.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    with pytest.raises(Refused):  # a changed page: the kept ZIM is not the one to send
        export(make_app(content_copy), tmp_path / "third")
    monkeypatch.undo()
    export(make_app(content_copy), tmp_path / "third")
    assert after in zim_page(tmp_path / "third", "es/door/index.html")
    assert before in zim_page(tmp_path / "second", "es/door/index.html")


def test_without_the_cache_the_zim_is_always_made(content_copy, tmp_path, monkeypatch):
    export(make_app(content_copy, COMPRESSION_CACHE=False), tmp_path / "first")
    refuse_to_make(monkeypatch)
    with pytest.raises(Refused):
        export(make_app(content_copy, COMPRESSION_CACHE=False), tmp_path / "second")
