"""Reports: results → plain view models → Jinja templates → HTML → PDF.

The functions here are what the commands and the demo call; each writes an HTML
file and a PDF with the same content into an output folder, atomically.
"""

from __future__ import annotations

from obcrules.reports.documents import ReportFiles
from obcrules.reports.publish import render_evaluation, render_framework, render_monitoring

__all__ = ["ReportFiles", "render_evaluation", "render_framework", "render_monitoring"]
