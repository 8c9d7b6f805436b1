"""How the reports write names, dates and scores (`obcrules.reports.formatting`)."""

from __future__ import annotations

from obcrules.reports.formatting import by_title, long_date, score


def test_names_in_backticks_are_shown_by_their_titles_and_the_rest_quoted() -> None:
    titles = {"wellbeing": "Residents report better wellbeing", "quality": "Quality"}
    assert by_title("`wellbeing`: the offered target `at least 59%` is weaker than the "
                    "required `at least 60%`", titles) == (
        "Residents report better wellbeing: the offered target “at least 59%” is weaker than "
        "the required “at least 60%”")
    assert by_title("`quality` scored 1.00, below its minimum of 2", titles) == (
        "Quality scored 1.00, below its minimum of 2")
    assert by_title("no names here", titles) == "no names here"


def test_dates_are_written_as_people_write_them() -> None:
    assert long_date("2026-03-02T10:15:00Z") == "2 March 2026"
    assert long_date("2026-12-31") == "31 December 2026"
    assert long_date("soon") == "soon"
    assert long_date(None) == "–"


def test_scores_are_whole_or_to_two_decimals_as_the_working_gives_them() -> None:
    assert [score(v) for v in ("4.00", "91.3", "70.83", "100.00", None)] == [
        "4", "91.30", "70.83", "100", "–"]
