"""`python -m pocketrights.make_packs FOLDER`: the offline packs for the server, made beside it (gunicorn's
master starts this; the app is configured from the environment exactly as the server's is)."""

from __future__ import annotations

import sys
from pathlib import Path

from . import create_app
from .export import export


def main(folder: str) -> None:
    """Export into FOLDER, which appears whole or not at all (the export swaps it into place)."""
    export(create_app(), Path(folder), allow_problems=True, prints=False)


if __name__ == "__main__":
    main(sys.argv[1])
