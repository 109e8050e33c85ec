"""The deploying group's own details, written once: its name, hotlines (named in each language) and website.

Read from a small TOML file (POCKETRIGHTS_GROUP_FILE), for example:

    name = "Eastside Rapid Response"
    website = "https://eastside.example.org/"
    logo = "eastside-logo.svg"   # optional, printed on booklets: SVG or PNG, beside this file, at most 256 KB

    [[hotline]]
    number = "(512) 555-0100"
    names = { en = "Rapid response line, 24 hours", es = "Línea de respuesta rápida, 24 horas" }

POCKETRIGHTS_HOTLINE_NUMBER and POCKETRIGHTS_HOTLINE_NAME still work, and override the file's hotlines.
"""

from __future__ import annotations

import base64
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import phonenumbers

from .languages import SOURCE_LANGUAGE

REGION = "US"  # numbers written without a country code are read as US numbers


class GroupError(ValueError):
    """The group's settings cannot be used; the message names the file or setting and what is wrong."""


@dataclass(frozen=True)
class Hotline:
    number: str  # as people write it: "(512) 555-0100"
    e164: str  # as phones dial it: "+15125550100"
    names: Mapping[str, str]  # language code -> name; "en" is the fallback

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get(SOURCE_LANGUAGE, "")

    def name_lang(self, lang: str) -> str:
        """The language the name is shown in, for the page's lang attribute."""
        return lang if lang in self.names else SOURCE_LANGUAGE


@dataclass(frozen=True)
class Group:
    name: str = ""
    website: str = ""
    hotlines: tuple[Hotline, ...] = field(default_factory=tuple)
    logo: str = ""  # a data: URI, so that printed documents carry it and load nothing


def hotline(number: str, names: Mapping[str, str], where: str) -> Hotline:
    """A hotline with its number checked and turned into E.164 with a phone-number library."""
    try:
        parsed = phonenumbers.parse(str(number), REGION)
    except phonenumbers.NumberParseException as error:
        raise GroupError(f"{where}: {number!r} is not a phone number ({error})") from None
    if not phonenumbers.is_valid_number(parsed):
        raise GroupError(f"{where}: {number!r} is not a valid phone number (write it with its area code, "
                         "or with + and the country code)")
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    shown = national if parsed.country_code == 1 else phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Hotline(shown, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
                   MappingProxyType({code: str(text).strip() for code, text in names.items() if str(text).strip()}))


def _from_file(path: Path) -> Group:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GroupError(f"{path}: cannot read the group file ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise GroupError(f"{path}: {error}") from None
    unknown = set(data) - {"name", "website", "logo", "hotline"}
    if unknown:
        raise GroupError(f"{path}: unknown setting {', '.join(sorted(unknown))} (name, website, logo, [[hotline]])")
    hotlines = []
    for index, entry in enumerate(data.get("hotline", []), start=1):
        where = f"{path}: hotline {index}"
        if not isinstance(entry, dict) or "number" not in entry:
            raise GroupError(f"{where}: needs a number")
        names = entry.get("names", {})
        if "name" in entry:
            names = {SOURCE_LANGUAGE: entry["name"], **names}
        hotlines.append(hotline(entry["number"], names, where))
    logo = _logo(path.parent / str(data["logo"]), path) if data.get("logo") else ""
    return Group(str(data.get("name", "")).strip(), str(data.get("website", "")).strip(), tuple(hotlines), logo)


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
LOGO_MOST_BYTES = 256 * 1024


def _logo(logo: Path, group_file: Path) -> str:
    """The group's logo as a data: URI, checked: an SVG or PNG file beside the group file, not too big."""
    if logo.suffix.lower() not in LOGO_TYPES:
        raise GroupError(f"{group_file}: logo {logo.name!r} must be an .svg or .png file")
    try:
        data = logo.read_bytes()
    except OSError as error:
        raise GroupError(f"{group_file}: cannot read the logo {logo} ({error.strerror})") from None
    if len(data) > LOGO_MOST_BYTES:
        raise GroupError(f"{group_file}: logo {logo.name} is {len(data) // 1024} KB; at most "
                         f"{LOGO_MOST_BYTES // 1024} KB")
    return f"data:{LOGO_TYPES[logo.suffix.lower()]};base64,{base64.b64encode(data).decode()}"


def load(config: Mapping) -> Group:
    """The group from POCKETRIGHTS_GROUP_FILE, with POCKETRIGHTS_HOTLINE_NUMBER/NAME taking precedence."""
    group = _from_file(Path(config["GROUP_FILE"])) if config.get("GROUP_FILE") else Group()
    if config.get("HOTLINE_NUMBER"):
        line = hotline(config["HOTLINE_NUMBER"], {SOURCE_LANGUAGE: config.get("HOTLINE_NAME", "")},
                       "POCKETRIGHTS_HOTLINE_NUMBER")
        group = Group(group.name, group.website, (line,), group.logo)
    return group
