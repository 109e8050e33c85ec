import fnmatch
import gzip
import re
import shutil
import subprocess
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import FIXTURE_CONTENT, ROOT, make_app
from helpers import broken_links, html_files, internal, links, serve, single_file, web_pages

from pocketrights import create_app
from pocketrights.export import ExportError, export

BUDGET = 14 * 1024


@pytest.fixture(scope="module", params=["fixture", "real"])
def exported(request, tmp_path_factory) -> Path:
    """The export of the fixture content and of the real guide set: both must pass every check."""
    target = tmp_path_factory.mktemp("export") / "site"
    # The fixture content with every PDF; the real guides without (tests/test_print.py reads their PDFs).
    export(make_app(FIXTURE_CONTENT, PRINTS=True) if request.param == "fixture" else create_app({"PRINTS": False}),
           target)
    return target


def test_every_page_of_every_language_is_written(exported):
    slugs = ("quick", "door", "card") if (exported / "en" / "door").exists() else ("stopped-now", "red-card")
    for lang in ("en", "es", "ar"):
        for page in ("", "phrases/", *(f"{slug}/" for slug in slugs)):
            assert (exported / lang / page / "index.html").is_file()
    for name in ("index.html", "404.html", "_headers"):
        assert (exported / name).is_file()
    assert not (exported / "sitemap.xml").exists()  # no SITE_URL: no absolute addresses to list


def test_each_page_is_in_its_own_language_even_inside_one_app_context(tmp_path):
    app = make_app(FIXTURE_CONTENT)
    with app.app_context():  # as under `flask --app app export`
        export(app, tmp_path / "site")
    assert "Haga esto ahora" in (tmp_path / "site" / "es" / "door" / "index.html").read_text()
    assert "اعرف حقوقك" in (tmp_path / "site" / "ar" / "index.html").read_text()


def test_every_internal_link_and_anchor_resolves(exported):
    assert broken_links(exported) == []


class Loads(HTMLParser):
    """Everything a page makes the browser fetch or run by itself (links the reader follows excluded)."""

    def __init__(self):
        super().__init__()
        self.fetches: list[str] = []
        self.inline_scripts = 0
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("src", "srcset", "poster", "data", "action", "formaction", "background"):
            if attributes.get(name):
                self.fetches.append(attributes[name])
        if tag == "link" and attributes.get("rel") not in ("canonical", "alternate"):
            self.fetches.append(attributes.get("href") or "")
        if tag == "script" and not attributes.get("src"):
            self.inline_scripts += 1
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        if "url(" in (attributes.get("style") or ""):
            self.problems.append(f"style attribute loads {attributes['style']}")
        if any(name.startswith("on") for name in attributes):
            self.problems.append(f"inline event handler on <{tag}>")


def test_nothing_is_loaded_from_another_origin(exported):
    for page in html_files(exported):
        loads = Loads()
        loads.feed(page.read_text())
        if single_file(page):
            assert loads.fetches == [] and loads.inline_scripts == 0, f"{page} loads {loads.fetches}"
            continue
        assert loads.fetches, f"{page}: loads nothing at all (no icon, no script?)"
        for url in loads.fetches:
            assert url and internal(url), f"{page} loads {url!r}"
        assert loads.inline_scripts == 0 and loads.problems == [], f"{page}: {loads.problems}"
    for css in (exported / "static").glob("*.css"):
        assert all(internal(url.strip("'\" ")) for url in re.findall(r"url\(([^)]*)\)", css.read_text())), css


def test_the_origin_check_catches_what_it_should():
    for html in ('<img src="https://tracker.example/p.png">', '<link rel="stylesheet" href="//cdn.example/x.css">',
                 "<script>alert(1)</script>", '<meta http-equiv="refresh" content="0;url=https://x.example">',
                 '<div style="background:url(https://x.example/a.png)">', '<a href="x" onclick="go()">x</a>'):
        loads = Loads()
        loads.feed(html)
        assert loads.inline_scripts or loads.problems or not all(internal(u) for u in loads.fetches), html


def test_each_page_with_its_css_fits_in_14_kb_compressed(exported):
    for page in web_pages(exported):
        html = page.read_bytes()
        css = [(exported if url.startswith("/") else page.parent) / url.lstrip("/")
               for tag, rel, url in links(html.decode()) if rel == "stylesheet"]
        size = len(gzip.compress(html, 9)) + sum(len(gzip.compress(c.read_bytes(), 9)) for c in css)
        assert size <= BUDGET, f"{page}: {size} bytes"


