"""Print the model back as obc source: the inverse of the parser.

``parse(print_ruleset(m))`` gives a model equal to ``m`` (apart from spans); the
round-trip tests hold it to that. The tender workflow and the reports use
`format_target`, `format_expr` and `format_value` to show rules as they were
written.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from obcrules.model import (
    TARGET_FORMS,
    Adjustment,
    Arith,
    Baseline,
    Between,
    BoolExpr,
    BoolLit,
    Call,
    Compare,
    Criterion,
    DateLit,
    DaysBetween,
    DurationLit,
    EvaluatorScoring,
    FieldRef,
    Gaming,
    Gate,
    Header,
    InList,
    IsMissing,
    Item,
    Measure,
    MoneyLit,
    Negate,
    Node,
    Not,
    NumberLit,
    Payment,
    PercentLit,
    PeriodLit,
    PluginScoring,
    PointsLit,
    Population,
    PriceGroup,
    PriceScoring,
    RateLine,
    Ruleset,
    StringLit,
    TargetScoring,
    Tender,
    Trajectory,
    Value,
    Verification,
)

INDENT = "    "

ATOM_KEYWORDS = frozenset({"not", "days", "true", "false"})
"""Names that must be backticked where an expression starts (they open a construct)."""
PAYMENT_KEYWORDS = frozenset({"contract", "at", "bonus", "penalty", "cap", "cohort", "claw",
                              "confirm"})
"""Names that must be backticked at the start of a payment line."""

_PRECEDENCE = {"or": 1, "and": 2}


def format_number(value: Decimal) -> str:
    """A number as written in obc: no exponent, ``_`` between thousands from 10_000."""
    text = f"{value:f}"
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _, fraction = text.partition(".")
    if len(whole) > 4:
        groups: list[str] = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = "_".join(groups)
    return sign + whole + (f".{fraction}" if fraction else "")


def format_value(value: Node) -> str:
    """A literal as written in obc (``10%``, ``£450``, ``6 months``, ``2026-Q1`` …)."""
    if isinstance(value, NumberLit):
        return format_number(value.value)
    if isinstance(value, PercentLit):
        return format_number((value.value * 100).normalize()) + "%"
    if isinstance(value, PointsLit):
        return f"{format_number(value.value)} {'point' if value.value == 1 else 'points'}"
    if isinstance(value, MoneyLit):
        return value.currency + format_number(value.amount)
    if isinstance(value, DurationLit):
        return f"{value.amount} {value.unit}{'' if value.amount == 1 else 's'}"
    if isinstance(value, DateLit):
        return value.value.isoformat()
    if isinstance(value, PeriodLit):
        return value.text
    if isinstance(value, StringLit):
        return quote(value.value)
    if isinstance(value, BoolLit):
        return "true" if value.value else "false"
    raise TypeError(f"not a literal: {type(value).__name__}")


def quote(text: str) -> str:
    """A string literal for ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def name(text: str, reserved: frozenset[str] = frozenset()) -> str:
    """A name, in backticks where it would otherwise read as a keyword."""
    return f"`{text}`" if text in reserved else text


def format_expr(expr: Node) -> str:
    """A condition or expression with only the parentheses its meaning needs."""
    return _expr(expr)


def _precedence(expr: Node) -> int:
    if isinstance(expr, BoolExpr):
        return _PRECEDENCE[expr.op]
    if isinstance(expr, Not):
        return 3
    if isinstance(expr, Compare | InList | Between | IsMissing):
        return 4
    if isinstance(expr, Arith):
        return 5 if expr.op in "+-" else 6
    if isinstance(expr, Negate) or (isinstance(expr, NumberLit) and expr.value < 0):
        return 7
    return 8


def _wrap(expr: Node, minimum: int) -> str:
    text = _expr(expr)
    return f"({text})" if _precedence(expr) < minimum else text


