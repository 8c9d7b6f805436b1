"""The Python API behind every ``obc`` command.

Everything the command line does can be done from Python: parse and check a
ruleset, then hand the `CheckedRuleset` to the tender workflow, the monitoring
engine or the reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import (
    CheckedRuleset,
    RulesetError,
    check_file,
    check_source,
    check_text,
    default_registry,
    load_ruleset,
)

if TYPE_CHECKING:
    from obcrules.engine import MonitoringResult

__all__ = [
    "CheckedRuleset",
    "RulesetError",
    "check_file",
    "check_source",
    "check_text",
    "default_registry",
    "load_ruleset",
    "monitor",
]


def monitor(
    ruleset: str | Path,
    data: str | Path,
    *,
    out: str | Path | None = None,
    contract: str | Path | None = None,
    strict: bool = False,
    registry: Registry | None = None,
) -> MonitoringResult:
    """Monitor a directory of data against a ruleset (``obc monitor``).

    Loads and checks the ruleset (`RulesetError` if it has errors), runs the
    engine (`obcrules.engine.MonitoringError` for unusable input) and, with
    ``out``, writes ``OUT/monitoring.json``. Render it with
    `obcrules.engine.status_table`.
    """
    from obcrules.engine import monitor as run_monitor

    checked = load_ruleset(ruleset, registry)
    result = run_monitor(checked, data, contract=contract, strict=strict)
    if out is not None:
        result.write(out)
    return result
