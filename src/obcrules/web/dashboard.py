"""The contract manager's dashboard: providers × outcomes, fed by ``monitoring.json``.

The grid shows each provider's latest status on each outcome, a sparkline of its
values against the target's bounds (each result carries its ``goal``) and the
trajectory's verdict; the money due per provider; data-quality counts and alerts.
A provider's page has its period tables. Everything here is read from the
published document (validated by `obcrules.results.reading.read_monitoring`),
which holds aggregates only; the list of invalid records names files, rows and
fields of person-level data, so only the ``monitoring`` role sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from starlette.responses import Response

from obcrules import api
from obcrules.figures import percent_text
from obcrules.results.monitoring import (
    ALERT_STATUSES,
    ALERT_TRAJECTORIES,
    GoalBounds,
    ItemResult,
    MonitoringDocument,
)
from obcrules.results.reading import DocumentError, read_monitoring
from obcrules.web.access import Context, Page, Rule, monitoring_only
from obcrules.web.site import MONITORING_FILE


@dataclass(frozen=True)
class Cell:
    """One provider × outcome: the latest result and the trend to it."""

    status: str
    value: str
    target: str
    period: str
    trajectory: str
    sparkline: Markup


@dataclass
class ProviderRow:
    """One provider's line of the grid."""

    provider: str
    cells: dict[str, Cell] = field(default_factory=dict)
    due: str = ""
    invalid: int = 0
    rows: int = 0
    alerts: list[str] = field(default_factory=list)


def runs(ctx: Context) -> Response:
    """The monitoring results in this folder (straight to the grid when there is one)."""
    if len(ctx.site.runs) == 1:
        return ctx.redirect("grid", run=next(iter(ctx.site.runs)))
    return ctx.page("runs.html.j2", runs=sorted(ctx.site.runs))


def grid(ctx: Context) -> Response:
    """Providers × outcomes."""
    document = _document(ctx)
    if isinstance(document, Response):
        return document
    outcomes = _outcomes(document)
    providers = [_provider_row(document, p, outcomes) for p in document["providers"]]
    return ctx.page("grid.html.j2", run=ctx.param("run"), document=document,
                    outcomes=outcomes, providers=providers,
                    complete=document["data_quality_complete"])


def provider(ctx: Context) -> Response:
    """One provider's period tables, and its payments as the monitoring report gives them
    (each line's working; bonuses, penalties and clawbacks in words)."""
    document = _document(ctx)
    if isinstance(document, Response):
        return document
    name = ctx.param("provider")
    if name not in document["providers"]:
        return ctx.page("refused.html.j2", 404, status=404, message="No such provider.")
    items: dict[str, list[ItemResult]] = {}
    for result in document["results"]:
        if result["provider"] == name:
            items.setdefault(result["name"], []).append(result)
    order = {p: i for i, p in enumerate(document["periods"])}
    for rows in items.values():
        rows.sort(key=lambda r: order.get(r["period"], 0))
    counts = [c for c in document["data_quality_summary"] if c["provider"] == name]
    return ctx.page("provider.html.j2", run=ctx.param("run"), provider=name, items=items,
                    due=api.payments_summary(document, name), counts=counts, fmt=value_text)


def invalid(ctx: Context) -> Response:
    """The invalid records (file, row, field, problem): person-level, monitoring role only."""
    document = _document(ctx)
    if isinstance(document, Response):
        return document
    wanted = ctx.request.query_params.get("provider")
    rows = [r for r in document["data_quality"] if wanted is None or r["provider"] == wanted]
    return ctx.page("invalid.html.j2", run=ctx.param("run"), rows=rows, provider=wanted,
                    complete=document["data_quality_complete"])


def _document(ctx: Context) -> MonitoringDocument | Response:
    folder = ctx.site.runs.get(ctx.param("run"))
    if folder is None:
        return ctx.page("refused.html.j2", 404, status=404, message="No such monitoring run.")
    try:
        return read_monitoring(folder / MONITORING_FILE)
    except DocumentError as exc:
        return ctx.page("problem.html.j2", 409, summary=str(exc), problems=[])


