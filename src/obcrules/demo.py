"""The demo behind ``make demo``: the whole loop on the example rulesets.

Each step uses the public Python API, the same one the commands use. A step
whose part of obcrules is not installed says so and the demo goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from obcrules.api import CheckedRuleset, check_file
from obcrules.diagnostics import render_human
from obcrules.model import Item, Ruleset
from obcrules.syntax.printer import format_measure, format_target

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


def run_demo(rulesets: Path, out: Path, echo: Echo) -> int:
    """Run the demo; return the number of rulesets that failed to check."""
    echo(f"obcrules demo: rulesets in {rulesets}, outputs in {out}")
    out.mkdir(parents=True, exist_ok=True)
    checked = check_rulesets(rulesets, echo)
    failed = sum(not c.ok for c in checked)
    echo(f"\nchecked {len(checked)} ruleset(s): {len(checked) - failed} ok, {failed} with errors")
    return failed
