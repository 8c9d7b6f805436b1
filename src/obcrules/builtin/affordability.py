"""The affordability checks: a rate card that can pay more, or less, than the money it
sits in (the figures and their working are `obcrules.finance.liability`'s)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.finance.liability import CODES, ProblemKind, liability
from obcrules.finance.terms import read_terms
from obcrules.plugins.declarations import CheckContext, CheckDecl


def _problems(kind: ProblemKind) -> Callable[[CheckContext], Iterator[Diagnostic]]:
    def run(ctx: CheckContext) -> Iterator[Diagnostic]:
        if ctx.ruleset.payment is None:
            return
        decl = BY_KIND[kind]
        for problem in liability(read_terms(ctx.ruleset)).problems:
            if problem.kind == kind:
                yield ctx.diagnostic(decl, problem.node or ctx.ruleset.payment,
                                     problem.message, problem.suggestion)
    return run


RATE_CARD_OVER_AT_RISK = CheckDecl(
    code=CODES["over"], name="rate-card-over-at-risk", severity="warning",
    summary="The rate card can pay more than the amount at risk.",
    bad="    at risk 10%\n    housed pays £2_000 per person where housed",
    better="    at risk 10%\n    housed pays £2_000 per person where housed, cap £50_000",
    run=_problems("over"),
)
AT_RISK_UNREACHABLE = CheckDecl(
    code=CODES["unreachable"], name="at-risk-unreachable", severity="warning",
    summary="The rate card can pay less than the amount at risk: the provider can never "
            "earn it back.",
    bad="    at risk 20%\n    housed pays £600 per person where housed, cap £300_000",
    better="    at risk 20%\n    housed pays £600 per person where housed, cap £400_000",
    run=_problems("unreachable"),
)
LOT_AT_RISK_UNREACHABLE = CheckDecl(
    code=CODES["lot"], name="lot-at-risk-unreachable", severity="warning",
    summary="A bid at a lot's budget would put more at risk than the rate card can pay.",
    bad="    budget at most £8_000_000",
    better="    budget at most £5_000_000",
    run=_problems("lot"),
)
CAP_OVER_AT_RISK = CheckDecl(
    code=CODES["cap"], name="cap-over-at-risk", severity="warning",
    summary="A line cap or `cap total` above the most that is at risk.",
    bad="    at risk 10%\n    cap total £500_000",
    better="    at risk 10%\n    cap total £100_000",
    run=_problems("cap"),
)
BY_KIND: dict[ProblemKind, CheckDecl] = {
    "over": RATE_CARD_OVER_AT_RISK,
    "unreachable": AT_RISK_UNREACHABLE,
    "lot": LOT_AT_RISK_UNREACHABLE,
    "cap": CAP_OVER_AT_RISK,
}
AFFORDABILITY_CHECKS: tuple[CheckDecl, ...] = tuple(BY_KIND.values())
