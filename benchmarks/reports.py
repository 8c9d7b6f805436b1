"""Benchmark of the reports: time and peak memory per PDF page.

Renders a monitoring report of 10 providers × 8 periods × 20 outcomes and an
evaluation report of 12 bids, and, as a yardstick in the same run, WeasyPrint
rendering a plain HTML table of the same page count. Targets: at most 0.25 s and
4 MB of peak (Python-allocated, tracemalloc) memory per page.

    .venv/bin/python benchmarks/reports.py [--providers 10] [--no-memory] [--no-evaluation]

``--providers 30`` gives the long monitoring report (about 250 pages) of issue 17,
whose target is under 15 s for the whole PDF; ``--no-memory`` skips the traced
second run, which takes several times as long. Each line gives the wall and CPU
seconds of the report and of the plain table in the same run, the processes that
rendered it (the renderer uses one) and the seconds a page.

``--split N`` then measures what rendering in N processes could reach at best: the
report's HTML cut at its chapters (each provider's section starts a page) into N
documents of about equal size, all rendered at once, each by its own process
started for it. Nothing joins the pieces, and a piece cannot number its pages
within the whole or link to another's anchors, so this is a bound on a parallel
renderer, not one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import re
import resource
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
    """Warm the imports and fonts with a small render, then measure; print three lines."""
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
    print(f"{name:<28} {pages:>4} pages, 1 process: {seconds:6.2f} s wall, CPU {cpu:.2f} s; "
          f"a page {per_page:.3f} s wall, CPU {cpu / pages:.3f} s\n"
          f"{'':<28} plain table, {base_pages} pages: {base_seconds:6.2f} s wall, "
          f"CPU {base_cpu:.2f} s; a page {base_per_page:.3f} s wall, "
          f"CPU {base_cpu / base_pages:.3f} s\n"
          f"{'':<28} a page: {per_page / base_per_page:.2f} × the plain table's wall, "
          f"{cpu / pages / (base_cpu / base_pages):.2f} × its CPU"
          + (f"   {mb_page:5.2f} MB/page" if memory else "")
          + f"   {'ok' if ok else 'OVER TARGET'}", flush=True)
    return ok


def chapters(html: str, pieces: int) -> list[str]:
    """``html`` cut before its chapters (``<section … class="chapter…">``, each starting a
    page) into ``pieces`` whole documents of about equal length: the first keeps the
    cover and contents, each repeats the head (styles) and the body's opening tags."""
    starts = [m.start() for m in re.finditer(r'<section [^>]*class="chapter', html)]
    end = html.rindex("</main>")
    if not starts or pieces < 2:
        return [html]
    head, tail = html[:html.index("<main>") + len("<main>")], html[end:]
    bounds = [html.index("<main>") + len("<main>"), *starts, end]
    step = (end - bounds[0]) / pieces
    cuts = sorted({min(bounds, key=lambda b: abs(b - (bounds[0] + step * k)))
                   for k in range(1, pieces)} - {bounds[0], end})
    edges = [bounds[0], *cuts, end]
    return [head + html[a:b] + tail for a, b in itertools.pairwise(edges)]


def _render_piece(html: str) -> int:
    return _pages_of(html_to_pdf(html))


def split(html_file: Path, pieces: int) -> None:
    """Render ``html_file`` cut into ``pieces`` documents, all at once, each in its own
    fresh process (started as ``spawn``, importing obcrules and WeasyPrint itself);
    print the wall time, the children's CPU and the pages of each piece."""
    documents = chapters(html_file.read_text(encoding="utf-8"), pieces)
    context = multiprocessing.get_context("spawn")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    with context.Pool(len(documents)) as pool:
        pages = pool.map(_render_piece, documents, chunksize=1)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{'the same HTML in pieces':<28} {sum(pages):>4} pages, {len(documents)} processes "
          f"at once (pieces of {', '.join(map(str, pages))} pages, not joined): "
          f"{wall:6.2f} s wall, CPU {cpu:.2f} s (process start and imports included); "
          f"a page {wall / sum(pages):.3f} s wall", flush=True)


def main() -> int:
    """Run both benchmarks; exit 1 if either misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--providers", type=int, default=10)
    parser.add_argument("--no-memory", dest="memory", action="store_false")
    parser.add_argument("--no-evaluation", dest="evaluation", action="store_false")
    parser.add_argument("--split", type=int, default=0, metavar="N",
                        help="also render the monitoring report's HTML cut into N pieces, "
                             "in N processes at once (a bound on a parallel renderer)")
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
        if args.split > 1:
            html = render_monitoring(monitoring, Path(folder) / "html", pdf=False).html
            split(html, args.split)
        if args.evaluation:
            ok = run("evaluation 12 bids + feedback", evaluation_pdf, args.memory) and ok
    print(machine_load())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
