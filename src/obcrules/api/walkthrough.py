"""The demo behind ``make demo`` (`demo`): the whole loop on the example rulesets.

Each step calls the same api functions as the commands: check, sample data,
monitor, the tender from templates to award, the reports.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from obcrules.api.checking import loaded_ruleset
from obcrules.api.errors import UsageError
from obcrules.api.extensions import sample_data
from obcrules.api.monitoring import monitor, status_table
from obcrules.api.reports import (
    gaming_summary,
    report_evaluation,
    report_framework,
    report_monitoring,
)
from obcrules.api.tender import (
    tender_award,
    tender_evaluate,
    tender_moderate,
    tender_scoresheets,
    tender_template,
)
from obcrules.diagnostics import render_human
from obcrules.model import Item, Ruleset
from obcrules.money import display_money
from obcrules.semantics.checked import CheckedRuleset, check_file
from obcrules.syntax.printer import format_measure, format_target

if TYPE_CHECKING:
    from obcrules.results.monitoring import MonitoringDocument

Echo = Callable[[str], None]


def summarise(ruleset: Ruleset) -> list[str]:
    """A short text summary: header, themes, outcomes and targets, the logic model."""
    header = ruleset.header
    lines: list[str] = []
    if header is not None:
        services = ", ".join(s.name for s in header.services) or "none"
        version = f" v{header.version}" if header.version else ""
        lines.append(f"{header.title} ({header.name}{version}; services: {services}; "
                     f"period: {header.period or 'quarter'})")
        for theme in header.themes:
            lines.append(f"  theme {theme.name}: {theme.title}")
    for item in ruleset.items:
        lines.append(f"  {item.kind} {item.name}: {item.title}")
        if item.due is not None:
            lines.append(f"      due {item.due.value.isoformat()}")
        if item.measure is not None:
            target = format_target(item.target) if item.target is not None else "no target"
            lines.append(f"      {format_measure(item.measure)} — target {target}")
    lines.append("  logic model:")
    lines.extend("    " + line for line in logic_model_text(ruleset))
    for tender in ruleset.tenders:
        weights = ", ".join(
            f"{c.name} {format_percent(c.weight.value) if c.weight else '?'}"
            for c in tender.criteria)
        lines.append(f"  tender {tender.name}: {weights}")
    return lines


def format_percent(fraction: object) -> str:
    """``0.4`` → ``40%``."""
    from decimal import Decimal

    value = (Decimal(str(fraction)) * 100).normalize()
    return f"{value:f}%"


def logic_model_text(ruleset: Ruleset) -> list[str]:
    """The logic model as an indented tree: final outcomes, with what contributes to them."""
    contributors: dict[str, list[Item]] = {}
    for item in ruleset.items:
        for ref in item.contributes_to:
            contributors.setdefault(ref.name, []).append(item)
    roots = [i for i in ruleset.items if not i.contributes_to]
    lines: list[str] = []

    def walk(item: Item, depth: int, seen: frozenset[str]) -> None:
        level = f"{item.level} " if item.level else ""
        arrow = "← " if depth else ""
        lines.append(f"{'  ' * depth}{arrow}{level}{item.kind} {item.name}")
        for child in contributors.get(item.name, []):
            if child.name not in seen:
                walk(child, depth + 1, seen | {child.name})

    order = {"outcome": 0, "output": 1, "process": 2, "input": 3}
    for root in sorted(roots, key=lambda i: (order[i.kind], i.level != "final")):
        walk(root, 0, frozenset({root.name}))
    return lines


def check_rulesets(rulesets: Path, echo: Echo) -> list[CheckedRuleset]:
    """Check every ``.obc`` file in ``rulesets`` and print its summary or its errors."""
    checked = []
    for path in sorted(rulesets.glob("*.obc")):
        result = check_file(path)
        checked.append(result)
        warnings = sum(not d.is_error for d in result.diagnostics)
        verdict = "ok" if result.ok else f"{len(result.errors)} error(s)"
        echo(f"\n== {path.name}: {verdict}, {warnings} warning(s)")
        if not result.ok or result.ruleset is None:
            for d in result.errors:
                echo(render_human(d, result.text))
            continue
        for line in summarise(result.ruleset):
            echo(line)
    return checked


TENDER_RULESET = "continence.obc"
"""The example whose tender the demo runs to an award, then monitors."""
TENDER_SERVICE = "adult_social_care"
"""The service of `TENDER_RULESET`, whose sample data the tender's monitoring reads."""

