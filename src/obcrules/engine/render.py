"""A plain-text status table per provider, for terminals, e-mails and the demo."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from obcrules.engine.result import MonitoringResult
from obcrules.figures import percent_text
from obcrules.money import display_money
from obcrules.redaction import printable
from obcrules.results.monitoring import ALERT_STATUSES, ALERT_TRAJECTORIES

_SYMBOL = {"met": "✓ met", "missed": "✗ missed", "no data": "· no data",
           "not yet due": "… not yet due", "no target": "  no target"}


def format_value(entry: dict[str, Any]) -> str:
    """A result's value as a person reads it: ``8.3% (12/145)``, ``14``, ``2026-05-01``."""
    value = entry["value"]
    if value is None:
        return "—"
    if entry["measure"] == "share":
        return f"{percent_text(value)} ({entry['numerator']}/{entry['denominator']})"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def status_table(result: MonitoringResult, period: str | None = None) -> str:
    """One block per provider: each item's value, target and status in ``period``
    (the latest period monitored when None), then payments, data-quality counts and
    gaming alerts."""
    document = result.document
    periods: list[str] = document["periods"]
    if not periods:
        return "no monitoring data\n"
    shown = period or periods[-1]
    by_provider: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in document["results"]:
        if entry["period"] == shown:
            by_provider[entry["provider"]].append(entry)
    totals = {t["provider"]: t for t in document["payment_totals"]}
    savings = {s["provider"]: s for s in document.get("savings", [])}
    currency = document.get("currency") or ""
    invalid: dict[str, int] = defaultdict(int)
    for row in document["data_quality_summary"]:
        invalid[str(row["provider"])] += int(row["invalid"])
    blocks = []
    for provider in document["providers"]:
        rows = [(e["name"], format_value(e), e["target"] or "", _SYMBOL.get(e["status"],
                                                                            e["status"]),
                 (e["trajectory"] or {}).get("status", "")) for e in by_provider[provider]]
        header = ("item", "value", "target", "status", "trajectory")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
        lines = [f"{printable(provider)} — {shown}"]
        lines.append("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for r in rows:
            lines.append("  " + "  ".join(str(c).ljust(w) for c, w in zip(r, widths,
                                                                           strict=True)))
        total = totals.get(provider)
        if total is not None:
            paid = {key: display_money(Decimal(total[key]), currency)
                    for key in ("outcome_payments", "rate_card", "total")}
            lines.append(f"  outcome payments to date: {paid['outcome_payments']}"
                         f" (rate card {paid['rate_card']}); total due {paid['total']}")
        lines.extend(_verified(document, provider, currency))
        saving = savings.get(provider)
        if saving is not None:
            amounts = {key: display_money(Decimal(saving[key]), currency)
                       for key in ("saved", "without")}
            lines.append(f"  saved by deadweight and the referred cohort: {amounts['saved']}"
                         f" (without them: {amounts['without']})")
        if invalid.get(provider):
            lines.append(f"  invalid records excluded: {invalid[provider]}")
        lines.extend(f"  gaming alert ({a['pattern']}, {a['threshold']}): {a['explanation']}"
                     for a in document.get("gaming_alerts", []) if a["provider"] == provider)
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"


def provider_summaries(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per provider: how many outcomes are met, missed or have no data in
    their latest period, the money due to date, and the alerts (an outcome missed, a
    trajectory that is worse or not improving, invalid records left out)."""
    order = {p: i for i, p in enumerate(document["periods"])}
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in document["results"]:
        if entry.get("kind", "outcome") != "outcome":
            continue
        key = (entry["provider"], entry["name"])
        if key not in latest or order.get(entry["period"], 0) >= order.get(
                latest[key]["period"], 0):
            latest[key] = entry
    totals = {t["provider"]: t for t in document["payment_totals"]}
    currency = document.get("currency") or ""
    summaries = []
    for provider in document["providers"]:
        counts = {"met": 0, "missed": 0, "no data": 0, "other": 0}
        alerts: list[str] = []
        for (who, name), entry in sorted(latest.items()):
            if who != provider:
                continue
            status = entry["status"]
            counts[status if status in counts else "other"] += 1
            if status in ALERT_STATUSES:
                alerts.append(f"{name}: target missed in {entry['period']}")
            trajectory = (entry.get("trajectory") or {}).get("status")
            if trajectory in ALERT_TRAJECTORIES:
                alerts.append(f"{name}: trajectory {trajectory}")
        invalid = sum(int(c["invalid"]) for c in document["data_quality_summary"]
                      if c["provider"] == provider)
        if invalid:
            alerts.append(f"{invalid} invalid record(s) left out of the measures")
        total = totals.get(provider)
        due = total["total"] if total is not None else None
        summaries.append({
            "provider": provider, "met": counts["met"], "missed": counts["missed"],
            "no_data": counts["no data"], "other": counts["other"],
            "due": due, "due_text": (display_money(Decimal(due), currency)
                                     if due is not None else None),
            "invalid": invalid, "alerts": alerts})
    return summaries


def summary_lines(summaries: list[dict[str, Any]]) -> list[str]:
    """The summary ``obc monitor`` prints: one line per provider of `provider_summaries`
    (``OAK: 3 met, 1 missed, 0 no data, due £1,200.00, 1 alert(s): …``)."""
    lines = []
    for s in summaries:
        parts = [f"{s['met']} met", f"{s['missed']} missed", f"{s['no_data']} no data"]
        if s["other"]:
            parts.append(f"{s['other']} other")
        if s["due_text"] is not None:
            parts.append(f"due {s['due_text']}")
        parts.append(f"{len(s['alerts'])} alert(s)" + (
            ": " + "; ".join(s["alerts"]) if s["alerts"] else ""))
        lines.append(f"{printable(s['provider'])}: " + ", ".join(parts))
    return lines


def _verified(document: dict[str, Any], provider: str, currency: str) -> list[str]:
    """A line per returned sample of the provider, and its claims the confirming data do
    not hold."""
    lines = []
    for e in document.get("verification", []):
        if e["provider"] == provider:
            back = display_money(Decimal(e["clawback"]), currency)
            lines.append(f"  verified {e['method']} {e['period']}: {e['returned']} of "
                         f"{e['drawn']} returned, {len(e['unpaid'])} not paid, "
                         f"{len(e['outstanding'])} outstanding; clawed back {back}")
    unconfirmed = sum(1 for m in document.get("confirmations", [])
                      if m["provider"] == provider)
    if unconfirmed:
        lines.append(f"  claims the administrative data do not confirm (not paid): "
                     f"{unconfirmed}")
    return lines
