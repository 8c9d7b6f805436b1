"""The formatter behind ``obc fmt`` (`obcrules.syntax.formatter`): canonical layout, comments
kept, idempotent, meaning unchanged."""

from __future__ import annotations

from obcrules.syntax.formatter import format_source

MESSY = '''# A header comment

# about the file
ruleset  x "T":
  version "1"   # trailing
  service care,housing
  period quarter


population p "P":
  from people where age>=65 and(setting="care_home" or  setting = "own_home")
outcome o "O":
      # own-line comment
      measure share of p where wemwbs_end-wemwbs_start>=3 and x in ("a","b") and y > -3
      target less than 10%
payment:
  at risk 20%
# final comment
'''

CANONICAL = '''# A header comment

# about the file
ruleset x "T":
    version "1"  # trailing
    service care, housing
    period quarter

population p "P":
    from people where age >= 65 and (setting = "care_home" or setting = "own_home")

outcome o "O":
    # own-line comment
    measure share of p where wemwbs_end - wemwbs_start >= 3 and x in ("a", "b") and y > -3
    target less than 10%

payment:
    at risk 20%

# final comment
'''


def test_fmt_produces_the_canonical_layout_and_keeps_every_comment() -> None:
    result = format_source(MESSY, "m.obc")
    assert result.diagnostics == []
    assert result.text == CANONICAL


def test_fmt_is_idempotent() -> None:
    assert format_source(CANONICAL, "c.obc").text == CANONICAL
