"""A plain-text status table per provider, for terminals, e-mails and the demo."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from obcrules.engine.result import MonitoringResult
from obcrules.money import display_money
from obcrules.redaction import printable

_SYMBOL = {"met": "✓ met", "missed": "✗ missed", "no data": "· no data",
           "not yet due": "… not yet due", "no target": "  no target"}


def format_value(entry: dict[str, Any]) -> str:
    """A result's value as a person reads it: ``8.3% (12/145)``, ``14``, ``2026-05-01``."""
    value = entry["value"]
    if value is None:
        return "—"
    if entry["measure"] == "share":
        return f"{value * 100:.1f}% ({entry['numerator']}/{entry['denominator']})"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def status_table(result: MonitoringResult, period: str | None = None) -> str:
    """One block per provider: each item's value, target and status in ``period``
    (the latest period monitored when None), then payments and data-quality counts."""
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
            paid = {key: display_money(Decimal(total[key]), currency, thousands=False)
                    for key in ("outcome_payments", "rate_card", "total")}
            lines.append(f"  outcome payments to date: {paid['outcome_payments']}"
                         f" (rate card {paid['rate_card']}); total due {paid['total']}")
        lines.extend(_verified(document, provider, currency))
        saving = savings.get(provider)
        if saving is not None:
            amounts = {key: display_money(Decimal(saving[key]), currency, thousands=False)
                       for key in ("saved", "without")}
            lines.append(f"  saved by deadweight and the referred cohort: {amounts['saved']}"
                         f" (without them: {amounts['without']})")
        if invalid.get(provider):
            lines.append(f"  invalid records excluded: {invalid[provider]}")
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"


def _verified(document: dict[str, Any], provider: str, currency: str) -> list[str]:
    """A line per returned sample of the provider, and its claims the confirming data do
    not hold."""
    lines = []
    for e in document.get("verification", []):
        if e["provider"] == provider:
            back = display_money(Decimal(e["clawback"]), currency, thousands=False)
            lines.append(f"  verified {e['method']} {e['period']}: {e['returned']} of "
                         f"{e['drawn']} returned, {len(e['unpaid'])} not paid, "
                         f"{len(e['outstanding'])} outstanding; clawed back {back}")
    unconfirmed = sum(1 for m in document.get("confirmations", [])
                      if m["provider"] == provider)
    if unconfirmed:
        lines.append(f"  claims the administrative data do not confirm (not paid): "
                     f"{unconfirmed}")
    return lines
