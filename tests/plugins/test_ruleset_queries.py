"""The questions asked of a ruleset model: here, where each name the ruleset defines is used."""

from __future__ import annotations

from pathlib import Path

from obcrules.plugins.ruleset_queries import name_uses, references
from obcrules.semantics.checked import check_file

CONTINENCE = Path(__file__).parents[2] / "rulesets" / "continence.obc"
LINES = CONTINENCE.read_text(encoding="utf-8").split("\n")


def line_of(text: str) -> int:
    """The 1-based number of the first line of continence.obc that contains ``text``."""
    return next(n for n, line in enumerate(LINES, start=1) if text in line)


def test_every_use_of_a_defined_name_with_its_list() -> None:
    ruleset = check_file(CONTINENCE).require()
    uses = [(u.namespace, u.name, u.lot, u.ref.span.line if u.ref.span else 0)
            for u in name_uses(ruleset)]
    assert ("statement", "residents", None, line_of("share of residents where cont")) in uses
    assert ("theme", "vulnerable", None, LINES.index("    theme vulnerable") + 1) in uses
    assert ("criterion", "approach", "lot1", line_of("tie break by approach")) in uses
    assert ("statement", "untreated_continence", None, line_of("contributes to")) in uses
    assert not any(u[1] in ("people", "sessions") for u in uses)  # tables are not ruleset names


def test_references_in_source_order() -> None:
    ruleset = check_file(CONTINENCE).require()
    lines = [r.span.line for r in references(ruleset, "statement", "untreated_continence")
             if r.span]
    assert lines == [line_of("contributes to untreated"), line_of("untreated_continence pays"),
                     line_of("bonus 5%"), line_of("penalty 5%")]
    assert references(ruleset, "criterion", "approach") == []  # criteria belong to a lot
    assert len(references(ruleset, "criterion", "approach", lot="lot1")) == 1
