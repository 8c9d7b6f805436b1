"""The PDFs a report can be, as names: a module of its own so that ``obc --help`` can
offer them without importing the reports or the ruleset machinery."""

from __future__ import annotations

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
"""The PDFs a report can be: ``pdf/ua-1`` to publish (accessible, the default) and
``pdf/a-3b`` to keep (archival, accessible too, its sources embedded). The same
names as `obcrules.reports.pdf.PdfVariant`, which this module does not import."""