def _expr(expr: Node) -> str:
    if isinstance(expr, BoolExpr):
        level = _PRECEDENCE[expr.op]
        return f"{_wrap(expr.left, level)} {expr.op} {_wrap(expr.right, level + 1)}"
    if isinstance(expr, Not):
        return f"not {_wrap(expr.operand, 3)}"
    if isinstance(expr, Compare):
        return f"{_wrap(expr.left, 5)} {expr.op} {_wrap(expr.right, 5)}"
    if isinstance(expr, InList):
        values = ", ".join(format_value(v) for v in expr.values)
        return f"{_wrap(expr.operand, 5)} in ({values})"
    if isinstance(expr, Between):
        return (f"{_wrap(expr.operand, 5)} between {_wrap(expr.low, 5)} "
                f"and {_wrap(expr.high, 5)}")
    if isinstance(expr, IsMissing):
        return f"{_wrap(expr.operand, 5)} is {'not ' if expr.negated else ''}missing"
    if isinstance(expr, Arith):
        level = 5 if expr.op in "+-" else 6
        return f"{_wrap(expr.left, level)} {expr.op} {_wrap(expr.right, level + 1)}"
    if isinstance(expr, Negate):
        return f"-{_wrap(expr.operand, 7)}"
    if isinstance(expr, FieldRef):
        return name(expr.name, ATOM_KEYWORDS)
    if isinstance(expr, Call):
        return f"{name(expr.name, ATOM_KEYWORDS)}({', '.join(_expr(a) for a in expr.args)})"
    if isinstance(expr, DaysBetween):
        return f"days from {_operand(expr.start)} to {_operand(expr.end)}"
    return format_value(expr)


def _operand(expr: Node) -> str:
    """An operand of ``days from A to B``: a field, a call, a literal or parentheses."""
    simple = isinstance(expr, FieldRef | Call) or (
        _precedence(expr) == 8 and not isinstance(expr, DaysBetween)
    )
    return _expr(expr) if simple else f"({_expr(expr)})"


def format_measure(measure: Measure) -> str:
    """``share of residents where …`` and the other measure forms."""
    where = f" where {_expr(measure.where)}" if measure.where is not None else ""
    source = measure.source.name
    if measure.kind in ("share", "count"):
        return f"{measure.kind} of {source}{where}"
    assert measure.expr is not None
    return f"{measure.kind} of {_wrap(measure.expr, 5)} over {source}{where}"


def format_target(target: Node, literal: Callable[[Value], str] | None = None,
                  baseline: str = "baseline") -> str:
    """A target as a policy lead writes it (``less than 10%``).

    Each target form words itself (`BoundTarget.wording` …): that is the one
    wording of targets. The English renderer passes its own ``literal``
    formatter (``£1,500``) and ``baseline`` words (``the baseline``).
    """
    if not isinstance(target, TARGET_FORMS):
        raise TypeError(f"not a target: {type(target).__name__}")
    return target.wording(literal or format_value, baseline)


def format_trajectory(trajectory: Trajectory) -> str:
    """``improves every quarter [by N points]`` or ``no worse than previous quarter``."""
    if trajectory.kind == "no_worse":
        return f"no worse than previous {trajectory.every}"
    by = f" by {format_value(trajectory.by)}" if trajectory.by is not None else ""
    return f"improves every {trajectory.every}{by}"


def format_verification(verification: Verification) -> str:
    """``provider_return sample 10% every year``."""
    parts = [verification.method.name]
    if verification.sample is not None:
        parts.append(f"sample {format_value(verification.sample)}")
    if verification.every is not None:
        parts.append(f"every {verification.every}")
    return " ".join(parts)


def format_baseline(baseline: Baseline) -> str:
    """``18% at 2025-Q4``."""
    return f"{format_value(baseline.value)} at {baseline.period.text}"


# ---------------------------------------------------------------------- blocks


