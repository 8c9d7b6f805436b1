"""One report view → an HTML file and, optionally, a PDF, both written atomically.

An archival PDF (PDF/A-3b) carries its sources as associated files: those the
caller names (the result the report shows) and ``inputs.sha256``, the hash of
every input the report's appendix lists, in the format ``sha256sum -c`` reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from obcrules.io.atomic import write_bytes_atomic, write_text_atomic
from obcrules.reports.context.common import ReportView
from obcrules.reports.pdf import ArchiveFile, AssetFetcher, PdfRenderer, PdfVariant
from obcrules.reports.render import render_html


@dataclass(frozen=True)
class ReportFiles:
    """The files one report was written to (``pdf`` is None when no PDF was asked for)."""

    html: Path
    pdf: Path | None
    removed: tuple[Path, ...] = ()
    """An earlier PDF of the same report deleted because none was asked for this time."""


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
    variant: PdfVariant = "pdf/ua-1",
    archive: Sequence[ArchiveFile] = (),
) -> ReportFiles:
    """Render ``report`` to ``out_dir/stem.html`` and, with ``pdf``, ``out_dir/stem.pdf``.

    Pass one ``renderer`` when writing several reports in a row to load the fonts once
    (its variant is then the one used). ``archive`` is embedded in a PDF/A-3b only.
    """
    html = render_html(report, templates, plugin_folders)
    html_path = out_dir / f"{stem}.html"
    write_text_atomic(html_path, html)
    if not pdf:
        return ReportFiles(html_path, None)
    pdf_path = out_dir / f"{stem}.pdf"
    renderer = renderer or PdfRenderer(fetcher, variant)
    write_bytes_atomic(pdf_path, renderer.pdf(html, [*archive, *_hashes(report)]))
    return ReportFiles(html_path, pdf_path)


def _hashes(report: ReportView) -> list[ArchiveFile]:
    if not report.audit:
        return []
    lines = "".join(f"{row.sha256}  {row.path}\n" for row in report.audit)
    return [ArchiveFile("inputs.sha256", lines.encode("utf-8"),
                        "SHA-256 of every input the report was made from (sha256sum -c)",
                        "Source")]
