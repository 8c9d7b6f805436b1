"""The referred cohort (`obcrules.engine.cohort`, through a monitoring run): only people
referred to a provider are paid for, from the period of their referral; people not
referred and referrals not paid for are listed; reach is counted. Every figure by hand."""

from __future__ import annotations

from typing import Any

from tests.engine.conftest import ADULTS_IMPROVED, Run

COHORT = ADULTS_IMPROVED + '''
payment:
    cohort referrals
    improved_share pays £100 per person where improved
'''

PEOPLE = [  # row 2 onwards
    ("a", "P1", "2026-Q1", True), ("b", "P1", "2026-Q1", True),
    ("u", "P1", "2026-Q1", True),   # row 4: never referred
    ("d", "P1", "2026-Q1", True),   # referred to P2 first
    ("e", "P1", "2026-Q1", True),   # referred to P1 only in Q2
    ("t", "P1", "2026-Q1", True),   # referred to P1 and P2 on the same day
    ("e", "P1", "2026-Q2", True), ("a", "P1", "2026-Q2", True),
    ("d", "P2", "2026-Q1", True), ("f", "P2", "2026-Q1", False),
]
REFERRALS = [  # row 2 onwards
    ("a", "P1", "2026-01-10"), ("b", "P1", "2026-02-01"), ("d", "P2", "2026-01-05"),
    ("d", "P1", "2026-02-15"), ("e", "P1", "2026-05-10"), ("g", "P1", "2026-03-01"),
    ("t", "P1", "2026-02-02"), ("t", "P2", "2026-02-02"), ("f", "P2", "2026-01-20"),
]


def monitored(run: Run, source: str = COHORT) -> dict[str, Any]:
    people = [{"person_id": p, "provider": provider, "period": period, "code": "x",
               "age": 40, "improved": improved} for p, provider, period, improved in PEOPLE]
    referrals = [{"person_id": p, "provider": provider, "referred_on": on}
                 for p, provider, on in REFERRALS]
    return run(source, people=people, referrals=referrals).document


def test_only_people_referred_to_the_provider_are_paid_from_their_referral(run: Run) -> None:
    # P1 Q1: a and b (u not referred; d referred to P2 first; e referred in Q2; t's two
    # referrals on one day): 2 × £100. Q2: e, now referred: £100. P2 Q1: d, £100.
    document = monitored(run)
    paid = {p["provider"]: [(b["period"], b["people"], b["amount"]) for b in p["by_period"]]
            for p in document["payments"]}
    assert paid == {"P1": [("2026-Q1", 2, "200.00"), ("2026-Q2", 1, "100.00")],
                    "P2": [("2026-Q1", 1, "100.00")]}
    # The measures still count everyone: P1 Q1 6 of 6 improved.
    [q1] = [r for r in document["results"] if (r["provider"], r["period"]) == ("P1", "2026-Q1")]
    assert (q1["numerator"], q1["denominator"]) == (6, 6)


def test_people_not_referred_and_referrals_not_paid_for_are_listed(run: Run) -> None:
    document = monitored(run)
    twice = ("person_id 't' was referred to P1 and P2 on the same day, 2026-02-02: no "
             "referral of theirs is paid for until the commissioner corrects the referrals")
    assert [(p["table"], p["row"], p["provider"], p["problem"])
            for p in document["data_quality"]] == [
        ("people", 4, "P1", "person_id 'u' is not in the referred cohort: no referral to P1 "
         "in referrals, so never paid for"),
        ("referrals", 5, "P1", "person_id 'd' was referred to P2 earlier, on 2026-01-05: only "
         "that referral is paid for, so P1 is never paid for them"),
        ("referrals", 8, "P1", twice),
        ("referrals", 9, "P2", twice),
    ]
    assert document["cohort"] == [
        {"provider": "P1", "referred": 6, "not_referred": 1, "double_referred": 2},
        {"provider": "P2", "referred": 3, "not_referred": 0, "double_referred": 1}]
    assert document["data_quality_summary"] == []       # nobody's record is invalid


def test_reach_counts_people_referred_engaged_and_never_seen(run: Run) -> None:
    # By the end of Q1, P1 had 5 referred (a, b, d, g, t; e only in May), of whom a, b, d
    # and t are in its returns: g was never seen. By Q2, e too (referred and seen).
    # P2: d, t and f referred; d and f seen; t never.
    reach = [(r["provider"], r["period"], r["referred"], r["engaged"], r["never_seen"])
             for r in monitored(run)["reach"]]
    assert reach == [("P1", "2026-Q1", 5, 4, 1), ("P1", "2026-Q2", 6, 5, 1),
                     ("P2", "2026-Q1", 3, 2, 1), ("P2", "2026-Q2", 3, 2, 1)]


def test_the_savings_compare_the_same_contract_paid_for_everyone(run: Run) -> None:
    # Without the cohort P1 would be paid for a, b, u, d, e and t in Q1: £600, against the
    # £300 paid; P2 for d alone either way.
    savings = {s["provider"]: s for s in monitored(run)["savings"]}
    assert {p: (s["outcome_payments"], s["without"], s["saved"]) for p, s in savings.items()} \
        == {"P1": ("300.00", "600.00", "300.00"), "P2": ("100.00", "100.00", "0.00")}
    assert savings["P1"]["lines"] == [{"line": "improved_share", "rate_line": 1, "people": 6,
                                       "amount": "600.00"}]


def test_under_a_contract_only_its_provider_is_reported(run: Run) -> None:
    people = [{"person_id": p, "provider": provider, "period": period, "code": "x",
               "age": 40, "improved": improved} for p, provider, period, improved in PEOPLE]
    referrals = [{"person_id": p, "provider": provider, "referred_on": on}
                 for p, provider, on in REFERRALS]
    document = run(COHORT, people=people, referrals=referrals,
                   contract="schema: obcrules.contract/1\nprovider_id: P2\n").document
    assert [(p["provider"], p["amount"]) for p in document["payments"]] == [("P2", "100.00")]
    assert document["cohort"] == [
        {"provider": "P2", "referred": 3, "not_referred": 0, "double_referred": 1}]
    assert [(r["provider"], r["period"]) for r in document["reach"]] == [("P2", "2026-Q1")]
    # Only P2's referral that is not paid for is listed (t's, on the day of P1's).
    assert [(p["table"], p["row"]) for p in document["data_quality"]] == [("referrals", 9)]


def test_above_a_deadweight_the_population_is_the_referred_people_too(run: Run) -> None:
    # `above 50% deadweight`. P1 Q1: N = the referred members, a and b (d's paid referral
    # is P2's, e's is later, t's are void): n = 2, floor(1) = 1, 1 paid. Q2: N = a and e,
    # n = 1 (e), floor(1) = 1: none. P2 Q1: N = d and f, n = 1, floor(1) = 1: none.
    # Saved against paying everyone without cohort or deadweight: P1 £600 − £100,
    # P2 £100 − £0.
    document = monitored(run, COHORT.replace("person where improved", "person where improved, "
                                             "above 50% deadweight"))
    paid = {p["provider"]: [(b["period"], b["qualifying"], b["population"], b["people"])
                            for b in p["by_period"]] for p in document["payments"]}
    assert paid == {"P1": [("2026-Q1", 2, 2, 1), ("2026-Q2", 1, 2, 0)],
                    "P2": [("2026-Q1", 1, 2, 0)]}
    assert [(s["provider"], s["saved"]) for s in document["savings"]] == [
        ("P1", "500.00"), ("P2", "100.00")]
