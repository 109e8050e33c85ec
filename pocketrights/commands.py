"""The command line: `flask --app app check | export DIR | status | headers nginx|caddy`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from . import checks
from .export import ExportError, export
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
        try:
            count = export(current_app._get_current_object(), directory, allow_problems)
        except ExportError as error:
            raise click.ClickException(str(error)) from None
        if not current_app.config["SITE_URL"]:
            click.echo("warning: POCKETRIGHTS_SITE_URL is not set. Canonical and hreflang links are relative, "
                       "there is no sitemap, and robots.txt names none: search engines will find and rank "
                       "the guides less well. Set it to the address you publish at.", err=True)
        click.echo(f"wrote {count} files to {directory}")

    @app.cli.command("status")
    def status_command() -> None:
        """Show how far each language's translation has come."""
        for line in checks.status(current_app.extensions["pocketrights"]):
            click.echo(line)

    @app.cli.command("headers")
    @click.argument("kind", type=click.Choice(["nginx", "caddy"]))
    def headers_command(kind: str) -> None:
        """Print the site's response headers as nginx or Caddy configuration."""
        site = current_app.extensions["pocketrights"]
        click.echo(server_config(kind, current_app.config["HSTS"], current_app.config["ONION_URL"], site.style_hash),
                   nl=False)
