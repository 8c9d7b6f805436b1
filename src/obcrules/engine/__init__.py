"""The monitoring engine: a checked ruleset and monitoring data in, statuses and payments out.

`monitor` runs it; `MonitoringResult` holds the JSON document; `status_table`
renders a plain-text table per provider. See ``docs/monitoring.md``.
"""

from obcrules.engine.errors import MonitoringError
from obcrules.engine.render import status_table
from obcrules.engine.result import MonitoringResult
from obcrules.engine.run import InvalidData, monitor

__all__ = ["InvalidData", "MonitoringError", "MonitoringResult", "monitor", "status_table"]
