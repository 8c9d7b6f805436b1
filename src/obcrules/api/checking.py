"""``obc check``, ``obc fmt`` and ``obc test`` as functions, and the ruleset loading
the other api functions share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.api.errors import UsageError, WriteError
from obcrules.diagnostics import Diagnostic, Policy
from obcrules.io.settings import Settings as Settings
from obcrules.io.settings import SettingsError, find_settings, read_settings
from obcrules.io.walk import expand
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset, RulesetError, check_file, load_ruleset

if TYPE_CHECKING:
    from obcrules.engine.engines import Engine
    from obcrules.engine.ruleset_tests import CaseResult
    from obcrules.results.diagnostics import DiagnosticsDocument

RulesetSource = str | Path | CheckedRuleset
"""A ruleset file, or one already checked (`check_file`)."""


def require_files(paths: Iterable[str | Path], missing: str = "no such file") -> list[Path]:
    """``paths`` as `Path` objects; `UsageError` naming every one that is not a file."""
    found = [Path(p) for p in paths]
    absent = [p for p in found if not p.is_file()]
    if absent:
        raise UsageError(*(f"{missing}: {p}" for p in absent))
    return found


def ruleset_files(paths: Iterable[str | Path]) -> list[Path]:
    """``paths`` with each folder replaced by the ``*.obc`` files below it (hidden and
    git-ignored ones left out); `UsageError` naming every path that does not exist and
    every folder without a ruleset."""
    given = [Path(p) for p in paths]
    empty = [p for p in given if p.is_dir() and not expand([p])]
    if empty:
        raise UsageError(*(f"no .obc files in {p}" for p in empty))
    return require_files(expand(given))


def project_settings(start: str | Path | None = None,
                     path: str | Path | None = None) -> Settings:
    """The settings that apply in ``start`` (``obc.toml`` or ``[tool.obc]`` in
    pyproject.toml, found upwards; docs/cli.md), or those of the file ``path``;
    `UsageError` when the file is malformed."""
    try:
        found = Path(path) if path is not None else find_settings(
            Path(start) if start is not None else None)
        return read_settings(found)
    except SettingsError as exc:
        raise UsageError(str(exc), argument="config") from None


def loaded_ruleset(ruleset: RulesetSource, registry: Registry | None = None) -> CheckedRuleset:
    """A checked ruleset without errors: `UsageError` if the file is missing,
    `RulesetError` (with the diagnostics) if it has errors."""
    if isinstance(ruleset, CheckedRuleset):
        ruleset.require()
        return ruleset
    (path,) = require_files([ruleset])
    return load_ruleset(path, registry)


def engine_named(name: str) -> Engine:
    """The engine called ``name``; `UsageError` for one there is not."""
    from obcrules.engine.engines import ENGINES

    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}",
                         argument="engine")
    return name


def unportable(checked: CheckedRuleset, engine: Engine) -> list[Diagnostic]:
    """The calls of a ruleset without errors that ``engine`` cannot run (OBC130)."""
    from obcrules.engine.portability import unportable_calls

    if not checked.ok or checked.ruleset is None or checked.vocabulary is None:
        return []
    return unportable_calls(checked.ruleset, checked.vocabulary, checked.file, engine)


# --- obc check ---------------------------------------------------------------------


@dataclass(frozen=True)
class FileCheck:
    """One checked file and, when an engine was named, the calls it cannot run."""

    checked: CheckedRuleset
    unportable: list[Diagnostic] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)
    """What is reported: selected and ignored codes, ``# obc: ignore[…]`` lines."""

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The checker's diagnostics, then the engine's, as the policy reports them."""
        return self.policy.apply([*self.checked.diagnostics, *self.unportable],
                                 self.checked.text)

    @property
    def ok(self) -> bool:
        """True when the file has no error (as reported)."""
        return not any(d.is_error for d in self.diagnostics)


@dataclass(frozen=True)
class CheckReport:
    """What `check` found, file by file in the order given."""

    files: list[FileCheck]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic, file by file."""
        return [d for f in self.files for d in f.diagnostics]

    @property
    def sources(self) -> dict[str, str]:
        """The text of each file by its name, to quote the lines a diagnostic points at."""
        return {f.checked.file: f.checked.text for f in self.files}

    @property
    def errors(self) -> int:
        """How many diagnostics are errors."""
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings."""
        return len(self.diagnostics) - self.errors

    @property
    def ok(self) -> bool:
        """True when no file has an error."""
        return not self.errors

    @property
    def failed_files(self) -> int:
        """How many files have an error."""
        return sum(not f.ok for f in self.files)

    def document(self) -> DiagnosticsDocument:
        """The findings as the ``obcrules.diagnostics/1`` document (``--format json``)."""
        from obcrules.results.diagnostics import diagnostics_document

        return diagnostics_document([f.checked.file for f in self.files], self.diagnostics)


def check(paths: Iterable[str | Path], *, engine: str | None = None,
          registry: Registry | None = None, policy: Policy | None = None) -> CheckReport:
    """Parse and check ruleset files (``obc check``); a folder stands for the ``*.obc``
    files below it (`ruleset_files`).

    With ``engine`` (``duckdb``, ``postgres`` or ``spark``) a ruleset without errors
    is also checked for plugin functions that engine cannot run. ``policy`` selects,
    ignores or hardens warnings (`obcrules.diagnostics.Policy`). Raises `UsageError`
    naming every path that is not a file (and for an unknown engine); a ruleset's
    own errors are diagnostics in the returned `CheckReport`.
    """
    files = ruleset_files(paths)
    chosen = engine_named(engine) if engine is not None else None
    checks = []
    for path in files:
        checked = check_file(path, registry)
        checks.append(FileCheck(checked, unportable(checked, chosen) if chosen else [],
                                policy or Policy()))
    return CheckReport(checks)


# --- obc fmt -----------------------------------------------------------------------


@dataclass(frozen=True)
class Formatted:
    """What `format_file` did with one file."""

    path: Path
    source: str | None
    """The file's text as read (None when it is not UTF-8 text)."""
    failed: bool = False
    """The file could not be formatted (a syntax error): it is left as it is."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Why it could not be formatted."""
    changed: bool = False
    """The canonical layout differs from the file."""
    written: bool = False
    """The file was rewritten in the canonical layout."""
    formatted: str | None = None
    """The canonical layout (None when the text could not be formatted)."""


