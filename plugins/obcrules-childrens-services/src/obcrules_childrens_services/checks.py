"""Children's services lint checks (codes CS###)."""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.model import Compare, FieldRef, InList, IsMissing, Not, RateLine, StringLit
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.plugins.ruleset_queries import (
    calls,
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

SDQ_FIELDS = ("sdq_start", "sdq_end")
SDQ_FUNCTIONS = ("sdq_band", "sdq_improved")
INFORMANT = "sdq_completed_by"
PROVIDER_STAFF = "provider_staff"

SDQ_PAYMENT_BAD = (
    _HEADER
    + """\
population assessed "Children in care 12 months or more, aged 4 to 16, with SDQ scores":
    from people where in_care and sdq_eligible(age, in_care_since) and sdq_start >= 17

outcome sdq "Fewer children's difficulties are a cause for concern":
    measure share of assessed where sdq_band(sdq_end) != "cause_for_concern"
    target at least 30%
    evidence self_reported
    verify survey every year

payment:
    sdq pays £500 per child where sdq_band(sdq_end) != "cause_for_concern"
"""
)

SDQ_PAYMENT_BETTER = SDQ_PAYMENT_BAD.replace(
    "and sdq_start >= 17", 'and sdq_start >= 17 and sdq_completed_by = "carer"'
)


def _excludes_provider_staff(node: object) -> bool:
    """``sdq_completed_by = "carer"``, ``!= "provider_staff"`` or ``in (…)`` without it."""
    if isinstance(node, Compare) and field_refs(node, INFORMANT):
        value = node.right if isinstance(node.left, FieldRef) else node.left
        if not isinstance(value, StringLit):
            return False
        return (node.op == "=" and value.value != PROVIDER_STAFF) or (
            node.op == "!=" and value.value == PROVIDER_STAFF)
    if isinstance(node, InList) and field_refs(node.operand, INFORMANT):
        return all(isinstance(v, StringLit) and v.value != PROVIDER_STAFF for v in node.values)
    return False


def _uses_sdq(node: object) -> bool:
    return bool(field_refs(node, *SDQ_FIELDS) or calls(node, *SDQ_FUNCTIONS))


def _sdq_paid_on_provider_staff(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A rate-card line paying on an SDQ that the provider's own staff may have completed."""
    payment = ctx.ruleset.payment
    if payment is None:
        return
    items = {item.name: item for item in ctx.ruleset.items}
    known: dict[str, bool] = {}  # population -> whether its chain excludes provider staff
    for line in payment.rate_lines:
        item = items.get(line.outcome.name)
        measure = item.measure if item is not None else None
        if measure is None or not (_uses_sdq(line.where) or _uses_sdq(measure.where)):
            continue
        if any(_excludes_provider_staff(n) for n in walk([measure.where, line.where])):
            continue
        if some_population_condition(ctx.ruleset, measure.source.name,
                                     lambda c: any(map(_excludes_provider_staff, walk(c))), known):
            continue
        yield ctx.diagnostic(
            SDQ_PAID_ON_PROVIDER_STAFF,
            _place(line),
            f"the rate-card line for {line.outcome.name!r} pays on an SDQ score that the "
            "provider's own staff may have completed (a children's home key worker is the "
            "child's carer): the provider would be scoring the outcome it is paid for",
            f'restrict the population to `{INFORMANT} = "carer"` (a carer not employed by '
            "the provider), or verify the scores independently",
        )


def _place(line: RateLine) -> object:
    """The SDQ call or field in the line's condition, else the line itself."""
    found = [*calls(line.where, *SDQ_FUNCTIONS), *field_refs(line.where, *SDQ_FIELDS)]
    return found[0] if found else line


SDQ_PAID_ON_PROVIDER_STAFF = CheckDecl(
    code="CS002",
    name="sdq-paid-on-provider-staff-questionnaire",
    severity="warning",
    summary="A payment on the SDQ must not rest on questionnaires the paid provider's own "
    "staff completed: restrict it to `sdq_completed_by = \"carer\"` (SSDA903 asks for "
    "the carer's questionnaire).",
    bad=SDQ_PAYMENT_BAD,
    better=SDQ_PAYMENT_BETTER,
    run=_sdq_paid_on_provider_staff,
)

CHECKS: tuple[CheckDecl, ...] = (STABILITY_OVER_INELIGIBLE, SDQ_PAID_ON_PROVIDER_STAFF)
