"""Benchmark of the reports: time and peak memory per PDF page.

Renders a monitoring report of 10 providers × 8 periods × 20 outcomes and an
evaluation report of 12 bids, and, as a yardstick in the same run, WeasyPrint
rendering a plain HTML table of the same page count. Targets: at most 0.25 s and
4 MB of peak (Python-allocated, tracemalloc) memory per page.

    .venv/bin/python benchmarks/reports.py [--providers 10] [--no-memory] [--no-evaluation]

``--providers 30`` gives the long monitoring report (about 250 pages) of issue 17,
whose target is under 15 s for the whole PDF; ``--no-memory`` skips the traced
second run, which takes several times as long.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from timing import machine_load

from obcrules.reports import render_evaluation, render_monitoring
from obcrules.reports.pdf import html_to_pdf
from obcrules.results.synthetic import evaluation_result, monitoring_result

SECONDS_PER_PAGE = 0.25
MEGABYTES_PER_PAGE = 4.0


def measure(action: Callable[[], object], memory: bool = True) -> tuple[float, float]:
    """Seconds of one call, and peak megabytes (tracemalloc) of a second, traced call
    (0 without ``memory``).

    Tracing slows WeasyPrint several times over, so time and memory are measured
    in separate calls.
    """
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    if not memory:
        return seconds, 0.0
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def plain_table(pages: int) -> tuple[int, float, float]:
    """A plain HTML table grown until its PDF has at least ``pages`` pages: the pages,
    and the wall and CPU seconds of rendering that last one (a small render first
    finds the rows a page holds, so usually one large render suffices)."""
    rows = 400
    while True:
        body = "".join(f"<tr><td>{i}</td><td>row {i}</td><td>{i * 3}</td></tr>"
                       for i in range(rows))
        html = (f"<table><thead><tr><th>a</th><th>b</th><th>c</th></tr></thead>"
                f"{body}</table>")
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = html_to_pdf(html)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        count = _pages_of(pdf)
        if count >= pages:
            return count, wall, cpu
        rows = int(rows * pages / max(count, 1)) + 10


def _pages_of(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return len(PdfReader(handle.name).pages)


def run(name: str, render: Callable[[Path], list[Path]], memory: bool = True) -> bool:
    """Warm the imports and fonts with a small render, then measure; print one line."""
    html_to_pdf("<p>warm</p>")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "run"
        wall, cpu = time.perf_counter(), time.process_time()
        files = render(out)
        seconds, cpu = time.perf_counter() - wall, time.process_time() - cpu
        pages = sum(len(PdfReader(pdf).pages) for pdf in files)
        peak = measure(lambda: render(Path(folder) / "traced"))[1] if memory else 0.0
    base_pages, base_seconds, base_cpu = plain_table(pages)
    per_page, mb_page = seconds / pages, peak / pages
    base_per_page = base_seconds / base_pages
    ok = per_page <= SECONDS_PER_PAGE and (not memory or mb_page <= MEGABYTES_PER_PAGE)
    print(f"{name:<28} {pages:>4} pages  {seconds:6.2f} s (CPU {cpu:.2f} s)  "
          f"{per_page:.3f} s/page   plain table, {base_pages} pages: {base_seconds:6.2f} s "
          f"(CPU {base_cpu:.2f} s)  {base_per_page:.3f} s/page   per page "
          f"{per_page / base_per_page:.2f} × the plain table's (CPU "
          f"{cpu / pages / (base_cpu / base_pages):.2f} ×)"
          + (f"   {mb_page:5.2f} MB/page" if memory else "")
          + f"   {'ok' if ok else 'OVER TARGET'}", flush=True)
    return ok


def main() -> int:
    """Run both benchmarks; exit 1 if either misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--providers", type=int, default=10)
    parser.add_argument("--no-memory", dest="memory", action="store_false")
    parser.add_argument("--no-evaluation", dest="evaluation", action="store_false")
    args = parser.parse_args()
    print(machine_load())
    with tempfile.TemporaryDirectory() as folder:
        monitoring = Path(folder) / "monitoring.json"
        monitoring.write_text(json.dumps(monitoring_result(args.providers, 8, 20)),
                              encoding="utf-8")
        evaluation = Path(folder) / "evaluation.json"
        evaluation.write_text(json.dumps(evaluation_result(12)), encoding="utf-8")

        def monitoring_pdf(out: Path) -> list[Path]:
            pdf = render_monitoring(monitoring, out).pdf
            return [pdf] if pdf is not None else []

        def evaluation_pdf(out: Path) -> list[Path]:
            return [f.pdf for f in render_evaluation(evaluation, out) if f.pdf is not None]

        ok = run(f"monitoring {args.providers}×8×20", monitoring_pdf, args.memory)
        if args.evaluation:
            ok = run("evaluation 12 bids + feedback", evaluation_pdf, args.memory) and ok
    print(machine_load())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
