"""The Python API behind every ``obc`` command: one function per command.

Everything the command line does can be done from Python; each ``obc`` command
parses its options, calls one function here and prints what it returns::

    from obcrules import api

    report = api.check(["rulesets/continence.obc"], engine="spark")  # obc check
    run = api.monitor("rulesets/continence.obc", "data", out="out", report="pdf")
    print(api.status_table(run.result))                              # obc monitor

Checking: `check`, `format_files`/`format_file`, `test_rulesets`, and the
building blocks `check_file`, `check_text`, `check_source`, `load_ruleset`.
Monitoring: `monitor`, `status_table`. Finance (``obc finance``): `finance`,
`finance_summary`. Tender: `tender_init`, `tender_template`,
`tender_scoresheets`, `tender_moderate`, `tender_evaluate`, `tender_award`,
`tender_withdraw`, `tender_report`, and the ones that only read: `tender_check`, `tender_verify`,
`tender_history`, `tender_seal`. The panel (``obc tender invite``, ``revoke``, ``obc
serve``): `tender_invite`, `tender_revoke`, `tender_people`, `tender_downloads` and the
`panel_*` functions. The playground: `ruleset_insight`, `preview_framework`,
`save_ruleset` (the web app itself, `obc serve`, sits above: `obcrules.web`).
Reports: `report_framework`, `report_evaluation`, `report_monitoring`, and
`evaluation_summary`, `payments_summary` and `gaming_summary` (what the evaluation and
monitoring reports say, for a page to show). Schemas:
`schema` (``obc schema``), `SCHEMA_NAMES`. Plugins: `plugins`, `new_plugin`, `sample_data`. Editors:
`serve_language` (``obc lsp``). The demo: `demo`. Messages: `redact` masks the
passwords of connection strings in any text, `printable` escapes what a terminal would act on.

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
        format_text,
        project_settings,
        test_rulesets,
    )
    from obcrules.api.checking import Settings as Settings
    from obcrules.api.errors import ReportError, UsageError, WriteError
    from obcrules.api.extensions import PluginList, new_plugin, plugins, sample_data
    from obcrules.api.finance import finance
    from obcrules.api.junit import junit_xml, write_junit
    from obcrules.api.language import serve_language
    from obcrules.api.monitoring import (
        MonitorReportError,
        MonitorRun,
        UnportableRuleset,
        monitor,
        status_table,
    )
    from obcrules.api.panel import (
        panel_agree,
        panel_attachment,
        panel_bids,
        panel_criteria,
        panel_declare,
        panel_moderation,
        panel_person,
        panel_save_sheet,
        panel_session_key,
        panel_sheet,
        panel_sign_in,
        panel_sign_out,
        panel_status,
        tender_downloads,
        tender_invite,
        tender_people,
        tender_revoke,
    )
    from obcrules.api.pdf_variants import PDF_VARIANTS
    from obcrules.api.playground import (
        OutlineEntry,
        RulesetInsight,
        preview_framework,
        ruleset_insight,
        save_ruleset,
    )
    from obcrules.api.reports import (
        evaluation_summary,
        gaming_summary,
        payments_summary,
        report_evaluation,
        report_framework,
        report_monitoring,
        report_templates,
    )
    from obcrules.api.schemas import SCHEMA_NAMES, schema
    from obcrules.api.tender import (
        TenderReport,
        tender_award,
        tender_check,
        tender_evaluate,
        tender_history,
        tender_init,
        tender_moderate,
        tender_report,
        tender_scoresheets,
        tender_seal,
        tender_template,
        tender_verify,
        tender_withdraw,
    )
    from obcrules.api.verification import SampleRun, verify_sample
    from obcrules.api.walkthrough import demo
    from obcrules.engine.errors import MonitoringError
    from obcrules.engine.render import provider_summaries, summary_lines
    from obcrules.engine.result import MonitoringResult
    from obcrules.engine.run import InvalidData
    from obcrules.finance.summary import finance_summary
    from obcrules.plugins.sample_files import SampleDataError
    from obcrules.redaction import printable, redact
    from obcrules.reports.context.gaming import GamingAlertView
    from obcrules.reports.documents import ReportFiles
    from obcrules.results.evaluation import tie_rule
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
    from obcrules.tender.panel import CriterionGuide, ModerationRow, PanelBids, PanelStatus, Sheet
    from obcrules.tender.people import ROLES, Invitation, Person, SignInRefused
    from obcrules.tender.problems import TenderError
    from obcrules.tender.workflow import Outcome

_HOMES = {
    "obcrules.api.checking": (
        "CheckReport",
        "FileCheck",
        "Formatted",
        "RulesetTests",
        "check",
        "format_file",
        "format_files",
        "format_text",
        "project_settings",
        "Settings",
        "test_rulesets",
    ),
    "obcrules.api.junit": ("junit_xml", "write_junit"),
    "obcrules.api.errors": (
        "ReportError",
        "UsageError",
        "WriteError",
    ),
    "obcrules.api.extensions": (
        "PluginList",
        "new_plugin",
        "plugins",
        "sample_data",
    ),
    "obcrules.api.finance": ("finance",),
    "obcrules.api.language": ("serve_language",),
    "obcrules.api.monitoring": (
        "MonitorReportError",
        "MonitorRun",
        "UnportableRuleset",
        "monitor",
        "status_table",
    ),
    "obcrules.api.panel": (
        "panel_agree",
        "panel_attachment",
        "panel_bids",
        "panel_criteria",
        "panel_declare",
        "panel_moderation",
        "panel_person",
        "panel_save_sheet",
        "panel_session_key",
        "panel_sheet",
        "panel_sign_in",
        "panel_sign_out",
        "panel_status",
        "tender_downloads",
        "tender_invite",
        "tender_people",
        "tender_revoke",
    ),
    "obcrules.api.playground": (
        "OutlineEntry",
        "RulesetInsight",
        "preview_framework",
        "ruleset_insight",
        "save_ruleset",
    ),
    "obcrules.api.pdf_variants": ("PDF_VARIANTS",),
    "obcrules.api.reports": (
        "evaluation_summary",
        "gaming_summary",
        "payments_summary",
        "report_evaluation",
        "report_framework",
        "report_monitoring",
        "report_templates",
    ),
    "obcrules.api.schemas": (
        "SCHEMA_NAMES",
        "schema",
    ),
    "obcrules.api.tender": (
        "TenderReport",
        "tender_award",
        "tender_check",
        "tender_evaluate",
        "tender_history",
        "tender_init",
        "tender_moderate",
        "tender_report",
        "tender_scoresheets",
        "tender_seal",
        "tender_template",
        "tender_verify",
        "tender_withdraw",
    ),
    "obcrules.api.verification": (
        "SampleRun",
        "verify_sample",
    ),
    "obcrules.api.walkthrough": ("demo",),
    "obcrules.engine.errors": ("MonitoringError",),
    "obcrules.engine.render": ("provider_summaries", "summary_lines"),
    "obcrules.engine.result": ("MonitoringResult",),
    "obcrules.engine.run": ("InvalidData",),
    "obcrules.finance.summary": ("finance_summary",),
    "obcrules.plugins.sample_files": ("SampleDataError",),
    "obcrules.redaction": ("printable", "redact"),
    "obcrules.reports.context.gaming": ("GamingAlertView",),
    "obcrules.results.evaluation": ("tie_rule",),
    "obcrules.reports.documents": ("ReportFiles",),
    "obcrules.scaffold": ("ScaffoldError",),
    "obcrules.semantics.checked": (
        "CheckedRuleset",
        "RulesetError",
        "check_file",
        "check_source",
        "check_text",
        "default_registry",
        "load_ruleset",
    ),
    "obcrules.tender.panel": (
        "CriterionGuide",
        "ModerationRow",
        "PanelBids",
        "PanelStatus",
        "Sheet",
    ),
    "obcrules.tender.people": (
        "ROLES",
        "Invitation",
        "Person",
        "SignInRefused",
    ),
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
    "PDF_VARIANTS",
    "ROLES",
    "SCHEMA_NAMES",
    "CheckReport",
    "CheckedRuleset",
    "CriterionGuide",
    "FileCheck",
    "Formatted",
    "GamingAlertView",
    "InvalidData",
    "Invitation",
    "ModerationRow",
    "MonitorReportError",
    "MonitorRun",
    "MonitoringError",
    "MonitoringResult",
    "Outcome",
    "OutlineEntry",
    "PanelBids",
    "PanelStatus",
    "Person",
    "PluginList",
    "ReportError",
    "ReportFiles",
    "RulesetError",
    "RulesetInsight",
    "RulesetTests",
    "SampleDataError",
    "SampleRun",
    "ScaffoldError",
    "Settings",
    "Sheet",
    "SignInRefused",
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
    "evaluation_summary",
    "finance",
    "finance_summary",
    "format_file",
    "format_files",
    "format_text",
    "gaming_summary",
    "junit_xml",
    "load_ruleset",
    "monitor",
    "new_plugin",
    "panel_agree",
    "panel_attachment",
    "panel_bids",
    "panel_criteria",
    "panel_declare",
    "panel_moderation",
    "panel_person",
    "panel_save_sheet",
    "panel_session_key",
    "panel_sheet",
    "panel_sign_in",
    "panel_sign_out",
    "panel_status",
    "payments_summary",
    "plugins",
    "preview_framework",
    "printable",
    "project_settings",
    "provider_summaries",
    "redact",
    "report_evaluation",
    "report_framework",
    "report_monitoring",
    "report_templates",
    "ruleset_insight",
    "sample_data",
    "save_ruleset",
    "schema",
    "serve_language",
    "status_table",
    "summary_lines",
    "tender_award",
    "tender_check",
    "tender_downloads",
    "tender_evaluate",
    "tender_history",
    "tender_init",
    "tender_invite",
    "tender_moderate",
    "tender_people",
    "tender_report",
    "tender_revoke",
    "tender_scoresheets",
    "tender_seal",
    "tender_template",
    "tender_verify",
    "tender_withdraw",
    "test_rulesets",
    "tie_rule",
    "verify_sample",
    "write_junit",
]
