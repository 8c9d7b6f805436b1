"""The audit sample's draw (`obcrules.engine.verification.sampling`): a fixed vector that
an auditor can redo with any SHA-256 tool, e.g.

    printf 'contract-seed|2026-Q1|case_file_audit|P1|1|p06' | sha256sum
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from obcrules.engine.verification.claims import Claim
from obcrules.engine.verification.sampling import digest, digest_text, draw, sample_size

SEED = "contract-seed"


def claim(provider: str, person: str) -> Claim:
    return Claim(provider, 1, person, "2026-Q1", "o")


def test_a_claim_is_ranked_by_the_sha256_of_its_documented_text() -> None:
    c = claim("P1", "p06")
    assert digest_text(SEED, "2026-Q1", "case_file_audit", c) == (
        "contract-seed|2026-Q1|case_file_audit|P1|1|p06")
    assert digest(SEED, "2026-Q1", "case_file_audit", c) == (
        "0c8066da33055468073d25349dd6e1745253e7247189f00cff30876ce4dc3da9")


def test_the_same_inputs_draw_exactly_these_people() -> None:
    claims = ([claim("P1", f"p{i:02d}") for i in range(1, 13)]
              + [claim("P2", f"q{i:02d}") for i in range(1, 6)])
    strata = draw(reversed(claims), {"o": Decimal("0.25")}, seed=SEED, period="2026-Q1",
                  method="case_file_audit", minimum=2)
    # P1: 12 claims, ceil(25% × 12) = 3; P2: 5 claims, ceil(1.25) = 2 (the minimum is 2)
    assert [(s.provider, s.claims, s.size, [(d.rank, d.claim.person) for d in s.drawn])
            for s in strata] == [
        ("P1", 12, 3, [(1, "p06"), (2, "p05"), (3, "p12")]),
        ("P2", 5, 2, [(1, "q03"), (2, "q01")])]
    assert strata[1].drawn[0].digest == (
        "27a3055a2bcf0e1e7fa5d593740d80383497a17d622a53af29b8ca15f34e519d")


def test_another_period_or_method_draws_afresh() -> None:
    claims = [claim("P1", f"p{i:02d}") for i in range(1, 13)]
    first = draw(claims, {"o": Decimal("0.25")}, seed=SEED, period="2026-Q1",
                 method="case_file_audit", minimum=2)[0]
    other = draw(claims, {"o": Decimal("0.25")}, seed=SEED, period="2026-Q2",
                 method="case_file_audit", minimum=2)[0]
    assert [d.claim.person for d in first.drawn] != [d.claim.person for d in other.drawn]


def test_claims_on_outcomes_not_sampled_are_left_out() -> None:
    assert draw([Claim("P1", 2, "x", "2026-Q1", "other")], {"o": Decimal("0.1")},
                seed=SEED, period="2026-Q1", method="m") == []


@pytest.mark.parametrize(("share", "claims", "minimum", "size"), [
    ("0.10", 12, 5, 5),    # ceil(1.2) = 2, raised to the minimum
    ("0.10", 60, 5, 6),    # ceil(6) = 6
    ("0.10", 61, 5, 7),    # ceil(6.1) = 7
    ("0.10", 3, 5, 3),     # never more than there are
    ("0.125", 8, 1, 1),
    ("0.125", 9, 1, 2),
    ("1", 4, 1, 4),
])
def test_the_sample_size_rounds_up_with_a_minimum(share: str, claims: int, minimum: int,
                                                  size: int) -> None:
    assert sample_size(Decimal(share), claims, minimum) == size


def test_the_worked_example_of_the_docs_claws_back_300_pounds() -> None:
    """docs/verification.md, "A worked example": p06 fails, p05 and p12 are confirmed."""
    from obcrules.engine.verification.clawback import verification_entries
    from obcrules.engine.verification.sheets import Case, Returned
    from obcrules.model import Payment, PercentLit

    claims = [Claim("P1", 1, f"p{i:02d}", "2026-Q1", "in_ete") for i in range(1, 13)]
    [stratum] = draw(claims, {"in_ete": Decimal("0.25")}, seed=SEED, period="2026-Q1",
                     method="case_file_audit", minimum=2)
    found = {"p06": ("not confirmed", "no enrolment record"), "p05": ("confirmed", ""),
             "p12": ("confirmed", "")}
    sample = Returned("2026-Q1/case_file_audit", "2026-Q1", "case_file_audit", [
        Case(d.claim, Decimal(100), *found[d.claim.person], "P1.csv", f"row {d.rank + 1}")
        for d in stratum.drawn])
    document = {"period_unit": "quarter", "payments": [
        {"provider": "P1", "rate_line": 1, "by_period": [
            {"period": "2026-Q1", "amount": "1100.00"}]}],
        "payment_totals": [{"provider": "P1", "rate_card_after_at_risk": "1100.00",
                            "outcome_payments": "1100.00"}]}
    payment = Payment(claw_back=PercentLit(value=Decimal("0.05")))
    [entry] = verification_entries(document, [sample], payment, "£")
    assert (entry["failure_rate"], entry["base"], entry["clawback"]) == (
        "0.333333", "900.00", "300.00")
    assert entry["working"] == (
        "1 of 3 sampled claims returned failed (33.33%), above the 5.00% threshold. P1 was "
        "paid £1,100.00 on these outcomes in 2026-Q1; less £200.00 for the 2 sampled claims "
        "confirmed leaves £900.00; 1/3 of it, £300.00, is clawed back.")
