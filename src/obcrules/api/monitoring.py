"""``obc monitor`` as a function: a ruleset and monitoring data in; statuses, payments,
``monitoring.json`` and the monitoring report out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from obcrules.api.checking import (
    RulesetSource,
    engine_named,
    loaded_ruleset,
    require_files,
    unportable,
)
from obcrules.api.errors import ReportError, UsageError, WriteError
from obcrules.api.reports import checked_variant, gaming_summary, report_monitoring
from obcrules.diagnostics import Diagnostic
from obcrules.io.commit import StagedFiles, pending, roll_back, together
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset

if TYPE_CHECKING:
    from obcrules.engine.result import MonitoringResult
    from obcrules.reports.documents import ReportFiles
    from obcrules.results.monitoring import MonitoringDocument


@dataclass(frozen=True)
class MonitorRun:
    """What `monitor` did: the checked ruleset, the result, and the files it wrote."""

    checked: CheckedRuleset
    result: MonitoringResult
    written: Path | None = None
    """``OUT/monitoring.json`` (None without ``out``)."""
    report: ReportFiles | None = None
    """``OUT/monitoring.html`` and ``.pdf`` when a report was asked for."""
    ocds: Path | None = None
    """``OUT/ocds.json``, the contract's implementation release, when ``ocds`` was given."""
    removed: tuple[Path, ...] = ()
    """Files made from an earlier ``monitoring.json`` that this run did not make again
    (a report, an implementation release), removed with it (`MADE_FROM_RESULT`)."""


