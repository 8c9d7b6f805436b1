"""Finding, reading and first checks of the data files in a monitoring directory.

Each file is named after its table (``people.csv``, ``sessions.parquet``). The
engine reads the tables a ruleset needs (a missing one is an error), and any
other declared table it finds (so its records are validated and count as a
return). Files that name no declared table are listed as ignored.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine.backend import Backend, Relation, repeated_column
from obcrules.engine.errors import ConfigurationError, MonitoringError
from obcrules.engine.mapping import TableSource, rename_columns
from obcrules.engine.validation import TypedTable, typed_table
from obcrules.plugins.declarations import ReaderDecl, TableDecl
from obcrules.plugins.manager import CORE, Registry

HASH_CHUNK = 1 << 20


@dataclass
class DataFile:
    """One table's data file, read (or scanned in place) and typed."""

    table: str
    path: Path
    typed: TypedTable
    sha256: Future[str]
    ignored_columns: list[str] = field(default_factory=list)
    groups: dict[tuple[str | None, str | None], int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Records in the file (all providers, valid or not)."""
        return sum(self.groups.values())


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def readers_by_suffix(registry: Registry) -> dict[str, tuple[str, ReaderDecl]]:
    """For each file suffix, the first registered reader (and its plugin)."""
    found: dict[str, tuple[str, ReaderDecl]] = {}
    for plugin, reader in registry.declared("register_readers", ReaderDecl):
        for suffix in reader.suffixes:
            found.setdefault(suffix.lower(), (plugin, reader))
    return found


def discover(directory: Path, tables: set[str],
             readers: dict[str, tuple[str, ReaderDecl]]) -> tuple[dict[str, Path], list[str]]:
    """The data file of each declared table in ``directory``, and the files ignored."""
    if not directory.is_dir():
        raise ConfigurationError(f"{directory}: no such directory; give --data the folder "
                                 "that holds one file per table (people.csv, …)")
    found: dict[str, Path] = {}
    ignored: list[str] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith((".", "~$")):
            continue
        if path.is_symlink():
            _confined(path, directory)
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if path.stem not in tables or suffix not in readers:
            ignored.append(path.name)
            continue
        if path.stem in found:
            raise MonitoringError(f"{directory}: both {found[path.stem].name} and {path.name} "
                                  f"hold the table {path.stem}; keep one of them")
        found[path.stem] = path
    return found, ignored


def _confined(link: Path, directory: Path) -> None:
    """Refuse a symbolic link in the data folder that leads out of it, or nowhere: whoever
    can write the folder could otherwise have obc read, and quote in its findings, any file
    the person running it may read."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        raise MonitoringError(f"{link}: a symbolic link to {link.readlink()}, which does not "
                              "exist (or loops); put the file itself in the data folder, or "
                              "remove the link") from None
    if not target.is_relative_to(directory.resolve()):
        raise MonitoringError(f"{link}: a symbolic link to {target}, outside the data folder; "
                              "obc reads only files inside it: copy the file in instead")


def mapped_files(found: dict[str, Path], directory: Path, tables: dict[str, TableSource],
                 declared: set[str], readers: dict[str, tuple[str, ReaderDecl]]
                 ) -> dict[str, Path]:
    """``found`` with each table that obc.toml maps to a file (``table =
    "people_2026.csv"``, under ``directory``) read from that file instead."""
    chosen = dict(found)
    for name, source in sorted(tables.items()):
        if source.table is None or name not in declared:
            continue
        path = directory / source.table
        if not path.is_file():
            raise ConfigurationError(f"obc.toml maps `{name}` to {source.table}, which is not "
                                     f"a file in {directory}")
        if path.is_symlink():
            _confined(path, directory)
        if path.suffix.lower() not in readers:
            raise ConfigurationError(f"obc.toml maps `{name}` to {source.table}, which no "
                                     f"reader reads; use one of {', '.join(sorted(readers))}")
        chosen[name] = path
    return chosen


def load(path: Path, decl: TableDecl, backend: Backend,
         readers: dict[str, tuple[str, ReaderDecl]], hasher: ThreadPoolExecutor,
         source: TableSource | None = None) -> DataFile:
    """Read (or scan in place) one data file and type it by its declaration, its columns
    renamed as obc.toml maps them (``source``)."""
    digest = hasher.submit(sha256_of, path)
    plugin, reader = readers[path.suffix.lower()]
    relation: Relation | None = None
    if plugin == CORE:
        relation = backend.scan_file(path)
    if relation is None:
        try:
            table: Any = reader.read(path)
        except MonitoringError:
            raise
        except Exception as exc:  # a plugin's reader failed: say which, never a traceback
            raise MonitoringError(f"{path}: the {reader.name} reader of plugin {plugin} could "
                                  f"not read it ({type(exc).__name__}: {exc})") from None
        repeated = repeated_column(str(n) for n in table.column_names)
        if repeated is not None:
            raise MonitoringError(f"{path}: {repeated}")
        relation = backend.register_arrow(f"obc_raw_{decl.name}", table)
    if source is not None and (source.columns or source.row):
        relation = rename_columns(relation, source, decl.name, str(path))
    typed = typed_table(decl, relation)
    declared = {f.name for f in decl.fields}
    ignored = sorted(c for c in relation.columns if c not in declared)
    data = DataFile(table=decl.name, path=path, typed=typed, sha256=digest,
                    ignored_columns=ignored)
    needed = identity_columns(decl)
    for name in needed:
        if name not in relation.columns:
            hint = (f'; if it is called otherwise, map it in obc.toml ([tables.{decl.name}] '
                    f'columns = {{ {name} = "…" }})')
            raise MonitoringError(f"{path}: has no column `{name}`; every record of "
                                  f"{decl.name} needs {', '.join(needed)}{hint}")
    return data


def identity_columns(decl: TableDecl) -> list[str]:
    """The columns every record of a table needs: ``provider`` and ``period`` (when the
    table has them: a commissioner's table may not) and its key."""
    return ([n for n in ("provider", "period") if decl.field(n) is not None]
            + ([decl.key] if decl.key else []))


def require_columns(data: DataFile, used: set[str], why: str) -> None:
    """Fail with the file and column when the ruleset reads a column the file lacks."""
    missing = sorted(used - set(data.typed.relation.columns) - {"period_start", "period_end"})
    if missing:
        names = ", ".join(f"`{m}`" for m in missing)
        raise MonitoringError(f"{data.path}: has no column {names}, which {why} reads; add the "
                              "column (its cells may be empty where a value is not known)")


def group_counts(backend: Backend, data: DataFile) -> None:
    """Records per provider and period, as written in the file (one narrow scan)."""
    provider = data.typed.typed.get("provider", exp.null())
    period = data.typed.typed.get("period", exp.null())
    query = (exp.select(exp.alias_(provider.copy(), "provider"),
                        exp.alias_(period.copy(), "period"),
                        exp.alias_(exp.Count(this=exp.Star()), "n"))
             .from_(data.typed.relation.source.copy())
             .group_by(exp.Literal.number(1), exp.Literal.number(2)))
    data.groups = {(r["provider"], r["period"]): int(r["n"]) for r in backend.fetch(query)}

