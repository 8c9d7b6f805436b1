"""The analysed LALR parser kept between runs, so that start-up does not rebuild it.

Building the parser from ``obc.lark`` (reading the grammar, computing the LALR
tables, checking the terminals for collisions) takes most of a second; loading
the tables lark has already analysed takes about 10 ms. The first run writes them
to the user's cache folder (``$XDG_CACHE_HOME/obcrules``, else
``~/.cache/obcrules``); later runs load them.

Why not lark's own ``cache=True``: it writes to the shared temporary folder under
a predictable name (another local user could plant a pickle there), writes in
place (a parallel run can read half a file), and its key leaves out the
postlexer, whose ``always_accept`` changes the tables. Why not lark's standalone
generator: the generated module carries its own copies of lark's ``Tree``,
``Token`` and exceptions, which the transformer and the error messages rely on.

The file's name is a hash of everything the tables depend on (the grammar, the
options, the postlexer's ``always_accept``, lark's and Python's versions), so a
changed grammar or an upgraded lark never loads stale tables. It is written
atomically (a temporary file in the same folder, then renamed), only loaded when
it belongs to this user and no one else can write to it, and any failure (a
read-only or missing folder, a damaged file) falls back silently to building.
Grammar strictness (no conflict, no terminal collision) is checked by the test
suite, which builds the parser from scratch with ``strict=True``.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import lark
from lark import Lark

CACHE_FOLDER = "obcrules"
"""The folder under the user's cache folder that holds the parser tables."""


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/obcrules``, else ``~/.cache/obcrules``; None without a home."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and Path(base).is_absolute():
        return Path(base) / CACHE_FOLDER
    try:
        return Path.home() / ".cache" / CACHE_FOLDER
    except RuntimeError:  # no home folder can be determined
        return None


def cache_key(grammar: str, options: Mapping[str, Any], always_accept: tuple[str, ...]) -> str:
    """A hash of everything the analysed tables depend on."""
    parts = [
        grammar,
        repr(sorted((name, repr(value)) for name, value in options.items())),
        repr(always_accept),
        lark.__version__,
        repr(sys.version_info[:2]),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def cached_parser(key: str, build: Callable[[], Lark]) -> Lark:
    """The parser saved under ``key``, or ``build()`` (then saved for the next run)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"parser-{key[:40]}.pickle"
    loaded = _load(path)
    if loaded is not None:
        return loaded
    parser = build()
    _save(parser, path)
    return parser


def _load(path: Path) -> Lark | None:
    try:
        with path.open("rb") as f:
            info = os.fstat(f.fileno())
            if not _trusted(info):
                return None
            return Lark.load(f)
    except Exception:  # missing, unreadable or damaged: build instead
        return None


def _trusted(info: os.stat_result) -> bool:
    """Only a regular file of this user's that no one else may write is unpickled."""
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _save(parser: Lark, path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".parser-", suffix=".tmp", dir=path.parent)
    except OSError:  # a read-only or unusable cache folder: nothing is kept
        return
    try:
        with os.fdopen(fd, "wb") as f:
            parser.save(f)
        Path(temporary).replace(path)
    except Exception:  # a full disk or an unpicklable option: keep nothing
        Path(temporary).unlink(missing_ok=True)
