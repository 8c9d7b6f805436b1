"""The functions the commands (and the demo) call: a result in, report files out.

Each reads what the other commands wrote (a checked ruleset, ``evaluation.json``,
``monitoring.json``), builds the view model, renders the HTML and the PDF, and
writes them atomically into ``out_dir``. ``templates`` is a folder of templates
that override the core's by name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from obcrules.model import Ruleset
from obcrules.plugins.manager import Registry
from obcrules.reports.context.common import toc_with_sections
from obcrules.reports.context.evaluation import build_evaluation
from obcrules.reports.context.feedback import build_feedback
from obcrules.reports.context.framework import build_framework, framework_result
from obcrules.reports.context.json_views import mapping, records
from obcrules.reports.context.monitoring import build_monitoring
from obcrules.reports.documents import ReportFiles, write_report
from obcrules.reports.formatting import slug
from obcrules.reports.pdf import AssetFetcher, PdfRenderer
from obcrules.reports.sections import build_sections, section_declarations
from obcrules.semantics.checked import CheckedRuleset


def render_framework(
    checked: CheckedRuleset,
    out_dir: Path,
    templates: Path | None = None,
    pdf: bool = True,
    fetcher: AssetFetcher | None = None,
) -> ReportFiles:
    """Write ``framework.html`` (and ``framework.pdf``) for a checked ruleset.

    ``checked`` must have parsed (errors are the caller's to refuse).
    """
    ruleset = checked.ruleset
    if ruleset is None:
        raise ValueError(f"{checked.file} could not be parsed; check it with `obc check`")
    services = [s.name for s in ruleset.header.services] if ruleset.header else []
    result = framework_result(ruleset, checked.sha256)
    sections, folders = build_sections(
        section_declarations(checked.registry, "framework", services), result
    )
    view = build_framework(
        ruleset,
        checked.vocabulary,
        source_text=checked.text,
        file=Path(checked.file).name,
        sha256=checked.sha256,
        sections=sections,
        plugins=_plugin_versions(checked.registry, services),
    )
    return write_report(view, out_dir, "framework", templates=templates,
                        plugin_folders=folders, pdf=pdf, fetcher=fetcher)


def render_evaluation(
    result_json_path: Path,
    out_dir: Path,
    templates: Path | None = None,
    pdf: bool = True,
    registry: Registry | None = None,
    fetcher: AssetFetcher | None = None,
) -> list[ReportFiles]:
    """Write ``evaluation.html``/``.pdf`` and one assessment summary per bidder.

    The summaries go to ``out_dir/feedback/<bidder>.html`` (and ``.pdf``), the
    bidder's name made safe for a file name. Returns the evaluation report's
    files first, then each bidder's in the result's order.
    """
    result = read_result(result_json_path, "obcrules.evaluation/")
    services = _services(result)
    sections, folders = build_sections(
        section_declarations(registry, "evaluation", services), result
    )
    renderer = PdfRenderer(fetcher) if pdf else None
    currency = str(result.get("currency") or "£")
    written = [write_report(build_evaluation(result, sections, currency=currency), out_dir,
                            "evaluation",
                            templates=templates, plugin_folders=folders, pdf=pdf,
                            renderer=renderer)]
    feedback_decls = section_declarations(registry, "feedback", services)
    taken: set[str] = set()
    for bid in records(result.get("bids")):
        bidder = str(bid.get("bidder", ""))
        own = _bidder_only(result, bidder)
        bid_sections, bid_folders = build_sections(feedback_decls, own)
        view = build_feedback(result, bidder, currency)
        view = replace(view, sections=bid_sections,
                       toc=toc_with_sections(view.toc, bid_sections))
        written.append(write_report(view, out_dir / "feedback", slug(bidder, taken),
                                    templates=templates, plugin_folders=bid_folders, pdf=pdf,
                                    renderer=renderer))
    return written


def render_monitoring(
    result_json_path: Path,
    out_dir: Path,
    templates: Path | None = None,
    pdf: bool = True,
    registry: Registry | None = None,
    ruleset: Ruleset | None = None,
    fetcher: AssetFetcher | None = None,
) -> ReportFiles:
    """Write ``monitoring.html`` (and ``monitoring.pdf``) from ``monitoring.json``.

    With ``ruleset``, outcome titles come from it where the result has none.
    """
    result = read_result(result_json_path, "obcrules.monitoring/")
    sections, folders = build_sections(
        section_declarations(registry, "monitoring", _services(result)), result
    )
    titles = {i.name: i.title for i in ruleset.items} if ruleset is not None else {}
    if ruleset is not None and ruleset.header is not None:  # the title people know it by
        result = {**result, "ruleset": {**mapping(result.get("ruleset")),
                                        "title": ruleset.header.title}}
    currency = ((ruleset.header.currency if ruleset and ruleset.header else None)
                or str(result.get("currency") or "") or "£")
    view = build_monitoring(result, sections, titles, currency)
    return write_report(view, out_dir, "monitoring", templates=templates,
                        plugin_folders=folders, pdf=pdf, fetcher=fetcher)


def _bidder_only(result: Mapping[str, Any], bidder: str) -> dict[str, Any]:
    """The result as one bidder may see it: its own bid and the winner's, nothing else."""
    winner = result.get("winner")
    keep = [b for b in records(result.get("bids")) if b.get("bidder") in (bidder, winner)]
    others = {str(b.get("file")) for b in records(result.get("bids"))
              if b.get("bidder") not in (bidder, winner) and b.get("file")}
    # Another losing bidder's file name can name it: leave those inputs out, and the ties.
    inputs = [i for i in records(result.get("inputs")) if str(i.get("path")) not in others]
    hidden = {str(b.get("bidder")) for b in records(result.get("bids"))} - {bidder, str(winner)}
    criteria = _without_bidders(result.get("criteria", []), hidden)
    return {**result, "bids": keep, "inputs": inputs, "ties": [], "criteria": criteria,
            "moderation": [m for m in records(result.get("moderation"))
                           if m.get("bidder") == bidder],
            "sensitivity": {}, "for_bidder": bidder}


def _without_bidders(value: Any, hidden: set[str]) -> Any:
    """``value`` with every entry keyed by, or about, a hidden bidder left out."""
    if isinstance(value, Mapping):
        if str(value.get("bidder")) in hidden:
            return None
        return {k: _without_bidders(v, hidden) for k, v in value.items() if k not in hidden}
    if isinstance(value, list):
        kept = [_without_bidders(v, hidden) for v in value]
        return [v for v in kept if v is not None]
    return value


def _services(result: Mapping[str, Any]) -> list[str]:
    plugins = result.get("plugins")
    return sorted(plugins) if isinstance(plugins, Mapping) else []


def read_result(path: Path, schema: str) -> dict[str, Any]:
    """A JSON result written by another command, checked to be of ``schema``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith(schema):
        raise ValueError(f"{path} is not an {schema} result")
    return data


def _plugin_versions(registry: Registry | None, services: list[str]) -> Mapping[str, str]:
    if registry is None:
        return {}
    return {name: registry.version_of(name) for name in sorted(set(services))}
