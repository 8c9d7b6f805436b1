"""The monitoring report's pathway funnel for talking therapies.

For each provider, in its latest period, the share outcomes from the widest
population to the narrowest (seen → finished treatment → at caseness → …), each
with how many people were in scope and how many met it: the funnel a service
manager reads recovery from. Built only from the report's JSON result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from obcrules.plugins.declarations import ReportSectionDecl

TEMPLATES = Path(__file__).parent / "templates"


def pathway_funnel(result: dict[str, Any]) -> dict[str, Any] | None:
    """Per provider, the latest period's share outcomes as funnel stages (None if none)."""
    rows = [r for r in result.get("results", [])
            if r.get("measure") == "share" and r.get("denominator")]
    if not rows:
        return None
    providers = []
    for provider in sorted({str(r["provider"]) for r in rows}):
        own = [r for r in rows if r["provider"] == provider]
        latest = max(str(r["period"]) for r in own)
        stages = sorted((r for r in own if r["period"] == latest),
                        key=lambda r: (-int(r["denominator"]), str(r["name"])))
        widest = int(stages[0]["denominator"])
        providers.append({
            "provider": provider,
            "period": latest,
            "stages": [{
                "title": str(r.get("title") or r["name"]),
                "in_scope": int(r["denominator"]),
                "met": int(r["numerator"]),
                "share": round(100 * int(r["numerator"]) / int(r["denominator"]), 1),
                "scope_width": round(100 * int(r["denominator"]) / widest, 1),
                "met_width": round(100 * int(r["numerator"]) / widest, 1),
            } for r in stages],
        })
    return {"providers": providers}


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
