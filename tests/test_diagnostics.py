"""`Diagnostic.at` places a finding on a span, on a node's span, or at the top of the file."""

from __future__ import annotations

from obcrules.diagnostics import Diagnostic
from obcrules.model import Ref, Span

SPAN = Span(line=3, column=5, end_line=3, end_column=12)


def _at(where: Span | Ref | None) -> Diagnostic:
    return Diagnostic.at(where, code="OBC102", severity="error", file="r.obc",
                         message="unknown name", suggestion="did you mean `residents`?")


def test_a_diagnostic_on_a_span_covers_it() -> None:
    assert _at(SPAN) == Diagnostic(code="OBC102", severity="error", message="unknown name",
                                   file="r.obc", line=3, column=5, end_line=3, end_column=12,
                                   suggestion="did you mean `residents`?")


def test_a_diagnostic_on_a_node_covers_the_node_s_span() -> None:
    assert _at(Ref(span=SPAN, name="residnets")) == _at(SPAN)


def test_without_a_span_it_points_at_the_start_of_the_file() -> None:
    for where in (None, Ref(name="residnets")):
        d = _at(where)
        assert (d.line, d.column, d.end_line, d.end_column) == (1, 1, None, None)
        assert d.to_dict()["end_column"] == 2
