"""An export's files: unchanged ones linked to the previous export's, changed ones new, the previous export
never written into."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_app

from pocketrights import export as export_module
from pocketrights.export import export
from pocketrights.writing import Writer


def files(root) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_file_with_the_same_bytes_is_a_link_and_a_changed_one_a_new_file(tmp_path):
    previous, new = tmp_path / "previous", tmp_path / "new"
    Writer(previous).save(previous / "a" / "index.html", {"identity": b"same", "gzip": b"gz", "br": b"br"})
    Writer(previous).save(previous / "b" / "index.html", {"identity": b"old"})
    writer = Writer(new, previous)
    writer.save(new / "a" / "index.html", {"identity": b"same", "gzip": b"gz", "br": b"other br"})
    writer.save(new / "b" / "index.html", {"identity": b"new"})
    inode = {path: path.stat().st_ino for path in tmp_path.rglob("*") if path.is_file()}
    assert inode[new / "a" / "index.html"] == inode[previous / "a" / "index.html"]
    assert inode[new / "a" / "index.html.gz"] == inode[previous / "a" / "index.html.gz"]
    assert inode[new / "a" / "index.html.br"] != inode[previous / "a" / "index.html.br"]
    assert inode[new / "b" / "index.html"] != inode[previous / "b" / "index.html"]
    assert files(previous)[Path("a/index.html.br")] == b"br"  # never written into
    assert files(previous)[Path("b/index.html")] == b"old"
    assert (new / "a" / "index.html.br").read_bytes() == b"other br"
    assert (new / "b" / "index.html").read_bytes() == b"new"


def test_a_second_export_links_its_unchanged_files_and_leaves_each_file_single(tmp_path, content_copy):
    target = tmp_path / "site"

    def inodes() -> dict:
        return {p: p.stat().st_ino for p in target.rglob("*") if p.is_file()}
    export(make_app(content_copy), target)
    first = inodes()
    export(make_app(content_copy), target)  # nothing changed: every page and archive is the previous one's
    second = inodes()
    new = sorted(str(p.relative_to(target)) for p in second if first.get(p) != second[p])
    assert new == [".pocketrights-export", "_headers"]  # (tiny, and written first)
    door = content_copy / "es" / "door.md"
    door.write_text(door.read_text().replace("puerta", "puerta cerrada", 1))
    export(make_app(content_copy), target)
    third = inodes()
    assert third[target / "en" / "door" / "index.html.br"] == second[target / "en" / "door" / "index.html.br"]
    assert third[target / "es" / "door" / "index.html"] != second[target / "es" / "door" / "index.html"]
    assert all(p.stat().st_nlink == 1 for p in third)  # the previous export, and its links, are gone


def broken(task):
    raise RuntimeError("the disk is full")


def test_an_export_that_fails_after_linking_leaves_the_previous_one_byte_for_byte(tmp_path, content_copy,
                                                                                monkeypatch):
    target = tmp_path / "site"
    export(make_app(content_copy), target)
    before = files(target)
    door = content_copy / "es" / "door.md"
    door.write_text(door.read_text().replace("puerta", "puerta cerrada", 1))
    monkeypatch.setattr(export_module, "_write_pack", broken)  # after every page is written or linked
    with pytest.raises(RuntimeError, match="disk is full"):
        export(make_app(content_copy), target)
    assert files(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]
