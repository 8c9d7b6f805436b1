"""``obc tender check`` (`obcrules.tender.check`): every problem of every input so far, each
with its file and place, before any score sheet is back."""

from __future__ import annotations

from obcrules.tender.check import check_workspace
from tests.tender.conftest import bid


def test_every_problem_of_every_input_is_listed_with_its_place(build) -> None:
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 80000))
               .bid("c.yaml", bid("C", "lots", wellbeing="at least 60", colour="red"))
               .bid("d.yaml", bid("D", 90000, untreated="less than 12%"))
               .scores("ann", [("A", "quality", 4, "good"), ("B", "quality", 9, "great"),
                               ("Z", "quality", 3, "")])
               .scores("dave", [("A", "quality", 4, "good")])
               .moderation([("A", "price", 3, "agreed")]))
    found = check_workspace(builder.root, builder.registry)
    assert not found.ok
    assert [str(p) for p in found.problems] == [
        "bids/c.yaml: colour: `colour` is not a field of a bid (fields: bidder, lot, price, "
        "provider_id, outcomes, track_record, organisation)",
        "bids/c.yaml: price: `lots` is not an amount of money (write the total price as a "
        "number, e.g. 1150000)",
        "bids/c.yaml: outcomes.wellbeing.target: `at least 60`: this target must be a "
        "percentage, because the measure is a share (write it with `%`, e.g. `60%`)",
        "scores/ann.csv: row 3, column score: 9 is off the scale 0 to 5 (give a number from 0 "
        "to 5)",
        "scores/ann.csv: row 4, column bidder: `Z` is not a bidder (write the bidder exactly as "
        "in its bid; if its bid is invalid, fix the bid)",
        "scores/ann.csv: row 4, column justification: has no justification (every score needs "
        "a written reason)",
        "scores/dave.csv: is not the score sheet of an evaluator: obc.toml lists ann, ben, cat "
        "(name it EVALUATOR.csv or .xlsx, or add the evaluator to obc.toml)",
        "moderation.csv: row 2, column criterion: `price` is scored automatically, not by "
        "evaluators (remove this row)"]
    assert found.checked == ["obc.toml", "ruleset.obc", "4 bid(s)", "scores/ann.csv",
                             "moderation.csv"]
    assert found.notes == [
        "excluded by the gates: D: `untreated`: the offered target `less than 12%` is weaker "
        "than the required `less than 10%`",
        "scores/ben: not returned yet", "scores/cat: not returned yet"]


def test_a_workspace_with_no_sheet_back_yet_checks_and_a_bad_config_stops_early(build) -> None:
    builder = build().write().bid("a.yaml", bid("A", 100000))
    found = check_workspace(builder.root, builder.registry)
    assert found.ok and found.checked == ["obc.toml", "ruleset.obc", "1 bid(s)"]
    (builder.root / "obc.toml").write_text('ruleset = "ruleset.obc"\nlot = "lot9"\n')
    found = check_workspace(builder.root, builder.registry)
    assert [str(p) for p in found.problems] == [
        "obc.toml: lot: unknown lot `lot9` (name one of: lot1)"]
    assert found.notes == ["the bids and score sheets are checked once obc.toml and the "
                           "ruleset are usable"]


def test_with_every_bid_excluded_no_sheet_is_awaited(build) -> None:  # type: ignore[no-untyped-def]
    builder = build().write().bid("a.yaml", bid("A", 200000))
    found = check_workspace(builder.root, builder.registry)
    assert found.ok and found.notes == [
        "excluded by the gates: A: the price £200,000.00 is over the budget of £150,000.00",
        *(f"scores/{e}: not returned (none is needed while no bid passes the gates)"
          for e in ("ann", "ben", "cat"))]
