"""The documents obcrules writes, as types: one source for the code and the JSON Schemas.

`obcrules.results.monitoring` (``monitoring.json``) and
`obcrules.results.evaluation` (``out/evaluation.json``) are `TypedDict`s that the
engine and the tender write, the reports and plugins' report sections read, and
`obcrules.results.schemas` turns into the published JSON Schemas.
`obcrules.results.reading` reads one from a file and validates it, naming the
file and the field when it does not fit. `obcrules.results.diagnostics` is what
``obc check --format json`` prints. Two more documents are never written
but handed to plugins' report sections: `FeedbackDocument` (the evaluation as
one bidder may see it) and `FrameworkDocument` (the ruleset of a framework
report). `ReportDocument` is any of the four.
"""

from __future__ import annotations

from typing import TypeAlias

from obcrules.results.diagnostics import DiagnosticsDocument
from obcrules.results.evaluation import EvaluationDocument
from obcrules.results.feedback import FeedbackDocument
from obcrules.results.framework import FrameworkDocument
from obcrules.results.monitoring import MonitoringDocument

ReportDocument: TypeAlias = (
    MonitoringDocument | EvaluationDocument | FeedbackDocument | FrameworkDocument
)
"""The document a report reads and its plugin sections receive; ``schema`` tells which."""

__all__ = ["DiagnosticsDocument", "EvaluationDocument", "FeedbackDocument", "FrameworkDocument",
           "MonitoringDocument", "ReportDocument"]
