"""``obc test --junit-xml FILE``: the ruleset tests as JUnit XML, which CI dashboards read.

One ``<testsuite>`` per tests file (named after it), one ``<testcase>`` per test
(``classname`` the ruleset, ``name`` the test), a ``<failure>`` listing each figure
that differed, and an ``<error>`` for a ruleset whose errors kept its tests from
running. The shape is the one Jenkins, GitLab and GitHub test reporters read
(testsuites › testsuite › testcase › failure | error).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.api.errors import WriteError

if TYPE_CHECKING:
    from obcrules.api.checking import RulesetTests


def junit_xml(runs: Iterable[RulesetTests]) -> bytes:
    """The runs as a JUnit XML document (UTF-8, with the XML declaration)."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="obc test")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for run in runs:
        suite = ET.SubElement(root, "testsuite", name=str(run.tests_file))
        classname = run.ruleset.stem
        failures = errors = 0
        if run.error is not None:
            case = ET.SubElement(suite, "testcase", classname=classname,
                                 name="the ruleset has no errors", time="0")
            error = ET.SubElement(case, "error", message=f"{run.ruleset} has errors",
                                  type="RulesetError")
            error.text = f"run `obc check {run.ruleset}` ({run.error})"
            errors += 1
        for result in run.cases:
            case = ET.SubElement(suite, "testcase", classname=classname, name=result.name,
                                 time=f"{result.seconds:.3f}")
            if result.failures:
                failure = ET.SubElement(case, "failure", message=result.failures[0],
                                        type="ExpectationFailed")
                failure.text = "\n".join(result.failures)
                failures += 1
        count = len(run.cases) + (run.error is not None)
        suite.set("tests", str(count))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("time", f"{run.seconds:.3f}")
        totals["tests"] += count
        totals["failures"] += failures
        totals["errors"] += errors
        seconds += run.seconds
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{seconds:.3f}")
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def write_junit(runs: Iterable[RulesetTests], path: str | Path) -> Path:
    """Write `junit_xml` of ``runs`` to ``path`` atomically; `WriteError` if it cannot be."""
    from obcrules.io.atomic import write_bytes_atomic

    target = Path(path)
    try:
        write_bytes_atomic(target, junit_xml(runs))
    except OSError as exc:
        raise WriteError(target, exc) from exc
    return target
