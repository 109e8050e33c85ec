"""`python -m pocketrights.make_packs FOLDER`: the offline packs for the server, made beside it (gunicorn's
master starts this; the app is configured from the environment exactly as the server's is)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from pathlib import Path

from . import create_app
from .export import export
from .packs import SERVER_PID

PR_SET_PDEATHSIG = 1  # Linux prctl: a signal for this process when its parent ends


def end_with_the_server() -> None:
    """When the server that started this process ends, even killed outright, end this process and every
    process it forked (it leads a process group of its own): nothing is left writing into a folder the
    server has removed, or holding its memory."""
    if os.getpgid(0) != os.getpid():
        return  # run by hand, inside someone else's group: leave the group alone
    signal.signal(signal.SIGTERM, lambda _signal, _frame: os.killpg(0, signal.SIGKILL))
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the server still stops the group on its way out
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != int(os.environ.get(SERVER_PID, os.getppid())):  # it ended before the signal was asked for
        os.killpg(0, signal.SIGKILL)  # (not "the parent is now 1": in a container the server itself is 1)


def main(folder: str) -> None:
    """Export into FOLDER, which appears whole or not at all (the export swaps it into place)."""
    end_with_the_server()
    export(create_app(), Path(folder), allow_problems=True, prints=False)


if __name__ == "__main__":
    main(sys.argv[1])
