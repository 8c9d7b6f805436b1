"""What ``obc`` does with an exception no command handled: one line, never a traceback.

The file system refusing (an `OSError`: a full disk, a read-only folder, a file
where a folder should be) is not a bug: one line says what it refused and where,
and ``obc`` exits 1. Anything else is a bug. Its traceback is written, with the
version, the platform and the command line, to ``crash-<time>-<pid>.log`` in the
user's cache folder (`cache_folder`), readable by the user only, and ``obc``
prints one line naming that file and exits with `ExitCode.INTERNAL`. Everything in
the log passes through `obcrules.api.redact` with the command's arguments and
``PGPASSWORD``, so a password given in ``--data`` (or anywhere else on the command
line) is not in it. When no cache folder can be written, the temporary folder is
tried, then the line says the log could not be written.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from obcrules import __version__, api
from obcrules.diagnostics import ExitCode

APP = "obcrules"


def cache_folder() -> Path:
    """The user's cache folder for obc, as platformdirs would place it (without the
    dependency): ``$XDG_CACHE_HOME/obcrules`` (default ``~/.cache/obcrules``) on Linux
    and other Unixes, ``~/Library/Caches/obcrules`` on macOS, and
    ``%LOCALAPPDATA%\\obcrules\\Cache`` on Windows."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / APP


def crashed(error: BaseException, arguments: Sequence[str]) -> NoReturn:
    """Say what the file system refused (exit 1), or write ``error``'s crash log, print
    where it is, and exit with code 3."""
    secrets = [os.environ.get("PGPASSWORD", "")]

    def clean(text: str) -> str:
        return api.redact(text, *arguments, secrets=secrets)

    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename is not None else ""
        _say(clean(f"obc: the system refused: {error.strerror or error}{where}; check "
                   "that the path is what it should be (a folder, or a file), that you "
                   "may write there and that the disk has space"))
        sys.exit(ExitCode.FAILED)

    now = dt.datetime.now(dt.UTC)
    lines = [f"obc {__version__} crashed at {now.isoformat(timespec='seconds')}",
             f"python {platform.python_version()} on {platform.platform()}",
             "command: obc " + " ".join(arguments), "",
             *traceback.format_exception(error)]
    text = clean("\n".join(line.rstrip("\n") for line in lines) + "\n")
    name = f"crash-{now.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}.log"
    written, problem = None, ""
    for folder in (cache_folder(), Path(tempfile.gettempdir()) / APP):
        try:
            written = _write_private(folder / name, text)
            break
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
    where = (f"the details are in {written}" if written is not None else
             f"no crash log could be written ({problem})")
    _say(clean(f"obc: internal error ({type(error).__name__}): {where}; please report "
               "it (docs/security.md says how), with that file if there is one"))
    sys.exit(ExitCode.INTERNAL)


def _say(line: str) -> None:
    """Print ``line`` on stderr (through the command's console, if it has one, so that
    ``--format json`` lists it among the document's errors)."""
    from obcrules.cli.console import current

    out = current()
    if out is not None:
        out.warn(line)
    else:
        click.echo(line, err=True)


def _write_private(path: Path, text: str) -> Path:
    """Write ``text`` to a new file only its owner can read (it may quote the data)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    return path
