"""View-model pieces every report shares: the cover facts, the contents, the audit trail.

Templates see only these plain, frozen values (strings, numbers, tuples of
dataclasses) and never a domain object or a raw JSON dict, so a template cannot
reach anything the report did not mean to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class Fact:
    """One line of a report's cover: "Ruleset version: 2026.1"."""

    label: str
    value: str


@dataclass(frozen=True)
class TocEntry:
    """A line of the table of contents; ``anchor`` is the heading's ``id``."""

    anchor: str
    title: str
    level: int = 1


@dataclass(frozen=True)
class AuditInput:
    """An input a result was computed from, with its SHA-256."""

    path: str
    sha256: str
    detail: str = ""


@dataclass(frozen=True)
class SectionView:
    """A section a plugin adds: its template and the plain data it asked for."""

    anchor: str
    title: str
    plugin: str
    template: str
    data: Mapping[str, Any]
    problem: str = ""


@dataclass(frozen=True)
class ReportView:
    """Everything a report template sees, under the name ``report``.

    ``body`` is the view model of the report's kind (framework, evaluation,
    feedback or monitoring).
    """

    kind: str
    title: str
    subtitle: str
    facts: tuple[Fact, ...]
    toc: tuple[TocEntry, ...]
    body: Any
    sections: tuple[SectionView, ...] = ()
    audit: tuple[AuditInput, ...] = ()
    footer: str = ""
    charts: Mapping[str, Markup] = field(default_factory=dict)


def audit_inputs(result: Mapping[str, Any]) -> tuple[AuditInput, ...]:
    """The ``inputs`` of a JSON result, ruleset first, as audit rows."""
    rows: list[AuditInput] = []
    ruleset = result.get("ruleset")
    if isinstance(ruleset, Mapping) and ruleset.get("sha256"):
        label = f"ruleset {ruleset.get('name', '')} {ruleset.get('version') or ''}".strip()
        where = ruleset.get("path") or ruleset.get("file") or label
        rows.append(AuditInput(str(where), str(ruleset["sha256"]), label))
    for item in _list(result.get("inputs")):
        if isinstance(item, Mapping):
            detail = f"{item['rows']} rows" if item.get("rows") is not None else ""
            rows.append(AuditInput(str(item.get("path", "")), str(item.get("sha256", "")), detail))
    return tuple(rows)


def plugin_versions(result: Mapping[str, Any]) -> tuple[Fact, ...]:
    """The ``plugins`` of a JSON result as facts, sorted by name."""
    plugins = result.get("plugins")
    if not isinstance(plugins, Mapping):
        return ()
    return tuple(Fact(str(k), str(v)) for k, v in sorted(plugins.items()))


def toc_with_sections(
    core: Sequence[TocEntry], sections: Sequence[SectionView], before: str | None = None
) -> tuple[TocEntry, ...]:
    """The contents: core entries with plugin sections inserted before ``before``."""
    extra = [TocEntry(s.anchor, s.title) for s in sections]
    entries = list(core)
    index = next((i for i, e in enumerate(entries) if e.anchor == before), len(entries))
    return tuple(entries[:index] + extra + entries[index:])


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []
