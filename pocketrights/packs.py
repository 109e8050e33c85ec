"""Offline packs: a ZIP per language and one of the whole site, and a ZIM for Kiwix.

Each pack is a list of files the export wrote (pages that open from disk and link only to what the pack
holds); the "take it offline" pages, which list the packs and their sizes, stay out of them.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.metadata
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider

from .icons import png_icon
from .languages import iso639_3

DOWNLOADS = "downloads"
TAKE_OFFLINE = "take-offline"
SERVER_PID = "POCKETRIGHTS_SERVER_PID"  # tells the packs maker which process started it
ZIP_DEFLATED = 8
ZIP_DOS_DATE = (1 << 5) | 1  # 1 January 1980 at 00:00, fixed: the same export always gives the same bytes
MIMETYPES = {".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml",
             ".png": "image/png", ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
             ".webmanifest": "application/manifest+json"}


def zip_name(code: str | None = None) -> str:
    return f"pocket-rights-{code}.zip" if code else "pocket-rights.zip"


ZIM_NAME = "pocket-rights.zim"


@dataclass(frozen=True)
class Rendered:
    """A page a pack has of its own, handed over in memory: its bytes, and their gzip (None: too small)."""

    body: bytes
    gzip: bytes | None


Manifest = dict[str, Path | Rendered]  # a pack's files: the name inside it, and the site's file or its own page


def _bytes(source: Path | Rendered) -> tuple[bytes, bytes | None]:
    """A file's bytes and its gzip twin's (None when it has none)."""
    if isinstance(source, Rendered):
        return source.body, source.gzip
    twin = source.with_name(source.name + ".gz")
    return source.read_bytes(), twin.read_bytes() if twin.exists() else None


def write_zip(files: Manifest, target: Path) -> None:
    """A ZIP that unpacks to a folder opening from disk: byte for byte the same for the same files.

    A file written with a gzip twin (every page and text file of the site) goes in as that twin's deflate
    stream and CRC, as they are (a ZIP entry and a gzip member hold the same raw deflate data), so a pack
    compresses nothing the site has compressed already. Python's zipfile cannot take compressed bytes, hence
    the few lines that write the format (PKWARE APPNOTE 4.3: local headers, central directory, end record).
    """
    central, offset = [], 0
    with target.open("wb") as out:
        for name in sorted(files):
            crc, size, data = _deflated(files[name])
            arcname = f"{target.stem}/{name}".encode()
            fields = (20, 0x800 if not arcname.isascii() else 0, ZIP_DEFLATED, 0, ZIP_DOS_DATE, crc, len(data), size,
                      len(arcname))
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + arcname + data)
            central.append(struct.pack("<IH", 0x02014B50, 0x0314) + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0,
                                                                                  0, 0, 0o644 << 16, offset) + arcname)
            offset += 30 + len(arcname) + len(data)
        directory = b"".join(central)
        out.write(directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory),
                                          offset, 0))


def _deflated(source: Path | Rendered) -> tuple[int, int, bytes]:
    """CRC-32, size and raw deflate data of a file: from its gzip twin when it has one that holds these very
    bytes (no optional header fields, as gzip_bytes writes them; its CRC and size match), else compressed here."""
    body, gz = _bytes(source)
    crc = zlib.crc32(body)
    if gz and gz[:4] == b"\x1f\x8b\x08\x00" and struct.unpack("<II", gz[-8:]) == (crc, len(body) & 0xFFFFFFFF):
        return crc, len(body), gz[10:-8]
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return crc, len(body), packer.compress(body) + packer.flush()


class Page(Item):
    """One file of a pack inside the ZIM archive."""

    def __init__(self, path: str, body: bytes, title: str):
        super().__init__()
        self.path, self.body, self.title = path, body, title

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return MIMETYPES.get(Path(self.path).suffix, "application/octet-stream")

    def get_contentprovider(self):
        return StringProvider(self.body)

    def get_hints(self) -> dict:
        return {Hint.FRONT_ARTICLE: self.path.endswith(".html"), Hint.COMPRESS: not self.path.endswith(".png")}


def page_title(body: bytes, fallback: str) -> str:
    text = body.decode("utf-8", errors="replace")
    start, end = text.find("<title>"), text.find("</title>")
    return text[start + 7:end].strip() if 0 <= start < end else fallback


def write_zim(files: Manifest, target: Path, languages: list[str], icon_svg: bytes, reviewed: date,
              cache: Path | None = None) -> None:
    """A ZIM file for Kiwix (with the metadata Kiwix requires), the language chooser as its main page.

    Its date is the day the law was last checked, and its identity is made from its content, so the same
    export always gives the same bytes (libzim and Xapian would otherwise draw random UUIDs). With a `cache`
    folder, a ZIM made from the very same items, metadata and code is copied from there instead of made
    again: libzim compresses at zstd's level 19, which its API does not let us lower, about a second for
    every 10 MB of pages.
    """
    pages = []
    for name in sorted(files):
        body = _bytes(files[name])[0]
        pages.append(Page(name, body, page_title(body, name) if name.endswith(".html") else name))
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
    illustration = png_icon(icon_svg, 48)
    kept = cache / f"{_zim_key(pages, metadata, illustration)}.zim" if cache else None
    if kept and kept.is_file():
        shutil.copyfile(kept, target)
        return
    with Creator(str(target)).config_indexing(False, "eng").config_verbose(False) as creator:
        creator.set_mainpath("index.html")
        for page in pages:
            creator.add_item(page)
        for name, value in metadata.items():
            creator.add_metadata(name, value)
        creator.add_illustration(48, illustration)
    fix_identity(target)
    if kept:
        _keep(target, kept)


def _zim_key(pages: list[Page], metadata: dict[str, str], illustration: bytes) -> str:
    """A hash of everything a ZIM is made from: each item (path, title, type, hints, bytes), the metadata,
    the illustration, libzim's version and this module's own code, which decides how they are written."""
    digest = hashlib.sha256()
    parts = [importlib.metadata.version("libzim").encode(), Path(__file__).read_bytes(),
             repr(sorted(metadata.items())).encode(), illustration]
    for page in pages:
        parts += [repr((page.path, page.title, page.get_mimetype(), page.get_hints())).encode(),
                  page.body]
    for part in parts:  # each with its length, so that no two lists of parts run together the same way
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def _keep(made: Path, kept: Path) -> None:
    """A copy of the ZIM just made, in place of the one kept before (only the latest is kept)."""
    partial = kept.with_name(f".{kept.name}.{os.getpid()}.part")
    try:
        shutil.copyfile(made, partial)
        partial.replace(kept)  # atomic: another export never copies half a file
        for old in kept.parent.glob("*.zim"):
            if old != kept:
                old.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)


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
