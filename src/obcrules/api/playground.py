"""The ruleset playground as functions: a ruleset's text in; its diagnostics, outline,
logic model and framework report out, without writing a file; saving through ``obc fmt``.

`ruleset_insight` and `preview_framework` never write where the user can see (the
framework preview is rendered in a temporary folder, removed at once);
`save_ruleset` lays the text out as ``obc fmt`` does and refuses text it cannot
lay out (a syntax error), so a saved file is always formatted.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from obcrules.api.checking import Formatted
from obcrules.api.errors import ReportError, UsageError, WriteError
from obcrules.diagnostics import Diagnostic
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset, check_text


@dataclass(frozen=True)
class OutlineEntry:
    """One thing a ruleset declares, for the outline: its kind, name, title and line."""

    kind: str
    name: str
    title: str
    line: int
    depth: int = 0


@dataclass(frozen=True)
class RulesetInsight:
    """What the checker makes of a ruleset's text."""

    checked: CheckedRuleset
    outline: list[OutlineEntry] = field(default_factory=list)
    logic_model: str | None = None
    """The logic model as SVG markup (None when the ruleset does not parse)."""

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The checker's findings, in order."""
        return list(self.checked.diagnostics)


def ruleset_insight(text: str, name: str = "playground.obc", *, logic_model: bool = True,
                    registry: Registry | None = None) -> RulesetInsight:
    """Check ``text`` as the file ``name`` would be: diagnostics, outline and (with
    ``logic_model``) the logic model as SVG. Writes nothing."""
    checked = check_text(text, name, registry)
    ruleset = checked.ruleset
    if ruleset is None:
        return RulesetInsight(checked)
    outline = []
    if ruleset.header is not None:
        header = ruleset.header
        outline.append(OutlineEntry("ruleset", header.name, header.title, _line(header)))
        outline += [OutlineEntry("theme", t.name, t.title, _line(t), 1) for t in header.themes]
    outline += [OutlineEntry("population", p.name, p.title, _line(p))
                for p in ruleset.populations]
    outline += [OutlineEntry(i.kind, i.name, i.title, _line(i)) for i in ruleset.items]
    for tender in ruleset.tenders:
        outline.append(OutlineEntry("tender", tender.name, tender.title, _line(tender)))
        outline += [OutlineEntry("criterion", c.name, c.title, _line(c), 1)
                    for c in tender.criteria]
    svg = None
    if logic_model:
        from obcrules.reports.logic_model import logic_model_svg

        svg = str(logic_model_svg(ruleset))
    return RulesetInsight(checked, outline, svg)


def _line(node: object) -> int:
    span = getattr(node, "span", None)
    return int(span.line) if span is not None else 0


def preview_framework(text: str, name: str = "playground.obc",
                      registry: Registry | None = None) -> str:
    """The framework report's HTML for ``text`` (``obc report framework``), written to a
    temporary folder and read back. Raises `UsageError` when the text has errors (the
    report is of a checked ruleset) and `ReportError` when a template fails."""
    from obcrules.reports import render_framework

    checked = check_text(text, name, registry)
    if not checked.ok or checked.ruleset is None:
        raise UsageError(f"the ruleset has {len(checked.errors)} error(s): the framework "
                         "report shows a ruleset without errors")
    with tempfile.TemporaryDirectory(prefix="obc-preview-") as folder:
        try:
            files = render_framework(checked, Path(folder), pdf=False)
        except ValueError as exc:
            raise ReportError(str(exc)) from exc
        return files.html.read_text(encoding="utf-8")


def save_ruleset(path: str | Path, text: str) -> Formatted:
    """Write ``text`` to ``path`` laid out as ``obc fmt`` lays it out (atomically).

    A text that cannot be laid out (a syntax error) is not written: the result has
    ``failed`` and the diagnostics. Raises `WriteError` if the file cannot be written.
    """
    from obcrules.io.atomic import write_text_atomic
    from obcrules.syntax.formatter import format_source

    target = Path(path)
    result = format_source(text, target.name)
    if result.text is None:
        return Formatted(target, text, failed=True, diagnostics=result.diagnostics)
    before = target.read_text(encoding="utf-8") if target.is_file() else None
    try:
        write_text_atomic(target, result.text)
    except OSError as exc:
        raise WriteError(target, exc) from exc
    return Formatted(target, text, changed=before != result.text, written=True)
