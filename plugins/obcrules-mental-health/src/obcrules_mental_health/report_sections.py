"""The monitoring report's pathway funnel for talking therapies.

For each provider, in its latest period, the share outcomes from the widest
population to the narrowest (seen → finished treatment → at caseness → …), each
with how many people were in scope and how many met it: the funnel a service
manager reads recovery from. Built only from the monitoring document the report
reads (``monitoring.json``, typed as `obcrules.results.MonitoringDocument`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from obcrules.plugins.declarations import ReportSectionDecl
from obcrules.results import ReportDocument

TEMPLATES = Path(__file__).parent / "templates"


def pathway_funnel(document: ReportDocument) -> dict[str, Any] | None:
    """Per provider, the latest period's share outcomes as funnel stages (None if none)."""
    if document["schema"] != "obcrules.monitoring/1":
        return None
    rows = [_Stage(r["provider"], r["period"], r["name"], r["title"] or r["name"],
                   r["numerator"], r["denominator"])
            for r in document["results"]
            if r["measure"] == "share" and r["numerator"] is not None and r["denominator"]]
    if not rows:
        return None
    providers = []
    for provider in sorted({r.provider for r in rows}):
        own = [r for r in rows if r.provider == provider]
        latest = max(r.period for r in own)
        stages = sorted((r for r in own if r.period == latest),
                        key=lambda r: (-r.in_scope, r.name))
        widest = stages[0].in_scope
        providers.append({
            "provider": provider,
            "period": latest,
            "stages": [{
                "title": r.title,
                "in_scope": r.in_scope,
                "met": r.met,
                "share": round(100 * r.met / r.in_scope, 1),
                "scope_width": round(100 * r.in_scope / widest, 1),
                "met_width": round(100 * r.met / widest, 1),
            } for r in stages],
        })
    return {"providers": providers}


class _Stage(NamedTuple):
    """A share outcome of one provider in one period: who was in scope and who met it."""

    provider: str
    period: str
    name: str
    title: str
    met: int
    in_scope: int


SECTIONS = (
    ReportSectionDecl(
        name="pathway_funnel",
        title="Talking therapies pathway",
        report="monitoring",
        template="mh_pathway_funnel.html.j2",
        template_dir=TEMPLATES,
        context=pathway_funnel,
    ),
)