def _header(header: Header) -> list[str]:
    lines = [f"ruleset {header.name} {quote(header.title)}:"]
    if header.version is not None:
        lines.append(f"{INDENT}version {quote(header.version)}")
    if header.services:
        lines.append(f"{INDENT}service {', '.join(s.name for s in header.services)}")
    if header.period is not None:
        lines.append(f"{INDENT}period {header.period}")
    if header.currency is not None:
        lines.append(f"{INDENT}currency {header.currency}")
    if header.commissioner is not None:
        lines.append(f"{INDENT}commissioner {quote(header.commissioner)}")
    lines.extend(f"{INDENT}theme {t.name} {quote(t.title)}" for t in header.themes)
    return lines


def _population(population: Population) -> list[str]:
    where = f" where {_expr(population.where)}" if population.where is not None else ""
    return [f"population {population.name} {quote(population.title)}:",
            f"{INDENT}from {population.source.name}{where}"]


def _item(item: Item) -> list[str]:
    lines = [f"{item.kind} {item.name} {quote(item.title)}:"]
    fields: list[str] = []
    if item.level is not None:
        fields.append(f"level {item.level}")
    fields.extend(f"theme {t.name}" for t in item.themes)
    if item.contributes_to:
        fields.append(f"contributes to {', '.join(r.name for r in item.contributes_to)}")
    if item.measure is not None:
        fields.append(f"measure {format_measure(item.measure)}")
    if item.target is not None:
        fields.append(f"target {format_target(item.target)}")
    if item.baseline is not None:
        fields.append(f"baseline {format_baseline(item.baseline)}")
    if item.trajectory is not None:
        fields.append(f"trajectory {format_trajectory(item.trajectory)}")
    if item.evidence is not None:
        fields.append(f"evidence {item.evidence}")
    fields.extend(f"verify {format_verification(v)}" for v in item.verifications)
    if item.due is not None:
        fields.append(f"due {format_value(item.due)}")
    return lines + [INDENT + f for f in fields]


def _scoring(scoring: Node) -> str:
    if isinstance(scoring, EvaluatorScoring):
        return (f"scored by evaluators {format_number(scoring.low)} to "
                f"{format_number(scoring.high)}")
    if isinstance(scoring, TargetScoring):
        return "scored from targets"
    if isinstance(scoring, PriceScoring):
        return "scored by lowest price"
    assert isinstance(scoring, PluginScoring)
    args = "".join(" " + format_value(a) for a in scoring.args)
    return f"scored by {name(scoring.method.name, frozenset({'evaluators', 'lowest'}))}{args}"


def _criterion(criterion: Criterion) -> list[str]:
    lines = [f"{INDENT}criterion {criterion.name} {quote(criterion.title)}:"]
    inner = INDENT * 2
    if criterion.weight is not None:
        lines.append(f"{inner}weight {format_value(criterion.weight)}")
    if criterion.scoring is not None:
        lines.append(inner + _scoring(criterion.scoring))
    if criterion.minimum is not None:
        lines.append(f"{inner}minimum {format_value(criterion.minimum)}")
    return lines


def format_gate(gate: Gate) -> str:
    """A gate as written after ``require``."""
    if gate.kind == "every_outcome_offered":
        return "every outcome offered"
    if gate.kind == "targets_no_weaker":
        return "targets no weaker than required"
    if gate.kind == "verification_for_every_outcome":
        return "verification for every outcome"
    assert gate.name is not None
    reserved = frozenset({"every", "targets", "verification"})
    return name(gate.name.name, reserved) + "".join(" " + format_value(a) for a in gate.args)


def _tender(tender: Tender) -> list[str]:
    lines = [f"tender {tender.name} {quote(tender.title)}:"]
    for criterion in tender.criteria:
        lines.extend(_criterion(criterion))
    lines.extend(f"{INDENT}require {format_gate(g)}" for g in tender.gates)
    if tender.budget is not None:
        lines.append(f"{INDENT}budget at most {format_value(tender.budget)}")
    if tender.tie_break is not None:
        lines.append(f"{INDENT}tie break by {tender.tie_break.name}")
    if tender.pricing is not None:
        lines.append(f"{INDENT}price from rate card")
    return lines


