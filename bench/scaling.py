"""How cost grows with languages (2, 12, 24): start-up, memory per worker, export time, and Hugo for scale."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import ROOT, TOOLS, gunicorn, summary

from pocketrights import create_app
from pocketrights.export import export

SIZES = (2, 12, 24)
RUNS = 3
HUGO_RUNS = 9  # a Hugo build takes a quarter of a second here, and varies two- or threefold from run to run
# Babel knows these codes; each scaled language is a copy of the Spanish content (costs are what count here).
CODES = ["es", "fr", "de", "it", "pt", "nl", "pl", "ro", "ru", "uk", "vi", "ko", "ja", "tr", "el", "cs", "sv", "da",
         "fi", "hu", "id", "hr", "sk", "bg"]
HUGO = TOOLS / "bench-venv" / "bin" / "hugo"
SAY = re.compile(r"^\{\{ say: ([a-z0-9-]+) \}\}$", re.M)


def scaled_content(languages: int, work: Path) -> Path:
    """content/ with English and `languages - 1` copies of the Spanish guides under other codes, and beside
    it translations/ with as many copies of the Spanish catalog (a language with a catalog has pages too)."""
    target = work / f"content-{languages}"
    if not target.exists():
        shutil.copytree(ROOT / "content" / "en", target / "en")
        for code in CODES[: languages - 1]:
            shutil.copytree(ROOT / "content" / "es", target / code)
            shutil.copytree(ROOT / "translations" / "es", work / f"translations-{languages}" / code)
    return target


def translations_for(content: Path) -> Path:
    return content.with_name(content.name.replace("content-", "translations-"))


def pss_kb(pid: int) -> int:
    """Proportional set size: memory a process holds, shared pages split between the processes sharing them."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(re.search(r"^Pss:\s+(\d+) kB", text, re.M).group(1))


def worker_memory(content: Path, languages: int) -> tuple[float, float]:
    """Mean PSS per gunicorn worker (MB) after start-up, and after every page of every language was served."""
    with gunicorn(workers=2, POCKETRIGHTS_CONTENT_DIR=str(content),
                  POCKETRIGHTS_TRANSLATIONS_DIR=str(translations_for(content))) as (base, process):
        workers = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
        before = sum(pss_kb(pid) for pid in workers) / len(workers) / 1024
        app = create_app({"CONTENT_DIR": content, "TRANSLATIONS_DIR": translations_for(content)})
        from pocketrights.sitemaps import pages
        for _ in range(2):  # each worker gets about half; twice over so both render most pages
            for path, _slug in pages(app.extensions["pocketrights"]):
                urllib.request.urlopen(base + path, timeout=10).read()
        after = sum(pss_kb(pid) for pid in workers) / len(workers) / 1024
    return before, after


def hugo_site(content: Path, work: Path) -> Path:
    """The same Markdown as a Hugo site: phrases written out, our containers as plain quotes."""
    site = work / f"hugo-{content.name}"
    if site.exists():
        return site
    phrases = dict(re.findall(r"^  ([a-z0-9-]+): >-\n((?:    .*\n)+)", (content / "en" / "phrases.yaml").read_text(),
                              re.M))
    languages = sorted(p.name for p in content.iterdir() if p.is_dir())
    config = ['baseURL = "http://example.org/"', 'defaultContentLanguage = "en"',
              "defaultContentLanguageInSubdir = true",
              'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]']
    for weight, code in enumerate(languages, start=1):
        config += [f"[languages.{code}]", f'contentDir = "content/{code}"', f"weight = {weight}"]
        for guide in sorted((content / code).glob("*.md")):
            text = guide.read_text()
            front, body = text.split("\n---\n", 1)
            title = re.search(r"^title: (.*)$", front, re.M).group(1)
            body = SAY.sub(lambda m: "> " + " ".join(phrases.get(m.group(1), "").split()), body)
            body = re.sub(r"^:::.*$", "", body, flags=re.M)
            (site / "content" / code).mkdir(parents=True, exist_ok=True)
            (site / "content" / code / guide.name).write_text(f"---\ntitle: {title}\n---\n{body}")
    (site / "hugo.toml").write_text("\n".join(config) + "\n")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = ('<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
            "</head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>")
    (layouts / "single.html").write_text(page)
    listing = '<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
    (layouts / "list.html").write_text(page.replace("{{ .Content }}", listing))
    return site


def hugo_ms_per_page(site: Path) -> tuple[float, float]:
    timings = []
    for _ in range(HUGO_RUNS):
        shutil.rmtree(site / "public", ignore_errors=True)
        os.sync()  # what earlier runs wrote goes to disk now, not while this one is timed
        started = time.perf_counter()
        subprocess.run([str(HUGO), "--quiet", "--source", str(site)], check=True, timeout=300)
        elapsed = time.perf_counter() - started
        timings.append(1000 * elapsed / len(list((site / "public").rglob("*.html"))))
    return summary(timings)


