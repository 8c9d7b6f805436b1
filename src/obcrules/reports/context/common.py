"""View-model pieces every report shares: the cover facts, the contents, the audit trail.

Templates see only these plain, frozen values (strings, numbers, tuples of
dataclasses) and never a domain object or a document, so a template cannot
reach anything the report did not mean to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from obcrules.results.evaluation import EvaluationDocument
from obcrules.results.monitoring import MonitoringDocument


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


NO_DIGEST = "none: a database table"
"""Shown for a warehouse table, which has no file bytes to hash (its rows are counted)."""


def audit_inputs(document: MonitoringDocument | EvaluationDocument) -> tuple[AuditInput, ...]:
    """The ruleset, then the ``inputs``, a document was computed from, as audit rows."""
    if document["schema"] == "obcrules.monitoring/1":
        where = document["ruleset"]["file"]
        inputs = [AuditInput(i["path"], i["sha256"] or NO_DIGEST, f"{i['rows']} rows")
                  for i in document["inputs"]]
    else:
        where = document["ruleset"]["path"]
        inputs = [AuditInput(i["path"], i["sha256"]) for i in document["inputs"]]
    ruleset = document["ruleset"]
    if not ruleset["sha256"]:
        return tuple(inputs)
    label = f"ruleset {ruleset['name'] or ''} {ruleset['version'] or ''}".strip()
    return (AuditInput(where or label, ruleset["sha256"], label), *inputs)


def plugin_versions(plugins: Mapping[str, str]) -> tuple[Fact, ...]:
    """A document's ``plugins`` as facts, sorted by name."""
    return tuple(Fact(name, version) for name, version in sorted(plugins.items()))


def toc_with_sections(
    core: Sequence[TocEntry], sections: Sequence[SectionView], before: str | None = None
) -> tuple[TocEntry, ...]:
    """The contents: core entries with plugin sections inserted before ``before``."""
    extra = [TocEntry(s.anchor, s.title) for s in sections]
    entries = list(core)
    index = next((i for i, e in enumerate(entries) if e.anchor == before), len(entries))
    return tuple(entries[:index] + extra + entries[index:])

