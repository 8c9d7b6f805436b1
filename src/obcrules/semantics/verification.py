"""The verification terms of the ``payment:`` block: ``claw back when more than N% fail``
and ``confirm with TABLE [on FIELD]`` (see ``docs/verification.md``)."""

from __future__ import annotations

from obcrules.model import Payment, Ruleset, Verification
from obcrules.plugins.common_tables import COMMISSIONER_TABLES
from obcrules.semantics.checker import Checker

ADMIN_DATA = "admin_data"
"""The verification method that ``confirm with`` serves."""


def paid_outcomes(ruleset: Ruleset) -> list[str]:
    """The outcomes a rate-card line pays on, each once, in rate-card order."""
    payment = ruleset.payment
    names = [line.outcome.name for line in payment.rate_lines] if payment else []
    return list(dict.fromkeys(names))


def check_verification(checker: Checker) -> None:
    """The clawback threshold is a percentage below 100% and some paid outcome is sampled;
    the confirming table has a name of its own and some paid outcome is verified by
    ``admin_data``."""
    payment = checker.ruleset.payment
    if payment is None:
        return
    _check_claw_back(checker, payment)
    _check_confirm(checker, payment)


def _check_claw_back(checker: Checker, payment: Payment) -> None:
    threshold = payment.claw_back
    if threshold is None:
        return
    if not 0 <= threshold.value < 1:
        checker.error("OBC105", threshold, "a clawback threshold is a percentage from 0% to "
                      "below 100%", "write e.g. `claw back when more than 5% fail`")
    sampled = [name for name in paid_outcomes(checker.ruleset)
               if any(v.sample is not None for v in _verifications(checker.ruleset, name))]
    if not sampled:
        checker.error("OBC118", threshold, "`claw back` needs a sampled verification, and no "
                      "outcome the rate card pays on has one",
                      "add e.g. `verify case_file_audit sample 10% every quarter` to an "
                      "outcome the rate card pays on")


def _check_confirm(checker: Checker, payment: Payment) -> None:
    confirm = payment.confirm
    if confirm is None:
        return
    table = confirm.table
    taken = set(checker.vocabulary.tables) | set(COMMISSIONER_TABLES) | {
        p.name for p in checker.ruleset.populations}
    if table.name in taken:
        checker.error("OBC107", table, f"`{table.name}` is already the name of a table or "
                      "population; the confirming data need a table of their own",
                      "name the commissioner's administrative data, e.g. "
                      "`confirm with housing_register`")
    confirmed = [name for name in paid_outcomes(checker.ruleset)
                 if any(v.method.name == ADMIN_DATA
                        for v in _verifications(checker.ruleset, name))]
    if not confirmed:
        names = paid_outcomes(checker.ruleset)
        checker.error("OBC118", confirm, "`confirm with` confirms the claims on outcomes "
                      f"verified by `{ADMIN_DATA}`, and no outcome the rate card pays on is",
                      f"add `verify {ADMIN_DATA} every quarter` to "
                      + (f"`{names[0]}`" if names else "an outcome the rate card pays on"))


def _verifications(ruleset: Ruleset, outcome: str) -> tuple[Verification, ...]:
    item = ruleset.item(outcome)
    return item.verifications if item is not None else ()