SAMPLE_ROWS = 20_000
SAMPLE_SEED = 7


def generate_data(checked: list[CheckedRuleset], out: Path, echo: Echo) -> dict[str, Path]:
    """Sample data for every service the rulesets name: ``{service: folder}``."""
    services = sorted({s.name for c in checked if c.ruleset and c.ruleset.header
                       for s in c.ruleset.header.services})
    folders: dict[str, Path] = {}
    echo(f"\n== sample data: {SAMPLE_ROWS:,} people per service, seed {SAMPLE_SEED}")
    for service in services:
        folder = out / "data" / service
        paths = sample_data(service, SAMPLE_ROWS, folder, "parquet", SAMPLE_SEED)
        folders[service] = folder
        echo(f"  {service}: " + ", ".join(p.name for p in paths))
    return folders


def monitor_all(checked: list[CheckedRuleset], data: dict[str, Path], out: Path,
                echo: Echo) -> dict[str, Path]:
    """Monitor every ruleset on its service's data; print a summary of each."""
    results: dict[str, Path] = {}
    echo("\n== monitoring every example ruleset on the sample data")
    for item in checked:
        ruleset = item.ruleset
        if not item.ok or ruleset is None or ruleset.header is None:
            continue
        service = ruleset.header.services[0].name
        run = monitor(item, data[service], out=out / "monitoring" / Path(item.file).stem)
        result = run.result
        assert run.written is not None
        results[Path(item.file).name] = run.written
        counts: dict[str, int] = {}
        for row in result.document["results"]:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        paid = sum((Decimal(p["amount"]) for p in result.document["payments"]), Decimal(0))
        echo(f"  {Path(item.file).name}: {summary}; outcome payments {display_money(paid, '£')}")
        for line in savings_text(result.document):
            echo(f"    {line}")
    return results


def savings_text(document: dict[str, Any]) -> list[str]:
    """What a deadweight and a referred cohort save, over all providers, in words (nothing
    for terms with neither)."""
    savings = document.get("savings") or []
    if not savings:
        return []
    def total(key: str) -> Decimal:
        return sum((Decimal(s[key]) for s in savings), Decimal(0))
    lines = [f"paying above deadweight and for the referred cohort only saves "
             f"{display_money(total('saved'), '£')}: "
             f"{display_money(total('outcome_payments'), '£')} due on outcomes (bonuses and "
             f"penalties included) against {display_money(total('without'), '£')} for the "
             "same contract without them"]
    cohort = document.get("cohort") or []
    if cohort:
        lines.append(f"referred cohort: {sum(c['referred'] for c in cohort):,} referred; "
                     f"{sum(c['not_referred'] for c in cohort):,} people in the returns not "
                     "referred, never paid for, and "
                     f"{sum(c['double_referred'] for c in cohort):,} referrals to a second "
                     "provider, not paid for (both listed in data_quality)")
    return lines


GAMING_RULESET = "continence.obc"
GAMING_PATTERN = "bunching"
"""The gaming the demo injects into one provider's data, and the ruleset that sees it."""


def show_gaming(checked: list[CheckedRuleset], out: Path, echo: Echo) -> Path | None:
    """Monitor the continence ruleset on sample data in which one provider records people
    just over a paid cut-off (``obc sample-data … --gaming bunching``); print the alert."""
    item = next((c for c in checked if Path(c.file).name == GAMING_RULESET), None)
    if item is None or item.ruleset is None or item.ruleset.header is None:
        return None
    service = item.ruleset.header.services[0].name
    folder = out / "data" / f"{service}-{GAMING_PATTERN}"
    sample_data(service, SAMPLE_ROWS, folder, "parquet", SAMPLE_SEED, gaming=GAMING_PATTERN)
    run = monitor(item, folder, out=out / "monitoring" / f"gaming-{GAMING_PATTERN}")
    alerts = gaming_summary(cast("MonitoringDocument", run.result.document))
    echo(f"\n== gaming: {GAMING_RULESET} on sample data with {GAMING_PATTERN} injected "
         f"(obc sample-data {service} --gaming {GAMING_PATTERN})")
    for alert in alerts:
        echo(f"  {alert.line}")
    if not alerts:
        echo("  no gaming alert")
    return run.written