def format_rate_line(line: RateLine) -> str:
    """``OUTCOME pays £450 per resident where …, cap £90_000``."""
    text = (f"{name(line.outcome.name, PAYMENT_KEYWORDS)} pays {format_value(line.amount)} "
            f"per {line.per}")
    if line.where is not None:
        text += f" where {_expr(line.where)}"
    if line.cap is not None:
        text += f", cap {format_value(line.cap)}"
    deadweight = line.deadweight
    if deadweight is not None and deadweight.share is not None:
        text += f", above {format_value(deadweight.share)} deadweight"
    elif deadweight is not None and deadweight.comparison is not None:
        text += f", above comparison {deadweight.comparison.name}"
    return text + (":" if line.groups else "")


def format_price_group(group: PriceGroup) -> str:
    """``group over_50 pays £1_500 where age >= 50``."""
    return f"group {group.name} pays {format_value(group.amount)} where {_expr(group.where)}"


def format_adjustment(adjustment: Adjustment) -> str:
    """``bonus 5% when OUTCOME beats target by 2 points``."""
    verb = "beats" if adjustment.kind == "bonus" else "misses"
    return (f"{adjustment.kind} {format_value(adjustment.percent)} when "
            f"{adjustment.outcome.name} {verb} target by {format_value(adjustment.by)}")


def _payment(payment: Payment) -> list[str]:
    lines = ["payment:"]
    if payment.contract_value is not None:
        lines.append(f"{INDENT}contract value {format_value(payment.contract_value)}")
    if payment.at_risk is not None:
        lines.append(f"{INDENT}at risk {format_value(payment.at_risk)}")
    if payment.cohort is not None:
        lines.append(f"{INDENT}cohort {payment.cohort.name}")
    for line in payment.rate_lines:
        lines.append(INDENT + format_rate_line(line))
        lines.extend(INDENT * 2 + format_price_group(g) for g in line.groups)
    lines.extend(INDENT + format_adjustment(a) for a in payment.adjustments)
    if payment.cap_total is not None:
        lines.append(f"{INDENT}cap total {format_value(payment.cap_total)}")
    if payment.claw_back is not None:
        lines.append(f"{INDENT}claw back when more than {format_value(payment.claw_back)} fail")
    if payment.confirm is not None:
        on = payment.confirm.on
        lines.append(f"{INDENT}confirm with {payment.confirm.table.name}"
                     + (f" on {on.name}" if on is not None else ""))
    return lines


def _gaming(gaming: Gaming) -> list[str]:
    return ["gaming:", *(INDENT + rule.wording() for rule in gaming.rules)]


def print_ruleset(ruleset: Ruleset) -> str:
    """The whole ruleset as source text, statements in source order, without comments."""
    blocks: list[tuple[int, int, list[str]]] = []
    if ruleset.header is not None:
        blocks.append((_line(ruleset.header), 0, _header(ruleset.header)))
    blocks.extend((_line(p), 1, _population(p)) for p in ruleset.populations)
    blocks.extend((_line(i), 2, _item(i)) for i in ruleset.items)
    blocks.extend((_line(t), 3, _tender(t)) for t in ruleset.tenders)
    if ruleset.payment is not None:
        blocks.append((_line(ruleset.payment), 4, _payment(ruleset.payment)))
    if ruleset.gaming is not None:
        blocks.append((_line(ruleset.gaming), 5, _gaming(ruleset.gaming)))
    ordered = sorted(enumerate(blocks), key=lambda pair: (pair[1][0], pair[1][1], pair[0]))
    return "\n".join("\n".join(lines) + "\n" for _, (_, _, lines) in ordered)


def _line(node: Node) -> int:
    return node.span.line if node.span is not None else 0
