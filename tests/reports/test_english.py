"""Measures, conditions and targets in plain English."""

from __future__ import annotations

import pytest

from obcrules.api import CheckedRuleset, check_text
from obcrules.reports import english


def _phrases(checked: CheckedRuleset) -> english.Phrases:
    assert checked.ruleset is not None
    return english.Phrases(checked.ruleset, checked.vocabulary)


def test_share_reads_as_the_spec_says(checked: CheckedRuleset) -> None:
    assert checked.ruleset is not None
    item = checked.ruleset.item("untreated_continence")
    assert item is not None and item.measure is not None
    assert _phrases(checked).measure(item.measure) == (
        "the share of Care home residents aged 65+ who have a continence problem and "
        "whose continence problem is not treated"
    )


def test_difference_of_scores_reads_as_a_rise(checked: CheckedRuleset) -> None:
    assert checked.ruleset is not None
    item = checked.ruleset.item("wellbeing")
    assert item is not None and item.measure is not None
    assert _phrases(checked).measure(item.measure).endswith(
        "whose WEMWBS score at the end is at least 3 higher than their WEMWBS score at the start"
    )


def test_population_definition(checked: CheckedRuleset) -> None:
    assert _phrases(checked).population("residents") == (
        "People served whose care setting is care home and whose age in years is at least 65"
    )


def test_count_of_a_table_uses_its_title(checked: CheckedRuleset) -> None:
    assert checked.ruleset is not None
    item = checked.ruleset.item("clinic_sessions")
    assert item is not None and item.measure is not None
    assert _phrases(checked).measure(item.measure) == "the number of sessions delivered"


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("not (continence_problem or continence_treated)",
         "who do not have a continence problem and whose continence problem is not treated"),
        ('setting in ("care_home", "nursing_home")',
         "whose care setting is care home or nursing home"),
        ("age between 65 and 84", "whose age in years is between 65 and 84"),
        ("age is missing", "whose age in years is not recorded"),
        ("not died_in_preferred_place", "who have not died in the preferred place"),
        ("meaningful_change(wemwbs_start, wemwbs_end)", "with meaningful change in wellbeing"),
        ("continence_problem and (age > 90 or falls_12m >= 2)",
         "who have a continence problem and (whose age in years is more than 90 or whose "
         "falls in the last 12 months is at least 2)"),
    ],
)
def test_conditions(condition: str, expected: str) -> None:
    source = (
        'ruleset r "R":\n    service adult_social_care\n\n'
        f'population p "People":\n    from people where {condition}\n'
    )
    result = check_text(source)
    assert result.ruleset is not None, [d.message for d in result.diagnostics]
    assert _phrases(result).population("p") == f"People served {expected}"


def test_targets_and_trajectory(checked: CheckedRuleset) -> None:
    assert checked.ruleset is not None
    words = {i.name: english.target(i.target) for i in checked.ruleset.items if i.target}
    assert words == {"untreated_continence": "less than 10%", "wellbeing": "at least 60%",
                     "clinic_sessions": "at least 12 per quarter"}
    item = checked.ruleset.item("untreated_continence")
    assert item is not None and item.trajectory is not None
    assert english.trajectory(item.trajectory) == "improves every quarter"