def run_tender(rulesets: Path, data: Path, out: Path, echo: Echo) -> Path:
    """Run the sample tender of the continence ruleset to an award; return contract.yaml."""
    import pyarrow.parquet as pq

    from obcrules.tender.demo import AWARD_DATE, build_sample_tender

    providers = sorted(set(pq.read_table(data / "people.parquet", columns=["provider"])
                           .column("provider").to_pylist()))[:4]
    root = out / "tender"
    if root.exists():
        shutil.rmtree(root)
    sample = build_sample_tender(root, rulesets / TENDER_RULESET, "lot1", providers,
                                 write_config=True)
    echo(f"\n== tender: {len(sample.bidders)} bids, {len(sample.evaluators)} evaluators "
         f"(workspace {root})")
    tender_template(root)
    tender_scoresheets(root)
    todo, _ = tender_moderate(root)
    tender_evaluate(root)
    document = json.loads((root / "out" / "evaluation.json").read_text(encoding="utf-8"))
    log = document["moderation"]
    agreed = sum(1 for m in log if m.get("needs_agreement"))
    echo(f"  moderation: {len(log)} scored item(s); {agreed} needed agreement (moderation.csv), "
         f"{len(log) - agreed} settled by the most common score; {len(todo)} still pending")
    for bid in document["bids"]:
        rank = bid.get("rank") or "-"
        reasons = "; ".join(bid.get("reasons", []))
        echo(f"  {rank!s:>2}  {bid['bidder']:<28} {bid['status']:<9} total "
             f"{bid.get('total') or '-':>6}  {reasons}")
    tender_award(root, AWARD_DATE)
    echo(f"  winner: {document['winner']}; contract written to {root / 'out' / 'contract.yaml'}")
    return root / "out" / "contract.yaml"


def monitor_contract(rulesets: Path, data: Path, contract: Path, out: Path, echo: Echo) -> Path:
    """Monitor the awarded contract and print its status table per provider."""
    run = monitor(rulesets / TENDER_RULESET, data, contract=contract,
                  out=out / "monitoring" / "awarded-contract",
                  ocds=contract.parent / "ocds.json")
    echo("\n== monitoring the awarded contract")
    echo(status_table(run.result))
    assert run.written is not None
    return run.written


def write_reports(rulesets: Path, monitoring: Path, out: Path, echo: Echo) -> list[Path]:
    """The framework, evaluation, feedback and monitoring reports (HTML and PDF)."""
    checked = loaded_ruleset(rulesets / TENDER_RULESET)
    reports = out / "reports"
    written = [report_framework(checked, reports)]
    written += report_evaluation(out / "tender" / "out" / "evaluation.json", reports)
    written.append(report_monitoring(monitoring, reports, ruleset=checked))
    paths = [p for files in written for p in (files.html, files.pdf) if p is not None]
    echo("\n== reports")
    for path in paths:
        echo(f"  {path}")
    return paths


def demo(rulesets: str | Path = "rulesets", out: str | Path = "demo-out",
         echo: Echo = print) -> int:
    """Run the whole loop on the example rulesets in ``rulesets`` (``obc demo``): check
    them, write sample data, monitor each, show a gaming alert on data with gaming
    injected, run a sample tender to an award, monitor
    the awarded contract and write the reports, all under ``out``; tell ``echo``
    each step.

    Returns the number of rulesets that failed to check (the loop stops there when
    any did). Raises `UsageError` if ``rulesets`` is not a folder.
    """
    rulesets, out = Path(rulesets), Path(out)
    if not rulesets.is_dir():
        raise UsageError(f"no such folder: {rulesets}")
    echo(f"obcrules demo: rulesets in {rulesets}, outputs in {out}")
    out.mkdir(parents=True, exist_ok=True)
    checked = check_rulesets(rulesets, echo)
    failed = sum(not c.ok for c in checked)
    echo(f"\nchecked {len(checked)} ruleset(s): {len(checked) - failed} ok, {failed} with errors")
    if failed:
        return failed
    data = generate_data(checked, out, echo)
    if TENDER_SERVICE not in data or not (rulesets / TENDER_RULESET).is_file():
        raise UsageError(f"{rulesets} holds no {TENDER_RULESET} (of the {TENDER_SERVICE} "
                         "service), whose tender the demo runs; give it the project's "
                         "rulesets/ folder")
    monitor_all(checked, data, out, echo)
    show_gaming(checked, out, echo)
    contract = run_tender(rulesets, data[TENDER_SERVICE], out, echo)
    monitoring = monitor_contract(rulesets, data[TENDER_SERVICE], contract, out, echo)
    write_reports(rulesets, monitoring, out, echo)
    return 0
