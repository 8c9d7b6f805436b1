"""A project's settings: ``obc.toml``, or ``[tool.obc]`` in ``pyproject.toml``.

`find_settings` looks in the folder a command starts from, then in each folder
above it up to the repository's root (the folder holding ``.git``): the first
``obc.toml``, or ``pyproject.toml`` with a ``[tool.obc]`` table, wins. The one
file holds every setting (docs/cli.md)::

    select = ["OBC2"]            # report only these codes (prefixes); default all
    ignore = ["OBC204"]          # never report these warnings (prefixes)
    warnings-as-errors = true    # a warning fails `obc check` as an error does
    engine = "duckdb"            # obc monitor's engine when --engine is not given

    [tables.people]              # where a table's data is, and its columns' names
    table = "returns.people_2026"
    columns = { person_id = "client_ref" }

A tender workspace's ``obc.toml`` (`obcrules.tender.config`) keeps its own keys
in the same file; each reader reads only its own. `read_settings` reads the
TOML once and checks the keys above; `SettingsError` names the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "obc.toml"
ENGINES = ("duckdb", "postgres", "spark")


class SettingsError(ValueError):
    """The settings file cannot be read, or a key has the wrong shape."""


@dataclass(frozen=True)
class Settings:
    """What a project's settings file says (the defaults when there is none)."""

    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    warnings_as_errors: bool = False
    engine: str | None = None
    tables: dict[str, Any] = field(default_factory=dict)
    """The raw ``[tables.*]`` sections, checked by `obcrules.engine.warehouse`."""


def find_settings(start: Path | None = None) -> Path | None:
    """The settings file that applies in ``start`` (the working folder by default)."""
    folder = (start or Path.cwd()).resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_obc(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def read_settings(path: Path | None) -> Settings:
    """The settings in ``path`` (an ``obc.toml`` or a ``pyproject.toml``); none: defaults."""
    if path is None:
        return Settings()
    data = _load(path)
    where = str(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("obc", {}) if isinstance(tool, dict) else {}
        where = f"{path} [tool.obc]"
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: must be a table of settings")
    select = _codes(data, "select", where)
    ignore = _codes(data, "ignore", where)
    strict = data.get("warnings-as-errors", False)
    if not isinstance(strict, bool):
        raise SettingsError(f"{where}: warnings-as-errors must be true or false")
    engine = data.get("engine")
    if engine is not None and engine not in ENGINES:
        raise SettingsError(f"{where}: engine must be one of {', '.join(ENGINES)}, "
                            f"not {engine!r}")
    tables = data.get("tables", {})
    if not isinstance(tables, dict):
        raise SettingsError(f"{where}: `tables` must be a section per table "
                            '([tables.people] columns = { person_id = "client_ref" })')
    return Settings(path, select, ignore, strict, engine, tables)


def _codes(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SettingsError(f'{where}: {key} must be a list of codes ({key} = ["OBC204"])')
    return tuple(v.strip().upper() for v in value)


def _has_tool_obc(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a ``[tool.obc]`` table (read only when it may)."""
    try:
        if "tool.obc" not in pyproject.read_text(encoding="utf-8", errors="replace"):
            return False
    except OSError:
        return False
    tool = _load(pyproject).get("tool")
    return isinstance(tool, dict) and "obc" in tool


def _load(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file to read: start-up does not pay for it

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: is not valid TOML ({exc})") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror})") from None
