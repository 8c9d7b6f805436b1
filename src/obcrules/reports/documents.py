"""One report view → an HTML file and, optionally, a PDF, both written atomically."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from obcrules.io.atomic import write_bytes_atomic, write_text_atomic
from obcrules.reports.context.common import ReportView
from obcrules.reports.pdf import AssetFetcher, PdfRenderer
from obcrules.reports.render import render_html


@dataclass(frozen=True)
class ReportFiles:
    """The files one report was written to (``pdf`` is None when no PDF was asked for)."""

    html: Path
    pdf: Path | None


def write_report(
    report: ReportView,
    out_dir: Path,
    stem: str,
    *,
    templates: Path | None = None,
    plugin_folders: Mapping[str, Path] | None = None,
    pdf: bool = True,
    fetcher: AssetFetcher | None = None,
    renderer: PdfRenderer | None = None,
) -> ReportFiles:
    """Render ``report`` to ``out_dir/stem.html`` and, with ``pdf``, ``out_dir/stem.pdf``.

    Pass one ``renderer`` when writing several reports in a row to load the fonts once.
    """
    html = render_html(report, templates, plugin_folders)
    html_path = out_dir / f"{stem}.html"
    write_text_atomic(html_path, html)
    if not pdf:
        return ReportFiles(html_path, None)
    pdf_path = out_dir / f"{stem}.pdf"
    write_bytes_atomic(pdf_path, (renderer or PdfRenderer(fetcher)).pdf(html))
    return ReportFiles(html_path, pdf_path)
