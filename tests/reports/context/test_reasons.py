"""The reasons for a score as the reports show them (`obcrules.reports.context.reasons`):
who gave each, and an automatic score's working with its margins in their units."""

from __future__ import annotations

from obcrules.reports.context.reasons import ReasonLine, TargetLine, score_reasons, scored_by
from obcrules.results.evaluation import Score


def test_a_score_by_evaluators_shows_who_gave_each_reason() -> None:
    score: Score = {"agreed": "4.00", "max": "5", "weighted": "32.00", "settled_by": "mode",
                    "reasons": [{"by": "Evaluator 3", "score": "4", "text": "Clear plan"}],
                    "working": None}
    shown = score_reasons("Acme", score, "evaluators 0 to 5")
    assert (shown.score, shown.weighted, shown.settled) == (
        "4 / 5", "32.00", "the most common of the evaluators' scores")
    assert shown.reasons == (ReasonLine("Evaluator 3", "4", "Clear plan"),)
    assert shown.working is None


def test_margins_are_shown_in_their_units() -> None:
    # a share: margins in points; a count: a fraction of the required value, as a percentage
    score: Score = {"agreed": "62.50", "max": "100", "weighted": "12.50",
                    "settled_by": "automatic", "reasons": [], "working": {
                        "formula": "f", "calculation": "(1 ÷ 2 + 0.25 ÷ 0.333333) ÷ 2 × 100",
                        "targets": [
                            {"outcome": "u", "title": "Untreated", "required": "less than 10%",
                             "offered": "less than 9%", "unit": "points", "margin": "1",
                             "largest": "2", "ratio": "0.5"},
                            {"outcome": "s", "title": "", "required": "at least 12 per quarter",
                             "offered": None, "unit": "relative", "margin": "0.25",
                             "largest": "0.333333", "ratio": "0.75"}]}}
    shown = score_reasons("Acme", score, "from targets")
    assert shown.settled == "from targets"
    assert shown.working is not None
    assert shown.working.targets == (
        TargetLine("Untreated", "less than 10%", "less than 9%", "1 point", "2 points", "0.5"),
        TargetLine("s", "at least 12 per quarter", "not offered", "25%", "33.33%", "0.75"))


def test_how_a_criterion_is_scored_reads_as_a_phrase() -> None:
    assert scored_by("lowest price") == "scored by lowest price"
    assert scored_by("from targets") == "scored from targets"
    assert scored_by("evaluators 0 to 5") == "scored by evaluators 0 to 5"
