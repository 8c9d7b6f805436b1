"""Adult social care lint checks (codes ASC###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.model import Call, FieldRef, Node
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import measured_items, walk

WEMWBS_FIELDS = ("wemwbs_start", "wemwbs_end")

_HEADER = """\
ruleset reablement "Reablement and wellbeing":
    service adult_social_care
    period quarter

population supported "People supported at home":
    from people where setting = "own_home"

"""

WELLBEING_BAD = (
    _HEADER
    + """\
outcome wellbeing "People feel better":
    measure share of supported where meaningful_change(wemwbs_start, wemwbs_end)
    target at least 60%
    evidence objective
    verify provider_return every quarter
"""
)

WELLBEING_BETTER = (
    _HEADER
    + """\
outcome wellbeing "People feel better":
    measure share of supported where meaningful_change(wemwbs_start, wemwbs_end)
    target at least 60%
    evidence self_reported
    verify survey every year
"""
)


def _first_wemwbs_use(node: object) -> Node | None:
    """The first call of meaningful_change or use of a WEMWBS field, in source order."""
    return next(
        (
            n
            for n in walk(node)
            if (isinstance(n, Call) and n.name == "meaningful_change")
            or (isinstance(n, FieldRef) and n.name in WEMWBS_FIELDS)
        ),
        None,
    )


def _wellbeing_evidence_objective(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An outcome measured with WEMWBS (self-reported) that says ``evidence objective``."""
    for item, measure in measured_items(ctx.ruleset):
        if item.evidence != "objective":
            continue
        use = _first_wemwbs_use((measure.where, measure.expr))
        if use is not None:
            yield ctx.diagnostic(
                WELLBEING_EVIDENCE_OBJECTIVE,
                use,
                f"outcome {item.name!r} is measured with WEMWBS, which people score "
                "themselves, but says `evidence objective`",
                "write `evidence self_reported`",
            )


WELLBEING_EVIDENCE_OBJECTIVE = CheckDecl(
    code="ASC001",
    name="wellbeing-evidence-objective",
    severity="warning",
    summary="WEMWBS is a self-reported scale: an outcome measured with it is "
    "`evidence self_reported`, not objective.",
    bad=WELLBEING_BAD,
    better=WELLBEING_BETTER,
    run=_wellbeing_evidence_objective,
)

CHECKS: tuple[CheckDecl, ...] = (WELLBEING_EVIDENCE_OBJECTIVE,)