@contextmanager
def phases() -> Iterator[dict[str, float]]:
    """Seconds the export spends in each of its parallel stages (the site's pages, then the packs)."""
    import pocketrights.export as module
    spent, original = {}, module._each

    def timed(pool, work, tasks):
        started = time.perf_counter()
        try:
            return original(pool, work, tasks)
        finally:
            spent[work.__name__] = time.perf_counter() - started
    module._each = timed
    try:
        yield spent
    finally:
        module._each = original


def ours(content: Path, work: Path) -> dict:
    """Start-up and export time, each export by an app of its own as `make export` runs it: cold (every page
    compressed anew, as a first export) and warm (an export after another: unchanged pages' compressed bytes
    read from .cache/compressed); and, warm, the part spent on the offline packs."""
    startups, per_page, packs = [], {"cold": [], "warm": []}, []
    config = {"CONTENT_DIR": content, "TRANSLATIONS_DIR": translations_for(content),
              "SITE_URL": "https://rights.example.org/", "PRINTS": False}  # PDFs: on their own
    for _ in range(RUNS):
        for kind in ("cold", "warm"):
            target = work / f"export-{content.name}-{kind}"
            if kind == "warm":
                export(create_app({**config, "COMPRESSION_CACHE": True}), target)  # the export before this one
            os.sync()  # what earlier runs wrote goes to disk now, not while this one is timed
            started = time.perf_counter()
            app = create_app({**config, "COMPRESSION_CACHE": kind == "warm"})
            startups.append(1000 * (time.perf_counter() - started))
            with phases() as spent:
                started = time.perf_counter()
                export(app, target)
                elapsed = time.perf_counter() - started
            pages = len(list(target.rglob("*.html")))
            per_page[kind].append(1000 * elapsed / pages)
            if kind == "warm":
                packs.append(1000 * spent["_write_pack"] / pages)
    sitemap = sum(p.stat().st_size for p in [target / "sitemap.xml", *(target / "sitemaps").glob("*.xml")])
    return {"startup": summary(startups), "cold": summary(per_page["cold"]), "warm": summary(per_page["warm"]),
            "packs": summary(packs), "pages": pages, "sitemap": sitemap}


def report(work: Path) -> list[str]:
    lines = [f"English plus copies of the Spanish guides; min / median of {RUNS} runs (Hugo: {HUGO_RUNS}), each "
             "export by an app of its own; ratios are of medians. An export renders every page (a language at a "
             "time, in a process per processor), writes it with its gzip and brotli twins, then makes every "
             "offline pack (a ZIP per language and one of all, and the ZIM) from those files and the pages a pack "
             "needs of its own (a one-language pack's page made from the site's, its language menu made "
             "again), and replaces the previous export (deleting it). Cold: every page compressed anew and the ZIM "
             "made (a first export); warm: an export after another of the same content (unchanged pages' "
             "compressed bytes read from .cache/compressed, the unchanged ZIM copied from .cache/zim). Both "
             "render every page; files with the same bytes as the previous export's are hard links to them. "
             "Hugo writes each page once, uncompressed, and no packs, into a folder emptied before its timed "
             "run; its time includes its start, ours does not (start-up is its own column, and the last ratio "
             "adds it). "
             "Before each timed run, os.sync(): neither pays for the files the run before it left to write.", "",
             "| languages | pages | start-up ms | export ms/page cold | warm | of which packs | Hugo ms/page | "
             "cold / Hugo | warm / Hugo | warm without packs / Hugo | warm with start-up / Hugo | sitemaps KB | "
             "worker MB after start | worker MB after all pages |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in SIZES:
        content = scaled_content(size, work)
        result = ours(content, work)
        hugo = hugo_ms_per_page(hugo_site(content, work))
        before, after = worker_memory(content, size)
        cold, warm, packs, pages = result["cold"], result["warm"], result["packs"], result["pages"]
        with_startup = warm[1] + result["startup"][1] / pages
        lines.append(f"| {size} | {pages} | {result['startup'][0]:.0f} / {result['startup'][1]:.0f} | "
                     f"{cold[0]:.2f} / {cold[1]:.2f} | {warm[0]:.2f} / {warm[1]:.2f} | "
                     f"{packs[0]:.2f} / {packs[1]:.2f} | "
                     f"{hugo[0]:.2f} / {hugo[1]:.2f} | {cold[1] / hugo[1]:.1f}x | {warm[1] / hugo[1]:.1f}x | "
                     f"{(warm[1] - packs[1]) / hugo[1]:.1f}x | {with_startup / hugo[1]:.1f}x | "
                     f"{result['sitemap'] / 1024:.0f} | {before:.1f} | {after:.1f} |")
    lines += ["", "Target: export within 3x Hugo per page. Workers load the content before forking (preload), "
              "so the start-up memory is shared; pages rendered later are each worker's own."]
    return lines
