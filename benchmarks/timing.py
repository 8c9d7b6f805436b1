"""Timing shared by the benchmarks: the median of several runs, in one process."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable


def median_time(repeat: int, run: Callable[[], object]) -> float:
    """The median wall time, in seconds, of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine_load() -> str:
    """The one-minute load average against the number of cores, for the record."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
