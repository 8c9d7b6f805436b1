"""Property: mutations and truncations of valid rulesets give diagnostics, never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obcrules.api import check_text
from obcrules.diagnostics import render_human
from obcrules.syntax.formatter import format_source

SPEC = (Path(__file__).parents[1] / "fixtures" / "spec_example.obc").read_text(encoding="utf-8")

PIECES = [":", '"', "(", ")", "    ", "\t", "\n", "#", "`", "%", "£", "-", "2026-", "and",
          "where", "target", "outcome", "between", "not", "é", "\x00", "\r", "\ufeff", "€"]


def _assert_reported(source: str | bytes, registry) -> None:  # type: ignore[no-untyped-def]
    checked = check_text(source, "fuzz.obc", registry)
    for diagnostic in checked.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.code.startswith("OBC") or diagnostic.code[:2].isalpha()
        render_human(diagnostic, checked.text)  # rendering never fails either
    if checked.ruleset is None:
        assert any(d.is_error for d in checked.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(SPEC)))
def test_every_truncation_is_reported_not_raised(cut: int, registry) -> None:  # type: ignore[no-untyped-def]
    _assert_reported(SPEC[:cut], registry)


EDITS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=len(SPEC)),
              st.integers(min_value=0, max_value=8),
              st.sampled_from(PIECES) | st.text(max_size=4)),
    min_size=1, max_size=4,
)
"""Up to four edits of the spec example: (position, characters replaced, new text)."""


def edited(edits: list[tuple[int, int, str]]) -> str:
    """The spec example with ``edits`` applied in turn."""
    text = SPEC
    for position, width, piece in edits:
        text = text[:position] + piece + text[position + width:]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_random_mutations_are_reported_not_raised(edits, registry) -> None:  # type: ignore[no-untyped-def]
    text = edited(edits)
    _assert_reported(text, registry)
    result = format_source(text, "fuzz.obc")  # fmt either formats or reports
    assert result.ok or result.diagnostics


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_are_reported_not_raised(data: bytes, registry) -> None:  # type: ignore[no-untyped-def]
    _assert_reported(data, registry)
