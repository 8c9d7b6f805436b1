"""The Python API behind every ``obc`` command: one function per command.

Everything the command line does can be done from Python; each ``obc`` command
parses its options, calls one function here and prints what it returns::

    from obcrules import api

    report = api.check(["rulesets/continence.obc"], engine="spark")  # obc check
    run = api.monitor("rulesets/continence.obc", "data", out="out", report="pdf")
    print(api.status_table(run.result))                              # obc monitor

Checking: `check`, `format_files`/`format_file`, `test_rulesets`, and the
building blocks `check_file`, `check_text`, `check_source`, `load_ruleset`.
Monitoring: `monitor`, `status_table`. Tender: `tender_init`, `tender_template`,
`tender_scoresheets`, `tender_moderate`, `tender_evaluate`, `tender_award`,
`tender_verify`, `tender_report`. Reports: `report_framework`,
`report_evaluation`, `report_monitoring`. Plugins: `plugins`, `new_plugin`,
`sample_data`. The demo: `demo`.

Functions raise typed exceptions, never print: `UsageError` (a missing input
or an invalid argument), `RulesetError`, `UnportableRuleset`, `MonitoringError`
and `InvalidData`, `TenderError`, `ReportError`, `WriteError`, `ScaffoldError`,
`SampleDataError`. Importing this module is cheap: each name is imported from
its home on first use, so ``obc --help`` loads none of them and ``obc check``
only what checking needs; the engine, the tender, the reports and their
libraries load when a function needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from obcrules.api.checking import (
        CheckReport,
        FileCheck,
        Formatted,
        RulesetTests,
        check,
        format_file,
        format_files,
        test_rulesets,
    )
    from obcrules.api.errors import ReportError, UsageError, WriteError
    from obcrules.api.extensions import PluginList, new_plugin, plugins, sample_data
    from obcrules.api.monitoring import MonitorReportError, MonitorRun, UnportableRuleset, monitor
    from obcrules.api.reports import report_evaluation, report_framework, report_monitoring
    from obcrules.api.tender import (
        TenderReport,
        tender_award,
        tender_evaluate,
        tender_init,
        tender_moderate,
        tender_report,
        tender_scoresheets,
        tender_template,
        tender_verify,
    )
    from obcrules.api.walkthrough import demo
    from obcrules.engine.errors import MonitoringError
    from obcrules.engine.render import status_table
    from obcrules.engine.result import MonitoringResult
    from obcrules.engine.run import InvalidData
    from obcrules.plugins.sample_files import SampleDataError
    from obcrules.reports.documents import ReportFiles
    from obcrules.scaffold import ScaffoldError
    from obcrules.semantics.checked import (
        CheckedRuleset,
        RulesetError,
        check_file,
        check_source,
        check_text,
        default_registry,
        load_ruleset,
    )
    from obcrules.tender.problems import TenderError
    from obcrules.tender.workflow import Outcome

_HOMES = {
    "obcrules.api.checking": ("CheckReport", "FileCheck", "Formatted", "RulesetTests", "check",
                              "format_file", "format_files", "test_rulesets"),
    "obcrules.api.errors": ("ReportError", "UsageError", "WriteError"),
    "obcrules.api.extensions": ("PluginList", "new_plugin", "plugins", "sample_data"),
    "obcrules.api.monitoring": ("MonitorReportError", "MonitorRun", "UnportableRuleset",
                                "monitor"),
    "obcrules.api.reports": ("report_evaluation", "report_framework", "report_monitoring"),
    "obcrules.api.tender": ("TenderReport", "tender_award", "tender_evaluate", "tender_init",
                            "tender_moderate", "tender_report", "tender_scoresheets",
                            "tender_template", "tender_verify"),
    "obcrules.api.walkthrough": ("demo",),
    "obcrules.engine.errors": ("MonitoringError",),
    "obcrules.engine.render": ("status_table",),
    "obcrules.engine.result": ("MonitoringResult",),
    "obcrules.engine.run": ("InvalidData",),
    "obcrules.plugins.sample_files": ("SampleDataError",),
    "obcrules.reports.documents": ("ReportFiles",),
    "obcrules.scaffold": ("ScaffoldError",),
    "obcrules.semantics.checked": ("CheckedRuleset", "RulesetError", "check_file",
                                   "check_source", "check_text", "default_registry",
                                   "load_ruleset"),
    "obcrules.tender.problems": ("TenderError",),
    "obcrules.tender.workflow": ("Outcome",),
}
_LAZY = {name: module for module, names in _HOMES.items() for name in names}
"""Every name, imported from its home on first use: ``obc --help`` imports none of them,
and ``obc check`` only the checking."""


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "CheckReport",
    "CheckedRuleset",
    "FileCheck",
    "Formatted",
    "InvalidData",
    "MonitorReportError",
    "MonitorRun",
    "MonitoringError",
    "MonitoringResult",
    "Outcome",
    "PluginList",
    "ReportError",
    "ReportFiles",
    "RulesetError",
    "RulesetTests",
    "SampleDataError",
    "ScaffoldError",
    "TenderError",
    "TenderReport",
    "UnportableRuleset",
    "UsageError",
    "WriteError",
    "check",
    "check_file",
    "check_source",
    "check_text",
    "default_registry",
    "demo",
    "format_file",
    "format_files",
    "load_ruleset",
    "monitor",
    "new_plugin",
    "plugins",
    "report_evaluation",
    "report_framework",
    "report_monitoring",
    "sample_data",
    "status_table",
    "tender_award",
    "tender_evaluate",
    "tender_init",
    "tender_moderate",
    "tender_report",
    "tender_scoresheets",
    "tender_template",
    "tender_verify",
    "test_rulesets",
]