def _outcomes(document: MonitoringDocument) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for result in document["results"]:
        if result["kind"] == "outcome":
            seen.setdefault(result["name"], result["title"])
    return list(seen.items())


def _provider_row(document: MonitoringDocument, name: str,
                  outcomes: Sequence[tuple[str, str]]) -> ProviderRow:
    row = ProviderRow(name)
    order = {p: i for i, p in enumerate(document["periods"])}
    for outcome, title in outcomes:
        series = sorted((r for r in document["results"]
                         if r["provider"] == name and r["name"] == outcome),
                        key=lambda r: order.get(r["period"], 0))
        if not series:
            continue
        latest = series[-1]
        trajectory = latest["trajectory"]["status"] if latest["trajectory"] else ""
        row.cells[outcome] = Cell(latest["status"], value_text(latest), latest["target"] or "",
                                  latest["period"], trajectory, sparkline(series, title))
        if latest["status"] in ALERT_STATUSES:
            row.alerts.append(f"{title}: target missed in {latest['period']}")
        if trajectory in ALERT_TRAJECTORIES:
            row.alerts.append(f"{title}: trajectory {trajectory}")
    if any(t["provider"] == name for t in document["payment_totals"]):
        row.due = api.payments_summary(document, name).total
    for count in document["data_quality_summary"]:
        if count["provider"] == name:
            row.invalid += count["invalid"]
            row.rows += count["rows"]
    if row.invalid:
        row.alerts.append(f"{row.invalid} invalid record(s) left out of the measures")
    return row


def value_text(result: ItemResult) -> str:
    """A result's value as a reader reads it (a share in per cent)."""
    value = result["value"]
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if result["measure"] == "share":
        return percent_text(value)
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def sparkline(series: Sequence[ItemResult], title: str, width: int = 120,
              height: int = 30) -> Markup:
    """The values over the periods, the target's band shaded, the last point coloured by
    its status. Numbers only reach the SVG; the title is escaped."""
    values = [(i, float(r["value"])) for i, r in enumerate(series)
              if isinstance(r["value"], int | float)]
    goal: GoalBounds | None = series[-1]["goal"]
    if not values:
        return Markup("")  # nothing from the request or the data
    bounds = [v for _, v in values]
    if goal is not None:
        bounds += [float(b) for b in (goal["low"], goal["high"]) if b is not None]
    low, high = min(bounds), max(bounds)
    span = (high - low) or 1.0
    pad = 3.0
    step = (width - 2 * pad) / max(len(series) - 1, 1)

    def y(v: float) -> float:
        return round(height - pad - (v - low) / span * (height - 2 * pad), 2)

    parts = []
    if goal is not None and (goal["low"] is not None or goal["high"] is not None):
        top = y(float(goal["high"])) if goal["high"] is not None else 0.0
        bottom = y(float(goal["low"])) if goal["low"] is not None else float(height)
        parts.append(f'<rect x="0" y="{min(top, bottom)}" width="{width}" '
                     f'height="{abs(bottom - top)}" class="goal"/>')
    points = " ".join(f"{round(pad + i * step, 2)},{y(v)}" for i, v in values)
    parts.append(f'<polyline points="{points}" class="trend"/>')
    last_i, last_v = values[-1]
    status = str(escape(series[-1]["status"])).replace(" ", "-")
    parts.append(f'<circle cx="{round(pad + last_i * step, 2)}" cy="{y(last_v)}" r="2.5" '
                 f'class="dot status-{status}"/>')
    label = escape(f"{title}: trend over {len(series)} period(s); shaded: the target")
    return Markup(  # noqa: S704  # numbers and escaped text only
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img"><title>{label}</title>{"".join(parts)}</svg>')


VIEWERS = Rule({"monitoring": monitoring_only, "chair": monitoring_only,
                "observer": monitoring_only, "policy": monitoring_only})

PAGES = [
    Page("/monitoring", runs, "runs", VIEWERS),
    Page("/monitoring/{run}", grid, "grid", VIEWERS),
    Page("/monitoring/{run}/providers/{provider}", provider, "provider", VIEWERS),
    Page("/monitoring/{run}/invalid", invalid, "invalid", Rule({"monitoring": monitoring_only})),
]