def test_two_exports_are_byte_identical(exported, tmp_path):
    if not (exported / "en" / "door").exists():  # every real page is inside the ZIP of every language:
        pytest.skip("tests/test_offline.py rebuilds the real export and compares its ZIPs byte for byte")
    second = tmp_path / "again"
    export(make_app(FIXTURE_CONTENT, PRINTS=True), second)
    first_files = {p.relative_to(exported): p.read_bytes() for p in exported.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    assert first_files == second_files


def test_a_second_export_compresses_nothing_anew_and_writes_the_same_bytes(tmp_path, monkeypatch):
    """Brotli and gzip bytes are kept by a hash of the page: an unchanged page is compressed once, ever."""
    import pocketrights.serving
    import pocketrights.store
    monkeypatch.setattr(pocketrights.serving, "cache_folder", lambda name: tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    export(make_app(FIXTURE_CONTENT), tmp_path / "first")
    assert len(list((tmp_path / "cache").glob("*.br"))) > 20 and len(list((tmp_path / "cache").glob("*-gz9"))) > 20

    def refuse(*args, **kwargs):
        raise AssertionError("compressed again")

    again = make_app(FIXTURE_CONTENT)  # (its static files are compressed as it starts, where not yet)
    monkeypatch.setattr(pocketrights.store.brotli, "compress", refuse)
    quick = pocketrights.store.gzip.compress  # (an error page, never kept, gets a quick gzip each time)

    def gzip_refused(data, compresslevel, mtime):
        return refuse() if compresslevel == 9 else quick(data, compresslevel, mtime=mtime)
    monkeypatch.setattr(pocketrights.store.gzip, "compress", gzip_refused)
    export(again, tmp_path / "second")
    files = {folder: {p.relative_to(tmp_path / folder): p.read_bytes() for p in (tmp_path / folder).rglob("*")
                      if p.is_file()} for folder in ("first", "second")}
    assert files["first"] == files["second"]


def test_every_text_file_has_gzip_and_brotli_twins_with_the_same_bytes(exported):
    import brotli
    suffixes = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")
    for path in (p for p in exported.rglob("*") if p.suffix in suffixes and p.stat().st_size >= 512):
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path


def hreflang_sets(root: Path, site_url: str) -> dict[str, set[str]]:
    """Page URL -> the set of URLs its hreflang links name (itself included)."""
    found = {}
    for page in html_files(root):
        head = page.read_text().split("</head>")[0]
        alternates = set(re.findall(r'<link rel="alternate" hreflang="(?!x-default)[^"]+" href="([^"]+)">', head))
        if alternates:
            url = site_url + page.relative_to(root).parent.as_posix() + "/"
            found[url] = alternates
    return found


def test_hreflang_sets_are_reciprocal_with_absolute_urls(tmp_path):
    site_url = "https://rights.example.org/kyr/"
    export(make_app(FIXTURE_CONTENT, SITE_URL=site_url), tmp_path / "site")
    sets = hreflang_sets(tmp_path / "site", site_url)
    assert sets[site_url + "es/door/"] == {site_url + "en/door/", site_url + "es/door/"}
    for url, alternates in sets.items():
        assert url in alternates, f"{url} does not list itself"
        for other in alternates:
            assert sets[other] == alternates, f"{url} and {other} disagree"
    assert site_url + "es/quick/" not in sets  # shown in English: not in any hreflang set
    index = (tmp_path / "site" / "sitemap.xml").read_text()
    assert f"<loc>{site_url}sitemaps/es.xml</loc>" in index and "<sitemapindex" in index
    sitemap = (tmp_path / "site" / "sitemaps" / "es.xml").read_text()
    assert f'hreflang="en" href="{site_url}en/door/"' in sitemap and f"<loc>{site_url}es/door/</loc>" in sitemap
    assert f"<loc>{site_url}es/quick/</loc>" not in sitemap and "/en/" not in sitemap.split("<url>")[1]
    assert f"Sitemap: {site_url}sitemap.xml" in (tmp_path / "site" / "robots.txt").read_text()
    error_page = (tmp_path / "site" / "404.html").read_text()
    assert 'href="/kyr/static/icon.' in error_page and 'href="/kyr/en/"' in error_page  # root-based links


def test_site_url_without_trailing_slash_still_gives_clean_urls(tmp_path):
    export(make_app(FIXTURE_CONTENT, SITE_URL="https://rights.example.org"), tmp_path / "site")
    sitemap = (tmp_path / "site" / "sitemaps" / "es.xml").read_text()
    assert "<loc>https://rights.example.org/es/door/</loc>" in sitemap


def headers_for(headers_file: str, path: str) -> dict[str, str]:
    """What a Netlify / Cloudflare Pages host sends for `path` under a _headers file."""
    found, applies = {}, False
    for line in headers_file.splitlines():
        if not line.startswith(" "):
            applies = fnmatch.fnmatchcase(path, line.strip())
        elif applies:
            name, value = line.strip().split(": ", 1)
            found[name] = value
    return found


def test_headers_file_matches_the_server(exported, tmp_path):
    """A static host using _headers sends what the server sends, header for header."""
    headers_file = (exported / "_headers").read_text()
    real = not (exported / "en" / "door").exists()
    app = create_app({"PRINTS": False}) if real else make_app(FIXTURE_CONTENT, PRINTS=True)
    client = app.test_client()
    static = next((exported / "static").glob("style.*.css")).name
    for path in ("/", "/en/", "/es/", f"/static/{static}"):
        served = client.get(path).headers
        promised = headers_for(headers_file, path)
        assert "Content-Security-Policy" in promised and "Cache-Control" in promised, path
        for name, value in promised.items():
            assert served[name] == value or sorted(served[name].split(", ")) == sorted(value.split(", ")), \
                f"{path} {name}: server {served[name]!r}, _headers {value!r}"
        assert "Access-Control-Allow-Origin" not in served, path


@pytest.mark.parametrize("prefix", ["", "deep/sub/path/"])
def test_export_works_from_a_domain_root_and_from_a_sub_path(exported, tmp_path, prefix):
    root = tmp_path / "www"
    (root / prefix).mkdir(parents=True)
    (root / prefix).rmdir()
    (root / prefix).symlink_to(exported) if prefix else None
    directory = root if prefix else exported
    with serve(directory) as base:
        start = urljoin(base, prefix + "es/")
        body = urllib.request.urlopen(start).read().decode()
        for _tag, _rel, url in links(body):
            if internal(url):
                with urllib.request.urlopen(urljoin(start, url)) as response:
                    assert response.status == 200, url


def test_export_refuses_to_overwrite_an_unrelated_folder(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(ExportError):
        export(make_app(FIXTURE_CONTENT), tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_export_replaces_its_own_previous_output(tmp_path):
    target = tmp_path / "site"
    export(make_app(FIXTURE_CONTENT), target)
    (target / "stale.html").write_text("old")
    export(make_app(FIXTURE_CONTENT), target)
    assert not (target / "stale.html").exists()


def test_an_export_with_content_errors_fails_and_keeps_the_last_good_one(tmp_path, content_copy):
    target = tmp_path / "site"
    count = export(make_app(content_copy), target)
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    door = content_copy / "en" / "door.md"
    door.write_text(door.read_text().replace("summary: Keep the door closed.\n", ""))
    with pytest.raises(ExportError, match=r"1 content error\(s\).*door.md.*--allow-problems"):
        export(make_app(content_copy), target)
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # nothing half-written left behind
    assert export(make_app(content_copy), target, allow_problems=True) < count
    assert not (target / "en" / "door").exists() and (target / "en" / "quick" / "index.html").is_file()


def test_a_page_that_fails_to_render_leaves_the_previous_export_untouched(tmp_path, monkeypatch):
    target = tmp_path / "site"
    export(make_app(FIXTURE_CONTENT), target)
    (target / "marker.txt").write_text("from the last good export")
    import pocketrights.export as module
    monkeypatch.setattr(module, "pages", lambda site, printing: [("en/", None), ("en/no-such-page/", None)])
    with pytest.raises(ExportError, match="no-such-page"):
        export(make_app(FIXTURE_CONTENT), target)
    assert (target / "marker.txt").read_text() == "from the last good export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_export_through_a_symlink_writes_where_it_points(tmp_path):
    real = tmp_path / "real"
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    export(make_app(FIXTURE_CONTENT), link)
    assert link.is_symlink() and (real / "en" / "index.html").is_file()
    assert oct((real).stat().st_mode & 0o777) == oct(0o755)


VNU = ROOT / ".tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[str]:
    """The Nu Html Checker's errors for these files (`make test` installs it: java and npm's vnu-jar)."""
    assert VNU.is_file() and shutil.which("java"), "the Nu Html Checker is missing: run `make test` (it installs it)"
    # The checker's CSS parser predates container queries and :has(); the HTML is what is checked here.
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", "--filterpattern",
                             ".*CSS: .*", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_every_exported_page_is_valid_html(exported):
    assert vnu_errors(html_files(exported)) == []


def test_the_html_checker_finds_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p id="a">x</p><p id="a">y</p>')
    assert any("Duplicate ID" in line for line in vnu_errors([page]))
