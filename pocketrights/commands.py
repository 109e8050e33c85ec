"""The command line: `flask --app app check | export DIR | status | headers nginx|caddy | print`."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import click
from flask import Flask, current_app

from . import checks, group, print_files
from .export import ExportError, export
from .pdf import PrintError
from .security import server_config


def register(app: Flask) -> None:
    @app.cli.command("check")
    def check_command() -> None:
        """Validate all content and translations; exit 1 on any error."""
        site = current_app.extensions["pocketrights"]
        lines, errors = checks.report(checks.all_problems(site, current_app.config))
        for line in lines:
            click.echo(line)
        raise SystemExit(1 if errors else 0)

    @app.cli.command("export")
    @click.argument("directory", type=click.Path(path_type=Path))
    @click.option("--allow-problems", is_flag=True, help="Publish even with content errors (those pages left out).")
    def export_command(directory: Path, allow_problems: bool) -> None:
        """Write the static site into DIRECTORY (replacing a previous export there only on success)."""
        cache = current_app.extensions["pocketrights.store"].cache
        if cache is None or next(cache.iterdir(), None) is None:
            click.echo(f"{'No' if cache is None else 'A first'} compression cache: every page is compressed at "
                       "brotli's best setting, about 15 ms a page (some 15 s for two dozen languages). Later "
                       "exports reuse those bytes (kept in .cache/compressed) and take a few seconds.")
        started = time.monotonic()
        try:
            count = export(current_app._get_current_object(), directory, allow_problems)
        except ExportError as error:
            raise click.ClickException(str(error)) from None
        if not current_app.config["SITE_URL"]:
            click.echo("warning: POCKETRIGHTS_SITE_URL is not set. Canonical and hreflang links are relative, "
                       "there is no sitemap, and robots.txt names none: search engines will find and rank "
                       "the guides less well. Set it to the address you publish at.", err=True)
        click.echo(f"wrote {count} files to {directory} in {time.monotonic() - started:.1f} s")

    @app.cli.command("status")
    def status_command() -> None:
        """Show how far each language's translation has come."""
        config = current_app.config
        for line in checks.status(current_app.extensions["pocketrights"], config["CONTENT_DIR"],
                                  config["TRANSLATIONS_DIR"]):
            click.echo(line)

    @app.cli.command("headers")
    @click.argument("kind", type=click.Choice(["nginx", "caddy"]))
    def headers_command(kind: str) -> None:
        """Print the site's response headers as nginx or Caddy configuration."""
        site = current_app.extensions["pocketrights"]
        click.echo(server_config(kind, current_app.config["HSTS"], current_app.config["ONION_URL"], site.style_hash),
                   nl=False)

    @app.cli.command("print")
    @click.option("--group", "group_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Your group's details in TOML: name, website, logo and hotlines (see pocketrights/group.py).")
    @click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build/print"),
                  show_default=True, help="Where to write OUT/<lang>/<name>.pdf.")
    @click.option("--lang", "languages", multiple=True, help="Only this language (repeat for more). Default: all.")
    @click.option("--jobs", type=int, default=0, help="Processes to use. Default: one per CPU.")
    def print_command(group_file: Path | None, out: Path, languages: tuple[str, ...], jobs: int) -> None:
        """Make every PDF (wallet cards, sheets of cards, booklets, zine) for every language."""
        from . import create_app  # the app again, with this group's details

        started = time.monotonic()
        try:
            app = create_app({"GROUP_FILE": str(group_file)}) if group_file else current_app._get_current_object()
        except group.GroupError as error:
            raise click.ClickException(str(error)) from None
        site = app.extensions["pocketrights"]
        unknown = [code for code in languages if code not in site.languages]
        if unknown:
            raise click.ClickException(f"no such language: {', '.join(unknown)} (have: {', '.join(site.languages)})")
        if not app.extensions["pocketrights.group"].hotlines:
            click.secho("\n  WARNING: no hotline is set. Every card and booklet will have a blank line where the\n"
                        "  hotline goes, to be written by hand. To print your own number, pass --group with a\n"
                        "  group file that has a [[hotline]] (see README, 'Print your own cards').\n",
                        fg="red", bold=True, err=True)
        try:
            files = print_files.build(app, list(languages or site.languages), jobs or None)
        except PrintError as error:
            raise click.ClickException(str(error)) from None
        total = 0
        for (lang, name), path in files.items():
            target = out / lang / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            total += path.stat().st_size
        click.echo(f"wrote {len(files)} PDFs ({total / 1048576:.1f} MB) for {len({lang for lang, _ in files})} "
                   f"language(s) to {out} in {time.monotonic() - started:.0f} s")
