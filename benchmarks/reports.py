"""Benchmark of the reports: time and peak memory per PDF page.

Renders a monitoring report of 10 providers × 8 periods × 20 outcomes and an
evaluation report of 12 bids, and, as a yardstick in the same run, WeasyPrint
rendering a plain HTML table of the same page count. Targets: at most 0.25 s and
4 MB of peak (Python-allocated, tracemalloc) memory per page.

    .venv/bin/python benchmarks/reports.py
"""

from __future__ import annotations

import json
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from obcrules.reports import render_evaluation, render_monitoring
from obcrules.reports.pdf import html_to_pdf
from obcrules.results.synthetic import evaluation_result, monitoring_result

SECONDS_PER_PAGE = 0.25
MEGABYTES_PER_PAGE = 4.0


def measure(action: Callable[[], object]) -> tuple[float, float]:
    """Seconds of one call, and peak megabytes (tracemalloc) of a second, traced call.

    Tracing slows WeasyPrint several times over, so time and memory are measured
    in separate calls.
    """
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def plain_table(pages: int) -> bytes:
    """A PDF of a plain HTML table, grown until it has ``pages`` pages."""
    rows = pages * 40
    while True:
        body = "".join(f"<tr><td>{i}</td><td>row {i}</td><td>{i * 3}</td></tr>"
                       for i in range(rows))
        pdf = html_to_pdf(f"<table><thead><tr><th>a</th><th>b</th><th>c</th></tr></thead>"
                          f"{body}</table>")
        count = _pages_of(pdf)
        if count >= pages:
            return pdf
        rows = int(rows * pages / max(count, 1)) + 10


def _pages_of(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return len(PdfReader(handle.name).pages)


def run(name: str, render: Callable[[Path], list[Path]]) -> bool:
    """Render once to warm fonts and imports, then measure; print one line."""
    with tempfile.TemporaryDirectory() as folder:
        render(Path(folder) / "warm")
        out = Path(folder) / "run"
        seconds, peak = measure(lambda: render(out))
        pages = sum(len(PdfReader(pdf).pages) for pdf in render(out))
        base_seconds, base_peak = measure(lambda: plain_table(pages))
    per_page, mb_page = seconds / pages, peak / pages
    ok = per_page <= SECONDS_PER_PAGE and mb_page <= MEGABYTES_PER_PAGE
    print(f"{name:<28} {pages:>4} pages  {seconds:6.2f} s  {per_page:.3f} s/page  "
          f"{mb_page:5.2f} MB/page   plain table: {base_seconds / pages:.3f} s/page  "
          f"{base_peak / pages:5.2f} MB/page   {'ok' if ok else 'OVER TARGET'}")
    return ok


def main() -> int:
    """Run both benchmarks; exit 1 if either misses its target."""
    with tempfile.TemporaryDirectory() as folder:
        monitoring = Path(folder) / "monitoring.json"
        monitoring.write_text(json.dumps(monitoring_result(10, 8, 20)), encoding="utf-8")
        evaluation = Path(folder) / "evaluation.json"
        evaluation.write_text(json.dumps(evaluation_result(12)), encoding="utf-8")

        def monitoring_pdf(out: Path) -> list[Path]:
            pdf = render_monitoring(monitoring, out).pdf
            return [pdf] if pdf is not None else []

        def evaluation_pdf(out: Path) -> list[Path]:
            return [f.pdf for f in render_evaluation(evaluation, out) if f.pdf is not None]

        ok = run("monitoring 10×8×20", monitoring_pdf)
        ok = run("evaluation 12 bids + feedback", evaluation_pdf) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