def format_file(path: str | Path, *, check_only: bool = False) -> Formatted:
    """Lay one ruleset file out canonically, in place unless ``check_only``.

    Raises `UsageError` if it is not a file and `WriteError` if it cannot be
    rewritten; a file that cannot be formatted (a syntax error) is left as it is
    and its diagnostics returned.
    """
    from obcrules.io.atomic import rewrite_text_atomic
    from obcrules.syntax.formatter import format_source
    from obcrules.syntax.parser import decode

    (path,) = require_files([path])
    raw = path.read_bytes()
    source, problems = decode(raw, str(path))
    if source is None:
        return Formatted(path, None, failed=True, diagnostics=problems)
    result = format_source(source, str(path))
    if result.text is None:
        return Formatted(path, source, failed=True, diagnostics=result.diagnostics)
    if result.text.encode("utf-8") == raw:
        return Formatted(path, source, formatted=result.text)
    if check_only:
        return Formatted(path, source, changed=True, formatted=result.text)
    try:
        rewrite_text_atomic(path, result.text)
    except OSError as exc:
        raise WriteError(path, exc) from exc
    return Formatted(path, source, changed=True, written=True, formatted=result.text)


def format_text(source: str, name: str = "<stdin>") -> Formatted:
    """Lay ruleset text out canonically (``obc fmt -``): nothing is read or written;
    ``formatted`` holds the result, ``name`` is the file diagnostics name."""
    from obcrules.syntax.formatter import format_source

    result = format_source(source, name)
    if result.text is None:
        return Formatted(Path(name), source, failed=True, diagnostics=result.diagnostics)
    return Formatted(Path(name), source, changed=result.text != source,
                     formatted=result.text)


def format_files(paths: Iterable[str | Path], *, check_only: bool = False) -> list[Formatted]:
    """`format_file` on each path (``obc fmt``; a folder stands for its ``*.obc`` files),
    after `UsageError` naming every path that is not a file."""
    return [format_file(p, check_only=check_only) for p in ruleset_files(paths)]


# --- obc test ----------------------------------------------------------------------


@dataclass(frozen=True)
class RulesetTests:
    """The run of one ruleset's tests (``NAME.tests.yaml`` beside ``NAME.obc``)."""

    ruleset: Path
    tests_file: Path
    cases: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0
    error: RulesetError | None = None
    """The ruleset has errors, so its tests did not run."""

    @property
    def passed(self) -> int:
        """How many tests passed."""
        return sum(c.passed for c in self.cases)

    @property
    def failed(self) -> int:
        """How many tests failed (a ruleset with errors counts as one failure)."""
        return len(self.cases) - self.passed + (self.error is not None)


def test_rulesets(paths: Iterable[str | Path],
                  registry: Registry | None = None) -> Iterator[RulesetTests]:
    """Run each ruleset's tests (``obc test``), yielding one `RulesetTests` per ruleset.

    A folder stands for the ``*.obc`` files below it that have a tests file. Raises,
    when it reaches it, `UsageError` for a ruleset or tests file that does
    not exist and `obcrules.engine.MonitoringError` for a test the engine cannot
    run. A ruleset with errors is yielded with ``error`` set, and the run goes on.
    """
    from obcrules.engine.ruleset_tests import run_file, tests_file

    given = [Path(p) for p in paths]
    chosen = [r for p in given for r in (
        [r for r in expand([p]) if tests_file(r).is_file()] if p.is_dir() else [p])]
    empty = [p for p in given if p.is_dir() and not any(
        tests_file(r).is_file() for r in expand([p]))]
    if empty:
        raise UsageError(*(f"no ruleset with tests (NAME.obc beside NAME.tests.yaml) in {p}"
                           for p in empty))
    for ruleset in chosen:
        if not ruleset.is_file():
            raise UsageError(f"no such file: {ruleset}")
        path = tests_file(ruleset)
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        try:
            checked = load_ruleset(ruleset, registry)
        except RulesetError as exc:
            yield RulesetTests(ruleset, path, error=exc)
            continue
        cases, seconds = run_file(checked, path)
        yield RulesetTests(ruleset, path, cases, seconds)


test_rulesets.__test__ = False  # type: ignore[attr-defined]  # pytest: not a test
