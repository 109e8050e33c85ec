"""Offline packs: a ZIP per language and one of the whole site, and a ZIM for Kiwix.

Each pack holds a folder the export writes for it (pages that open from disk and link only to what the
pack holds); the "take it offline" pages, which list the packs and their sizes, stay out of them.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from datetime import date
from pathlib import Path

from libzim.writer import Creator, FileProvider, Hint, Item

from .icons import png_icon
from .languages import iso639_3

DOWNLOADS = "downloads"
TAKE_OFFLINE = "take-offline"
SERVER_PID = "POCKETRIGHTS_SERVER_PID"  # tells the packs maker which process started it
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time: the same export always gives the same bytes
SKIPPED_SUFFIXES = (".gz", ".br")
SKIPPED_PARTS = (DOWNLOADS, TAKE_OFFLINE, "_headers", ".pocketrights-export")
MIMETYPES = {".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml",
             ".png": "image/png", ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
             ".webmanifest": "application/manifest+json"}


def zip_name(code: str | None = None) -> str:
    return f"pocket-rights-{code}.zip" if code else "pocket-rights.zip"


ZIM_NAME = "pocket-rights.zim"


def pack_files(folder: Path) -> list[Path]:
    """The files of a pack's folder that go into its archive, in a fixed order."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if path.suffix not in SKIPPED_SUFFIXES and not any(part in SKIPPED_PARTS for part in relative.parts):
            found.append(path)
    return found


def write_zip(folder: Path, target: Path) -> None:
    """A ZIP that unpacks to a folder opening from disk: byte for byte the same for the same files."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in pack_files(folder):
            info = zipfile.ZipInfo(f"{target.stem}/{path.relative_to(folder).as_posix()}", date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)


class Page(Item):
    """One file of the export inside the ZIM archive."""

    def __init__(self, path: str, source: Path, title: str):
        super().__init__()
        self.path, self.source, self.title = path, source, title

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return MIMETYPES.get(self.source.suffix, "application/octet-stream")

    def get_contentprovider(self):
        return FileProvider(str(self.source))

    def get_hints(self) -> dict:
        return {Hint.FRONT_ARTICLE: self.source.suffix == ".html", Hint.COMPRESS: self.source.suffix != ".png"}


def page_title(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    start, end = text.find("<title>"), text.find("</title>")
    return text[start + 7:end].strip() if 0 <= start < end else path.parent.name


def write_zim(folder: Path, target: Path, languages: list[str], icon_svg: bytes, reviewed: date) -> None:
    """A ZIM file for Kiwix (with the metadata Kiwix requires), the language chooser as its main page.

    Its date is the day the law was last checked, and its identity is made from its content, so the same
    export always gives the same bytes (libzim and Xapian would otherwise draw random UUIDs).
    """
    with Creator(str(target)).config_indexing(False, "eng").config_verbose(False) as creator:
        creator.set_mainpath("index.html")
        for path in pack_files(folder):
            relative = path.relative_to(folder).as_posix()
            title = page_title(path) if path.suffix == ".html" else relative
            creator.add_item(Page(relative, path, title))
        metadata = {
            "Name": "pocketrights_mul_all", "Title": "Pocket Rights",
            "Creator": "Pocket Rights contributors", "Publisher": "Pocket Rights",
            "Date": reviewed.isoformat(),
            "Description": "Know your rights if immigration agents stop you, in your language.",
            "LongDescription": ("Short, cited guides for people stopped by US immigration agents: what to say and "
                                "do, warrants, detention, deportation without a hearing, and a card for the officer."),
            "Language": ",".join(iso639_3(code) for code in languages),
            "Tags": "_category:other;_pictures:no;_videos:no;_details:yes;_ftindex:no;law;immigration",
        }
        for name, value in metadata.items():
            creator.add_metadata(name, value)
        creator.add_illustration(48, png_icon(icon_svg, 48))
    fix_identity(target)


XAPIAN_MAGIC = b"\x0f\rXapian Glass"  # a Xapian database's version file: magic, 2 bytes of version, a UUID


def fix_identity(target: Path) -> None:
    """Replace the random UUIDs of a ZIM file (its own and its title index's) with ones made from its content.

    The ZIM header holds the archive's UUID at bytes 8-24 and the file ends with the MD5 of all before it.
    """
    data = bytearray(target.read_bytes())
    found = data.find(XAPIAN_MAGIC)
    uuids = [slice(8, 24)] + ([slice(found + len(XAPIAN_MAGIC) + 2, found + len(XAPIAN_MAGIC) + 18)]
                              if found >= 0 else [])
    for place in uuids:
        data[place] = bytes(16)
    seed = hashlib.sha256(data[:-16]).digest()
    for number, place in enumerate(uuids):
        made = bytearray(hashlib.sha256(seed + bytes([number])).digest()[:16])
        made[6] = (made[6] & 0x0F) | 0x80  # RFC 9562 version 8 (custom), variant 10
        made[8] = (made[8] & 0x3F) | 0x80
        data[place] = made
    data[-16:] = hashlib.md5(data[:-16]).digest()
    target.write_bytes(bytes(data))


def archive(pack: str, folder: Path, target: Path, languages: list[str], icon_svg: bytes, reviewed: date) -> None:
    """A pack's archives, from the folder written for it (a language code, or "*" for all): its ZIP in
    `target`, and for "*" the ZIM too."""
    write_zip(folder, target / zip_name(None if pack == "*" else pack))
    if pack == "*":
        write_zim(folder, target / ZIM_NAME, languages, icon_svg, reviewed)


def sizes(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_size for path in sorted(folder.glob("*")) if path.is_file()}


class ServerPacks:
    """On the server, the packs are made once, from an export of the site into a private temporary folder.

    Under gunicorn, the master starts a separate process to make them (`start`), so that neither the
    start nor any request waits: until they are ready, pages say so. Elsewhere (the development server,
    tests) the first request that needs them makes them.
    """

    def __init__(self):
        self.site: Path | None = None
        self.lock = threading.Lock()
        self.background = False

    def start(self, command: list[str]) -> None:
        """Run `command FOLDER` (an export into FOLDER) in the background; the folder is removed at exit."""
        folder = Path(tempfile.mkdtemp(prefix="pocketrights-packs-"))
        self.site, self.background = folder / "site", True
        # In a process group of its own, so that stopping it stops the processes it forks too.
        builder = subprocess.Popen([*command, str(self.site)], stdin=subprocess.DEVNULL, start_new_session=True,
                                   env={**os.environ, SERVER_PID: str(os.getpid())})
        maker = os.getpid()

        def stop() -> None:
            if os.getpid() == maker:
                with contextlib.suppress(ProcessLookupError):  # unless it has finished
                    os.killpg(builder.pid, signal.SIGKILL)
                builder.wait()
                shutil.rmtree(folder, ignore_errors=True)
        atexit.register(stop)

    def downloads(self, make_export) -> Path | None:
        """The folder of packs, or None while the background process is still making them."""
        if self.background:
            return self.site / DOWNLOADS if self.site.exists() else None  # renamed into place when whole
        with self.lock:
            if self.site is None:
                folder = Path(tempfile.mkdtemp(prefix="pocketrights-packs-"))
                try:
                    make_export(folder / "site")
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                maker = os.getpid()
                atexit.register(lambda: os.getpid() == maker and shutil.rmtree(folder, ignore_errors=True))
                self.site = folder / "site"
        return self.site / DOWNLOADS
