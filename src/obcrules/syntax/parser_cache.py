"""The analysed LALR parser and its parse plan kept between runs, so start-up rebuilds neither.

Two files are kept: lark's analysed parser (a pickle, for the tree path: syntax
errors, targets, the editor) and the parse plan (`obcrules.syntax.plan`, marshal
data, for the fast path, loaded without importing lark).

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

Each file's name is a hash of everything the tables depend on (the grammar, the
options, the postlexer's ``always_accept``, lark's and Python's versions, the
plan's format), so a changed grammar or an upgraded lark never loads stale tables. It is written
atomically (a temporary file in the same folder, then renamed), only loaded when
it belongs to this user and no one else can write to it, and any failure (a
read-only or missing folder, a damaged file) falls back silently to building.
Grammar strictness (no conflict, no terminal collision) is checked by the test
suite, which builds the parser from scratch with ``strict=True``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from obcrules.syntax.plan import PLAN_FORMAT, ParsePlan, dump_plan, load_plan

if TYPE_CHECKING:
    from lark import Lark

CACHE_FOLDER = "obcrules"
"""The folder under the user's cache folder that holds the parser tables."""

T = TypeVar("T")


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
    """A hash of everything lark's analysed parser depends on."""
    import lark

    return _hash(grammar, options, always_accept, lark.__version__)


def plan_key(grammar: str, options: Mapping[str, Any], always_accept: tuple[str, ...]) -> str:
    """A hash of everything the parse plan depends on, found without importing lark.

    lark stands in the key by the bytes of its ``__init__.py``, which names its
    version: an upgraded (or a different) lark gives another key.
    """
    return _hash(grammar, options, always_accept, _lark_identity(), f"plan {PLAN_FORMAT}")


def _lark_identity() -> str:
    spec = importlib.util.find_spec("lark")
    if spec is None or spec.origin is None:
        return "no lark"
    try:
        return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable {spec.origin}"


def _hash(grammar: str, options: Mapping[str, Any], always_accept: tuple[str, ...],
          *more: str) -> str:
    parts = [
        grammar,
        repr(sorted((name, repr(value)) for name, value in options.items())),
        repr(always_accept),
        *more,
        repr(sys.version_info[:2]),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def cached_parser(key: str, build: Callable[[], Lark]) -> Lark:
    """The parser saved under ``key``, or ``build()`` (then saved for the next run)."""
    from lark import Lark

    return _cached(f"parser-{key[:40]}.pickle", Lark.load, lambda parser, f: parser.save(f),
                   build)


def cached_plan(key: str, build: Callable[[], ParsePlan]) -> ParsePlan:
    """The parse plan saved under ``key``, or ``build()`` (then saved for the next run)."""
    return _cached(f"plan-{key[:40]}.marshal", lambda f: load_plan(f.read()),
                   lambda plan, f: f.write(dump_plan(plan)), build)


def _cached(name: str, load: Callable[[IO[bytes]], T], save: Callable[[T, IO[bytes]], Any],
            build: Callable[[], T]) -> T:
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / name
    loaded = _load(path, load)
    if loaded is not None:
        return loaded
    made = build()
    _save(made, path, save)
    return made


def _load(path: Path, load: Callable[[IO[bytes]], T]) -> T | None:
    try:
        with path.open("rb") as f:
            info = os.fstat(f.fileno())
            if not _trusted(info):
                return None
            return load(f)
    except Exception:  # missing, unreadable or damaged: build instead
        return None


def _trusted(info: os.stat_result) -> bool:
    """Only a regular file of this user's that no one else may write is loaded."""
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _save(made: T, path: Path, save: Callable[[T, IO[bytes]], Any]) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".parser-", suffix=".tmp", dir=path.parent)
    except OSError:  # a read-only or unusable cache folder: nothing is kept
        return
    try:
        with os.fdopen(fd, "wb") as f:
            save(made, f)
        Path(temporary).replace(path)
    except Exception:  # a full disk or an unpicklable option: keep nothing
        Path(temporary).unlink(missing_ok=True)
