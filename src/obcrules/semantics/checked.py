"""A checked ruleset: the one thing every layer above the checker works from.

`check_text`, `check_file` and `load_ruleset` parse and check a ruleset against
the installed plugins (`default_registry`) and return a `CheckedRuleset`: the
source, its SHA-256, the model (or None when it does not parse), the vocabulary
it was checked against and every diagnostic. The engine, the tender workflow and
the reports take a `CheckedRuleset`; `CheckedRuleset.require` gives the model or
raises `RulesetError` when the ruleset has errors.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from obcrules.collector import collector_paused
from obcrules.diagnostics import Diagnostic
from obcrules.model import Ruleset
from obcrules.plugins.catalog import Vocabulary, vocabulary_for
from obcrules.plugins.manager import Registry, make_plugin_manager
from obcrules.semantics import check_ruleset
from obcrules.syntax.parser import parse_source

__all__ = [
    "CheckedRuleset",
    "RulesetError",
    "check_file",
    "check_source",
    "check_text",
    "default_registry",
    "load_ruleset",
]


class RulesetError(Exception):
    """A ruleset that has errors and so cannot be evaluated; ``diagnostics`` say why."""

    def __init__(self, checked: CheckedRuleset) -> None:
        errors = [d for d in checked.diagnostics if d.is_error]
        first = errors[0] if errors else None
        where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else ""
        super().__init__(f"{checked.file} has {len(errors)} error(s); {where}")
        self.checked = checked


@dataclass
class CheckedRuleset:
    """A parsed and checked ruleset with the vocabulary it was checked against."""

    file: str
    text: str
    sha256: str
    ruleset: Ruleset | None
    registry: Registry
    vocabulary: Vocabulary | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there is a model and no error (warnings allowed)."""
        return self.ruleset is not None and not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors among the diagnostics."""
        return [d for d in self.diagnostics if d.is_error]

    def require(self) -> Ruleset:
        """The model, or `RulesetError` if the ruleset has errors."""
        if not self.ok or self.ruleset is None:
            raise RulesetError(self)
        return self.ruleset


_default_registry: Registry | None = None


def default_registry() -> Registry:
    """The plugins installed in this environment, loaded once per process."""
    global _default_registry
    if _default_registry is None:
        _default_registry = make_plugin_manager()
    return _default_registry


def check_text(
    data: str | bytes, file: str = "<string>", registry: Registry | None = None
) -> CheckedRuleset:
    """Parse and check ruleset source; never raises for bad input.

    The garbage collector is paused meanwhile (`collector_paused`): loading the
    plugins, parsing and checking make no reference cycles, and a large ruleset
    made it walk a growing heap again and again.
    """
    with collector_paused():
        return _check_text(data, file, registry or default_registry())


def _check_text(data: str | bytes, file: str, registry: Registry) -> CheckedRuleset:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parsed = parse_source(data, file)
    diagnostics = list(parsed.diagnostics)
    vocabulary = None
    if parsed.ruleset is not None:
        header = parsed.ruleset.header
        services = [s.name for s in header.services] if header else []
        vocabulary = vocabulary_for(registry, services)
        diagnostics.extend(check_ruleset(parsed.ruleset, registry, vocabulary, file))
    diagnostics.sort(key=Diagnostic.sort_key)
    return CheckedRuleset(
        file=file,
        text=parsed.text,
        sha256=hashlib.sha256(raw).hexdigest(),
        ruleset=parsed.ruleset,
        registry=registry,
        vocabulary=vocabulary,
        diagnostics=_unique(diagnostics),
    )


def check_source(
    text: str | bytes, file: str = "<string>", registry: Registry | None = None
) -> list[Diagnostic]:
    """The diagnostics of ruleset source (syntax, semantics and plugin checks)."""
    return check_text(text, file, registry).diagnostics


def check_file(path: str | Path, registry: Registry | None = None) -> CheckedRuleset:
    """Read, parse and check one ruleset file. The file is only read."""
    path = Path(path)
    return check_text(path.read_bytes(), str(path), registry)


def load_ruleset(path: str | Path, registry: Registry | None = None) -> CheckedRuleset:
    """A checked ruleset ready to evaluate, or `RulesetError` if it has errors."""
    checked = check_file(path, registry)
    checked.require()
    return checked


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[Diagnostic] = set()
    out = []
    for d in diagnostics:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out
