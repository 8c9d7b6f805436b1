"""The reports as functions: ``obc report framework`` and the reports that ``obc monitor``,
``obc tender report`` and the demo write. Each writes HTML and, with ``pdf``, a PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from obcrules.api.checking import RulesetSource, loaded_ruleset, require_files
from obcrules.api.errors import ReportError, UsageError
from obcrules.api.pdf_variants import PDF_VARIANTS
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset, default_registry

if TYPE_CHECKING:
    from obcrules.reports.context.evaluation import EvaluationView
    from obcrules.reports.context.monitoring import PaymentsView
    from obcrules.reports.documents import ReportFiles
    from obcrules.reports.pdf import PdfVariant
    from obcrules.results.evaluation import EvaluationDocument
    from obcrules.results.monitoring import MonitoringDocument



def checked_variant(variant: str) -> PdfVariant:
    """``variant`` if it is one of `PDF_VARIANTS`; else a `UsageError` naming them."""
    if variant not in PDF_VARIANTS:
        raise UsageError(f"no PDF variant {variant!r}: choose {' or '.join(PDF_VARIANTS)}",
                         argument="pdf_variant")
    return cast("PdfVariant", variant)


@contextmanager
def _rendering() -> Iterator[None]:
    """The renderers' `ValueError` (a template that fails, a result of another kind) as
    a `ReportError`."""
    try:
        yield
    except ReportError:
        raise
    except ValueError as exc:
        raise ReportError(str(exc)) from exc


def report_framework(ruleset: RulesetSource, out_dir: str | Path, *,
                     templates: Path | None = None, pdf: bool = True,
                     registry: Registry | None = None,
                     pdf_variant: str = "pdf/ua-1") -> ReportFiles:
    """Write ``framework.html`` (and ``.pdf``) for a ruleset into ``out_dir``
    (``obc report framework``), to publish with the tender; return the files.
    ``pdf_variant`` is one of `PDF_VARIANTS`; an archival framework embeds the ruleset.
    The two are put in place together; without ``pdf``, an earlier ``framework.pdf``
    is deleted with them (it would show an earlier ruleset), and named in ``removed``.

    Raises `UsageError` if the ruleset file does not exist or the variant is
    unknown, `RulesetError` if it has errors, `ReportError` if a template cannot be
    rendered.
    """
    from dataclasses import replace

    from obcrules.io.commit import together
    from obcrules.reports import render_framework

    variant = checked_variant(pdf_variant)
    checked = loaded_ruleset(ruleset, registry)
    out = Path(out_dir)
    with _rendering(), together(out, out / ".framework-commit") as staged:
        files = render_framework(checked, staged.folder / "new", templates=templates,
                                 pdf=pdf, pdf_variant=variant)
        earlier_pdf = out / files.html.with_suffix(".pdf").name
        removed: tuple[Path, ...] = ()
        if files.pdf is None and earlier_pdf.is_file():
            staged.retire(earlier_pdf.name)
            removed = (earlier_pdf,)
    return replace(files, html=out / files.html.name,
                   pdf=out / files.pdf.name if files.pdf is not None else None,
                   removed=removed)


def report_evaluation(evaluation: str | Path, out_dir: str | Path, *,
                      templates: Path | None = None, pdf: bool = True,
                      registry: Registry | None = None,
                      pdf_variant: str = "pdf/ua-1") -> list[ReportFiles]:
    """Write ``evaluation.html`` (and ``.pdf``) from an ``evaluation.json`` into ``out_dir``,
    and one assessment summary per bidder into ``out_dir/feedback``. An archival
    evaluation report embeds ``evaluation.json`` and its inputs' hashes.

    Returns the evaluation report's files first, then each bidder's. Raises
    `UsageError` if ``evaluation`` does not exist or the variant is unknown,
    `ReportError` if it is not an evaluation or a template cannot be rendered.
    """
    from obcrules.reports import render_evaluation

    variant = checked_variant(pdf_variant)
    (path,) = require_files([evaluation])
    with _rendering():
        return render_evaluation(path, Path(out_dir), templates=templates, pdf=pdf,
                                 registry=registry or default_registry(),
                                 pdf_variant=variant)


def report_monitoring(monitoring: str | Path, out_dir: str | Path, *,
                      ruleset: CheckedRuleset | None = None, templates: Path | None = None,
                      pdf: bool = True, registry: Registry | None = None,
                      pdf_variant: str = "pdf/ua-1",
                      progress: Callable[[str], None] | None = None) -> ReportFiles:
    """Write ``monitoring.html`` (and ``.pdf``) from a ``monitoring.json`` into ``out_dir``;
    return the files. With ``ruleset``, outcome titles and currency come from it. An
    archival report embeds ``monitoring.json`` and its inputs' hashes. ``progress`` is
    told when the PDF's layout starts, each page it lays out, and how many pages it has.

    Raises `UsageError` if ``monitoring`` does not exist or the variant is unknown,
    `ReportError` if it is not a monitoring result or a template cannot be rendered.
    """
    from obcrules.reports import render_monitoring

    variant = checked_variant(pdf_variant)
    (path,) = require_files([monitoring])
    model = ruleset.ruleset if ruleset is not None else None
    with _rendering():
        return render_monitoring(path, Path(out_dir), templates=templates, pdf=pdf,
                                 registry=registry or default_registry(), ruleset=model,
                                 pdf_variant=variant, progress=progress)


def evaluation_summary(document: EvaluationDocument) -> EvaluationView:
    """What the evaluation report says of ``document`` (an ``evaluation.json`` as
    `obcrules.results.reading.read_evaluation` reads it), for a page that shows the
    evaluation before or beside the report (``obc serve``'s Results): each bid's rank,
    price, scores and total as published, its reasons and flags with criteria and
    outcomes by their titles, the sensitivity to the weights in a sentence and each
    shift of weight. The same view model the report is rendered from, so the two
    never word a figure differently."""
    from obcrules.reports.context.evaluation import EvaluationView, build_evaluation

    body = build_evaluation(document).body
    assert isinstance(body, EvaluationView)
    return body


def payments_summary(document: MonitoringDocument, provider: str) -> PaymentsView:
    """What ``provider`` is due in ``document`` (a ``monitoring.json`` as
    `obcrules.results.reading.read_monitoring` reads it), as the monitoring report's
    "Payments due" gives it: each rate-card line by its outcome's title with its
    working, the rate card's total, and the facts from the contract value to the total
    due, each bonus, penalty and clawback in words, in the document's currency. For a
    page that shows a provider's payments (``obc serve``'s dashboard); the markup is
    the reports' ``payments_due`` macro."""
    from obcrules.reports.context.monitoring import provider_payments

    titles = {r["name"]: r["title"] for r in document["results"]}
    return provider_payments(document, provider, titles, document["currency"] or "£")


def report_templates() -> Path:
    """The folder of the reports' Jinja templates (``macros.html.j2``, ``report.css``…),
    for a front end that renders pages in the reports' look (``obc serve``)."""
    from obcrules.reports.render import CORE_TEMPLATES

    return CORE_TEMPLATES
