"""`Diagnostic.at` places a finding on a span, on a node's span, or at the top of the file;
the renderers print findings for GitHub, SARIF and reviewdog, each validated where a
published schema exists (vendored in tests/fixtures/validators/)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from obcrules.api import check_text
from obcrules.diagnostics import (
    Diagnostic,
    file_uri,
    github_data,
    github_property,
    render_github,
    render_human,
    render_rdjson,
    render_sarif,
)
from obcrules.model import Ref, Span
from obcrules.plugins.manager import Registry

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


# --- renderers: GitHub, SARIF, rdjson ------------------------------------------------

VALIDATORS = Path(__file__).parent / "fixtures" / "validators"
GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.obc"))
ODD = "bad, name%1.obc"


def _odd(message: str = "50% of\r\nthings: a, b") -> Diagnostic:
    return Diagnostic(code="OBC102", severity="warning", message=message, file=ODD, line=2,
                      column=3, end_line=2, end_column=6)


def _golden_diagnostics(registry: Registry) -> tuple[list[Diagnostic], dict[str, str]]:
    found: list[Diagnostic] = []
    sources: dict[str, str] = {}
    for case in GOLDEN:
        checked = check_text(case.read_bytes(), case.name, registry)
        found += checked.diagnostics
        sources[case.name] = checked.text
    assert {d.severity for d in found} == {"error", "warning"}
    return found, sources


def test_github_escapes_property_values_as_the_runner_reads_them() -> None:
    line = render_github(_odd())
    assert line == ("::warning file=bad%2C name%251.obc,line=2,col=3,endLine=2,endColumn=6,"
                    "title=OBC102::50%25 of%0D%0Athings: a, b")
    properties, _ = line[len("::warning "):].split("::", 1)
    assert [p.split("=", 1)[0] for p in properties.split(",")] == [
        "file", "line", "col", "endLine", "endColumn", "title"]
    assert github_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert github_data("a:b,c") == "a:b,c"


def test_file_uris_are_uri_references() -> None:
    assert file_uri(ODD) == "bad%2C%20name%251.obc"
    assert file_uri("rulesets/é.obc") == "rulesets/%C3%A9.obc"
    assert file_uri("/tmp/a b.obc") == "file:///tmp/a%20b.obc"
    assert file_uri("C:\\work\\a.obc") == "file:///C:/work/a.obc"


def test_sarif_validates_against_the_oasis_schema(registry: Registry) -> None:
    diagnostics, _ = _golden_diagnostics(registry)
    log = json.loads(render_sarif([*diagnostics, _odd()], tool_version="1.2.3"))
    schema = json.loads((VALIDATORS / "sarif" / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(log)] == []
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules))
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    assert len(run["results"]) == len(diagnostics) + 1


def test_rdjson_validates_against_reviewdogs_schema_and_counts_bytes(
        registry: Registry) -> None:
    diagnostics, sources = _golden_diagnostics(registry)
    result = json.loads(render_rdjson(diagnostics, sources))
    schema = json.loads((VALIDATORS / "rdjson" / "DiagnosticResult.json").read_text())
    assert [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(result)] == []
    assert len(result["diagnostics"]) == len(diagnostics)
    source = 'ruleset r "x":\n    title "€€ ok"\noutcome a "é": bad\n'
    d = Diagnostic(code="OBC001", severity="error", message="m", file="u.obc", line=3,
                   column=16, end_line=3, end_column=19)
    assert source.splitlines()[2][15:18] == "bad"
    (entry,) = json.loads(render_rdjson([d], {"u.obc": source}))["diagnostics"]
    assert entry["location"]["range"] == {"start": {"line": 3, "column": 17},
                                          "end": {"line": 3, "column": 20}}
    assert source.splitlines()[2].encode()[16:19] == b"bad"
    (plain,) = json.loads(render_rdjson([d], {}))["diagnostics"]
    assert plain["location"]["range"]["start"] == {"line": 3, "column": 16}


def test_every_format_shows_the_same_code_point_column_on_a_non_ascii_line(
        registry: Registry) -> None:
    source = b'ruleset r "\xe2\x82\xac\xe2\x82\xac": extra\n    service care\n'
    checked = check_text(source, "u.obc", registry)
    (d, *_) = checked.diagnostics
    assert (d.line, d.column) == (1, 17)  # `extra` after 16 code points (20 bytes)
    assert render_human(d, checked.text).startswith("u.obc:1:17: error")
    assert ",col=17," in render_github(d)
    (result,) = json.loads(render_sarif([d], tool_version="0"))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 17
    (entry,) = json.loads(render_rdjson([d], {"u.obc": checked.text}))["diagnostics"]
    assert entry["location"]["range"]["start"]["column"] == 21
