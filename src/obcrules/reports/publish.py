"""The functions the commands (and the demo) call: a result in, report files out.

Each reads what the other commands wrote (a checked ruleset, ``evaluation.json``,
``monitoring.json``), builds the view model, renders the HTML and the PDF, and
writes them atomically into ``out_dir``. ``templates`` is a folder of templates
that override the core's by name. ``pdf_variant`` is ``pdf/ua-1`` (the default,
for publishing) or ``pdf/a-3b`` (for records retention: the result the report
shows and its inputs' hashes are embedded in the PDF). A document that is missing, unreadable or of
the wrong shape raises `obcrules.results.reading.DocumentError` (a `ValueError`)
naming the file and the fields, before anything is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from obcrules.model import Ruleset
from obcrules.plugins.manager import Registry
from obcrules.reports.context.common import toc_with_sections
from obcrules.reports.context.evaluation import build_evaluation
from obcrules.reports.context.feedback import build_feedback
from obcrules.reports.context.finance import monitoring_finance
from obcrules.reports.context.framework import build_framework, framework_document
from obcrules.reports.context.monitoring import build_monitoring
from obcrules.reports.documents import ReportFiles, write_report
from obcrules.reports.formatting import slug
from obcrules.reports.pdf import ArchiveFile, AssetFetcher, PdfRenderer, PdfVariant
from obcrules.reports.sections import build_sections, section_declarations
from obcrules.results.feedback import feedback_document
from obcrules.results.reading import read_evaluation, read_monitoring
from obcrules.semantics.checked import CheckedRuleset
from obcrules.tender.result import evaluation_time


def render_framework(
    checked: CheckedRuleset,
    out_dir: Path,
    templates: Path | None = None,
    pdf: bool = True,
    fetcher: AssetFetcher | None = None,
    pdf_variant: PdfVariant = "pdf/ua-1",
) -> ReportFiles:
    """Write ``framework.html`` (and ``framework.pdf``) for a checked ruleset.

    ``checked`` must have parsed (errors are the caller's to refuse).
    """
    ruleset = checked.ruleset
    if ruleset is None:
        raise ValueError(f"{checked.file} could not be parsed; check it with `obc check`")
    services = [s.name for s in ruleset.header.services] if ruleset.header else []
    document = framework_document(ruleset, checked.sha256)
    sections, folders = build_sections(
        section_declarations(checked.registry, "framework", services), document
    )
    view = build_framework(
        ruleset,
        checked.vocabulary,
        source_text=checked.text,
        file=Path(checked.file).name,
        sha256=checked.sha256,
        sections=sections,
        plugins=_plugin_versions(checked.registry, services),
    )
    source = ArchiveFile(Path(checked.file).name, checked.text.encode("utf-8"),
                         "The ruleset this framework was generated from")
    return write_report(view, out_dir, "framework", templates=templates,
                        plugin_folders=folders, pdf=pdf, fetcher=fetcher,
                        variant=pdf_variant, archive=[source])


def render_evaluation(
    result_json_path: Path,
    out_dir: Path,
    templates: Path | None = None,
    pdf: bool = True,
    registry: Registry | None = None,
    fetcher: AssetFetcher | None = None,
    pdf_variant: PdfVariant = "pdf/ua-1",
) -> list[ReportFiles]:
    """Write ``evaluation.html``/``.pdf`` and one assessment summary per bidder.

    The summaries go to ``out_dir/feedback/<bidder>.html`` (and ``.pdf``), the
    bidder's name made safe for a file name. An archival summary embeds nothing:
    the evaluation result names every bidder. Returns the evaluation report's
    files first, then each bidder's in the result's order. The date of the
    evaluation is when ``obc tender evaluate`` wrote the file, from the audit trail
    beside it (`obcrules.tender.result.evaluation_time`), so the reports are the
    same however often they are made.
    """
    document = read_evaluation(result_json_path)
    services = sorted(document["plugins"])
    sections, folders = build_sections(
        section_declarations(registry, "evaluation", services), document
    )
    renderer = PdfRenderer(fetcher, pdf_variant) if pdf else None
    evaluated = evaluation_time(result_json_path)
    record = hashlib.sha256(result_json_path.read_bytes()).hexdigest()
    source = ArchiveFile("evaluation.json", result_json_path.read_bytes(),
                         "The evaluation result this report shows", "Data")
    written = [write_report(build_evaluation(document, sections, evaluated, record), out_dir,
                            "evaluation", templates=templates, plugin_folders=folders, pdf=pdf,
                            renderer=renderer, archive=[source])]
    feedback_decls = section_declarations(registry, "feedback", services)
    taken: set[str] = set()
    # one summary per bidder, though it may have more than one bid listed (a withdrawn
    # bid and the one it made after, a second bid refused as invalid): its own shows them all
    for bidder in dict.fromkeys(b["bidder"] for b in document["bids"]):
        own = feedback_document(document, bidder)
        bid_sections, bid_folders = build_sections(feedback_decls, own)
        view = build_feedback(own, evaluated)
        view = replace(view, sections=bid_sections,
                       toc=toc_with_sections(view.toc, bid_sections))
        written.append(write_report(view, out_dir / "feedback", slug(bidder, taken),
                                    templates=templates, plugin_folders=bid_folders, pdf=pdf,
                                    renderer=renderer))
    return written


def render_monitoring(
    result_json_path: Path,
    out_dir: Path,
    templates: Path | None = None,
    pdf: bool = True,
    registry: Registry | None = None,
    ruleset: Ruleset | None = None,
    fetcher: AssetFetcher | None = None,
    pdf_variant: PdfVariant = "pdf/ua-1",
    progress: Callable[[str], None] | None = None,
) -> ReportFiles:
    """Write ``monitoring.html`` (and ``monitoring.pdf``) from ``monitoring.json``.

    With ``ruleset``, outcome titles come from it where the result has none, and
    the report takes its title and currency. ``progress`` is told the PDF's steps.
    """
    document = read_monitoring(result_json_path)
    sections, folders = build_sections(
        section_declarations(registry, "monitoring", sorted(document["plugins"])), document
    )
    titles = {i.name: i.title for i in ruleset.items} if ruleset is not None else {}
    header = ruleset.header if ruleset is not None else None
    currency = (header.currency if header else None) or document["currency"] or "£"
    view = build_monitoring(document, sections, titles, currency,
                            title=header.title if header else None,
                            finance=monitoring_finance(ruleset, document)
                            if ruleset is not None else None)
    source = ArchiveFile("monitoring.json", result_json_path.read_bytes(),
                         "The monitoring result this report shows", "Data")
    renderer = PdfRenderer(fetcher, pdf_variant, progress) if pdf else None
    return write_report(view, out_dir, "monitoring", templates=templates,
                        plugin_folders=folders, pdf=pdf, fetcher=fetcher,
                        renderer=renderer, variant=pdf_variant, archive=[source])


def _plugin_versions(registry: Registry | None, services: list[str]) -> Mapping[str, str]:
    if registry is None:
        return {}
    return {name: registry.version_of(name) for name in sorted(set(services))}