class UnportableRuleset(Exception):
    """The ruleset calls plugin functions the chosen engine cannot run; ``diagnostics``
    (OBC130) say where, ``checked`` has the source to quote."""

    def __init__(self, checked: CheckedRuleset, engine: str,
                 diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{checked.file} calls functions that {engine} cannot run")
        self.checked = checked
        self.engine = engine
        self.diagnostics = diagnostics


class MonitorReportError(ReportError):
    """The run was computed but its report could not be rendered: ``run`` is the result;
    nothing was written (the previous outputs are as they were)."""

    def __init__(self, message: str, run: MonitorRun) -> None:
        super().__init__(message)
        self.run = run


def monitor(
    ruleset: RulesetSource,
    data: str | Path,
    *,
    out: str | Path | None = None,
    contract: str | Path | None = None,
    strict: bool = False,
    engine: str = "duckdb",
    config: str | Path | None = None,
    spark_master: str = "local[*]",
    report: str | None = None,
    templates: Path | None = None,
    registry: Registry | None = None,
    ocds: str | Path | None = None,
    pdf_variant: str = "pdf/ua-1",
    progress: Callable[[str], None] | None = None,
    verification: str | Path | None = None,
) -> MonitorRun:
    """Monitor data against a ruleset (``obc monitor``).

    ``data`` is a folder of one file per table (DuckDB), a ``postgresql://`` URL
    (``engine="postgres"``) or a folder or URI of Parquet (``engine="spark"``);
    ``config`` is the settings file whose ``[tables.*]`` map tables to files or the
    warehouse and their columns to the declared names (None: ``obc.toml`` or
    ``[tool.obc]`` found from the working folder upwards; a path that does not
    exist is ignored). ``contract``: a ``contract.yaml`` whose targets replace the
    ruleset's. With ``out``, writes ``OUT/monitoring.json``, and with ``report``
    (``"html"`` or ``"pdf"``) the monitoring report beside it, its PDF a
    ``pdf_variant`` (`obcrules.api.pdf_variants.PDF_VARIANTS`: ``pdf/a-3b`` embeds
    monitoring.json and the inputs' hashes, for records retention). With ``ocds``, the
    award's ``out/ocds.json`` (it needs ``contract`` and ``out``), also writes
    ``OUT/ocds.json``: an OCDS release of the contract's implementation, the
    payments as its transactions (`obcrules.tender.ocds.implementation_package`).
    ``verification`` is the folder `verify_sample` wrote, its sheets filled in: claims
    found not confirmed or not found are not paid, a failure rate above the ruleset's
    ``claw back`` threshold claws back, and claims never returned are listed.
    The files written replace the previous ones together or not at all: a run that
    fails (or is killed) while writing leaves the previous outputs, and the next run
    into ``out`` first undoes one killed while renaming them into place.

    ``progress`` is told each step of the run as it starts.

    Raises `UsageError` (a missing ruleset or contract file, a report without
    ``out``, an unknown engine, a missing data folder, an engine URL of the wrong
    kind or a database that refuses the connection, malformed settings),
    `RulesetError` (the ruleset's errors), `UnportableRuleset`, `MonitoringError`
    for data the engine cannot use (`InvalidData`, with ``strict``, when any record
    is invalid: monitoring.json is written first, its path in ``written``),
    `WriteError` and `MonitorReportError`. Returns a `MonitorRun`; print it with
    `status_table`.
    """
    from obcrules.engine import monitor as run_monitor
    from obcrules.engine.engines import open_backend
    from obcrules.engine.errors import ConfigurationError
    from obcrules.engine.mapping import read_table_map
    from obcrules.engine.run import InvalidData
    from obcrules.engine.verification.sheets import read_returned
    from obcrules.io.settings import find_settings

    if out is not None:
        _undo_interrupted(Path(out))
    if not isinstance(ruleset, CheckedRuleset):
        require_files([ruleset], "no such ruleset file")
    if contract is not None:
        require_files([contract], "no such contract file")
    award = _award_release(ocds, contract, out) if ocds is not None else None
    if report not in (None, "html", "pdf"):
        raise UsageError(f"no report {report!r}: ask for html or pdf", argument="report")
    checked_variant(pdf_variant)
    if report is not None and out is None:
        raise UsageError("a report is written beside monitoring.json: give out",
                         argument="out")
    chosen = engine_named(engine)
    checked = loaded_ruleset(ruleset, registry)
    found = unportable(checked, chosen)
    if found:
        raise UnportableRuleset(checked, chosen, found)
    settings = Path(config) if config is not None else find_settings()
    if settings is not None and not settings.is_file():
        settings = None
    samples = read_returned(Path(verification)) if verification is not None else None
    backend = None
    try:
        backend = open_backend(chosen, str(data), settings, spark_master)
        result = run_monitor(checked, getattr(backend, "location", data), contract=contract,
                             strict=strict, backend=backend, samples=samples,
                             tables=read_table_map(settings) if settings else None,
                             progress=progress)
    except ConfigurationError as exc:
        raise UsageError(str(exc), argument="data") from None
    except InvalidData as exc:
        if out is not None:
            written = _write_staged(Path(out), MonitorRun(checked, exc.result))
            exc.written, exc.removed = written.written, written.removed
        raise
    finally:
        if backend is not None:
            backend.close()
    if out is None:
        return MonitorRun(checked, result)
    return _write_staged(Path(out), MonitorRun(checked, result), award, report, templates,
                         registry, pdf_variant, progress)


MADE_FROM_RESULT = ("ocds.json", "monitoring.html", "monitoring.pdf")
"""The files of ``out`` made from ``monitoring.json``. A run that writes a new result
and not one of these removes the earlier one in the same change: it would show the
figures of the earlier data beside the new result."""
STAGING = ".monitor-commit"
"""The folder in ``out`` where a run stages its outputs before they are put in place."""


def status_table(result: MonitoringResult, period: str | None = None) -> str:
    """The plain-text table ``obc monitor --details`` prints: one block per provider, each
    item's value, target and status in ``period`` (the latest when None), payments,
    invalid records, and each gaming alert as the monitoring report words it
    (`gaming_summary`): ``Possible bunching by OAK, 2025-Q1 to 2026-Q4: 112 records …``."""
    from obcrules.engine.render import status_table as table

    alerts: dict[str, list[str]] = {}
    for alert in gaming_summary(cast("MonitoringDocument", result.document)):
        alerts.setdefault(alert.provider, []).append(alert.line)
    return table(result, period, alerts)


def _write_staged(out: Path, run: MonitorRun, award: dict[str, Any] | None = None,
                  report: str | None = None, templates: Path | None = None,
                  registry: Registry | None = None, pdf_variant: str = "pdf/ua-1",
                  progress: Callable[[str], None] | None = None) -> MonitorRun:
    """`_write_together` in ``out``'s staging folder, put in place together
    (`obcrules.io.commit.together`); `WriteError` if the file system refuses."""
    try:
        with together(out, out / STAGING, {"command": "monitor"}) as staged:
            return _write_together(staged, run, award, report, templates, registry,
                                   pdf_variant, progress)
    except OSError as exc:
        raise WriteError(out, exc) from exc


def _write_together(staged: StagedFiles, run: MonitorRun, award: dict[str, Any] | None,
                    report: str | None, templates: Path | None, registry: Registry | None,
                    pdf_variant: str, progress: Callable[[str], None] | None) -> MonitorRun:
    """Stage ``monitoring.json``, ``ocds.json`` and the report as one change: renamed into
    place together when ``staged``'s block ends, so that no reader (and no kill) ever
    finds a new result beside an old report; the earlier ones this run does not write
    again are removed in the same change (`MADE_FROM_RESULT`). A report that fails
    leaves the previous outputs. Returns the run with the paths they will have."""
    from obcrules.engine.result import FILE_NAME

    staged.write(FILE_NAME, run.result.to_bytes())
    if award is not None:
        staged.write("ocds.json", _implementation(award, run.result))
    files = None
    if report is not None:
        try:
            files = report_monitoring(staged.path(FILE_NAME), staged.folder / "new",
                                      ruleset=run.checked, templates=templates,
                                      pdf=report == "pdf", registry=registry,
                                      pdf_variant=pdf_variant, progress=progress)
        except ReportError as exc:
            raise MonitorReportError(str(exc), run) from exc
    written = set(staged.staged())
    removed = [name for name in MADE_FROM_RESULT
               if name not in written and _made_by_monitor(staged.base / name)]
    for name in removed:
        staged.retire(name)
    base = staged.base
    return replace(run, written=base / FILE_NAME,
                   ocds=base / "ocds.json" if award is not None else None,
                   removed=tuple(base / name for name in removed),
                   report=None if files is None else replace(
                       files, html=base / files.html.name,
                       pdf=base / files.pdf.name if files.pdf else None))


def _made_by_monitor(path: Path) -> bool:
    """Whether ``path`` is a file an earlier run wrote: its report, or an OCDS package of
    the contract's implementation alone (never the award's ``ocds.json`` of a tender's
    ``out/``, should ``out`` be that folder)."""
    if not path.is_file():
        return False
    if path.name != "ocds.json":
        return True
    try:
        releases = json.loads(path.read_bytes())["releases"]
        return bool(releases) and all(r["tag"] == ["implementation"] for r in releases)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _undo_interrupted(out: Path) -> list[str]:
    """Put back the outputs an interrupted run had replaced in ``out`` (a run killed while
    renaming its outputs into place leaves their manifest); the outputs restored."""
    folder = out / STAGING
    if folder.is_symlink():  # not a run's: never follow it (StagedFiles.finish removes it)
        return []
    if not folder.is_dir():
        return []
    try:
        manifest = pending(folder)
    except ValueError as exc:
        raise UsageError(f"{exc}: a monitoring run into {out} was interrupted; compare "
                         f"{folder}/old/ with {out} by hand, then remove {folder}") from None
    return [] if manifest is None else roll_back(out, folder, manifest)


def _award_release(ocds: str | Path, contract: str | Path | None,
                   out: str | Path | None) -> dict[str, Any]:
    """The award's release package, read before the run; `UsageError` if it cannot be."""
    if contract is None or out is None:
        raise UsageError("the implementation release needs the awarded contract and a "
                         "folder to write to: give contract and out", argument="ocds")
    (path,) = require_files([ocds], "no such OCDS file")
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
        (release,) = package["releases"]
        (_,) = release["contracts"]
    except (ValueError, KeyError, TypeError):
        raise UsageError(f"{path} is not the release package of an award (the out/ocds.json "
                         "that `obc tender award` writes)", argument="ocds") from None
    return dict(package)


def _implementation(award: dict[str, Any], result: MonitoringResult) -> bytes:
    """``ocds.json``: the contract's implementation release, the payments as transactions."""
    from obcrules.tender.ocds import implementation_package
    from obcrules.tender.result import render

    return render(implementation_package(award, cast("MonitoringDocument", result.document)))
