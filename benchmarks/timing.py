"""Timing shared by the benchmarks: the median of several runs, in one process."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable


def seconds(run: Callable[[], object]) -> float:
    """The wall time, in seconds, of one call of ``run``."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def median_time(repeat: int, run: Callable[[], object]) -> float:
    """The median wall time, in seconds, of ``repeat`` calls of ``run``."""
    return statistics.median(seconds(run) for _ in range(repeat))


def machine_load() -> str:
    """The one-minute load average against the number of cores, for the record."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
