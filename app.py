"""Entry point: `flask --app app ...` and gunicorn `app:app`."""

from pocketrights import create_app

app = create_app()
