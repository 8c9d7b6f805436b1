"""Children's services lint checks (codes CS###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.model import IsMissing, Not
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import (
    field_refs,
    measured_items,
    some_population_condition,
    walk,
)

LONG_TERM_FIELD = "same_placement_2y"

_HEADER = """\
ruleset children_in_care "Stable homes for children in care":
    service childrens_services
    period quarter

"""

STABILITY_BAD = (
    _HEADER
    + """\
outcome long_term_stability "Children in care long term stay in the same placement":
    measure share of placement_stability where same_placement_2y
    target at least 70%
    evidence objective
    verify admin_data every quarter
"""
)

STABILITY_BETTER = (
    _HEADER
    + """\
population long_term "Children in care for 2.5 years or more":
    from placement_stability where same_placement_2y is not missing

outcome long_term_stability "Children in care long term stay in the same placement":
    measure share of long_term where same_placement_2y
    target at least 70%
    evidence objective
    verify admin_data every quarter
"""
)


def _restricts_to_eligible(conditions: list[object]) -> bool:
    """``same_placement_2y is not missing``, also written ``not (… is missing)``."""
    for node in walk(conditions):
        if (isinstance(node, IsMissing) and node.negated
                and field_refs(node.operand, LONG_TERM_FIELD)):
            return True
        if (isinstance(node, Not) and isinstance(node.operand, IsMissing)
                and not node.operand.negated and field_refs(node.operand, LONG_TERM_FIELD)):
            return True
    return False


def _stability_over_ineligible(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A share of ``same_placement_2y`` whose denominator includes children it does not apply to."""
    known: dict[str, bool] = {}  # population -> whether its chain keeps only eligible children
    for item, measure in measured_items(ctx.ruleset, kind=None):
        if measure.kind != "share":
            continue
        uses = field_refs(measure.where, LONG_TERM_FIELD)
        if not uses or some_population_condition(
            ctx.ruleset, measure.source.name, lambda c: _restricts_to_eligible([c]), known
        ):
            continue
        yield ctx.diagnostic(
            STABILITY_OVER_INELIGIBLE,
            uses[0],
            f"{item.kind} {item.name!r} counts children in care less than 2.5 years, for whom "
            f"same_placement_2y is missing, as not stable: {measure.source.name!r} is not "
            "restricted to children it applies to",
            "measure over a population `where same_placement_2y is not missing`",
        )


STABILITY_OVER_INELIGIBLE = CheckDecl(
    code="CS001",
    name="stability-over-ineligible-children",
    severity="warning",
    summary="same_placement_2y applies only to children in care 2.5 years or more: measure "
    "its share over `same_placement_2y is not missing`, or every other child counts as a "
    "failure.",
    bad=STABILITY_BAD,
    better=STABILITY_BETTER,
    run=_stability_over_ineligible,
)

CHECKS: tuple[CheckDecl, ...] = (STABILITY_OVER_INELIGIBLE,)
