"""Benchmark: how the cost of ``obc check`` grows with the length of a chain.

Three shapes, each generated at several lengths and parsed + checked in one
process (the plugins loaded once, beforehand):

- ``populations``: a chain of populations, each drawn from the one before, with
  an outcome measured over every tenth of them;
- ``contributes``: a chain of outcomes, each contributing to the next;
- ``cycle``: the same chain with the last outcome contributing to the first.

For each shape it prints the time at every length (the median of ``--repeat``
rounds, each round taking every length in turn), the time per link as a ratio
to the shortest length's (the reference, measured in the same run), and the
growth exponent from the shortest to the longest length: the least-squares
slope of log(time) against log(length). Linear work gives 1.0; the target is at
most 1.2, and each 3,000-long chain under 1 s.

    .venv/bin/python benchmarks/checker_growth.py [--lengths 500 1000 2000 3000 4000]
        [--repeat 5] [--shapes populations contributes cycle]
"""

from __future__ import annotations

import argparse
import math
import statistics
from collections.abc import Callable

from timing import machine_load, seconds

from obcrules.api import check_text, default_registry
from obcrules.plugins.manager import Registry


def _header() -> list[str]:
    return [
        'ruleset chain "A long chain":',
        '    version "1"',
        "    service adult_social_care",
        "    period quarter",
        "    currency £",
        "",
    ]


def _outcome(name: str, source: str, contributes: str | None = None) -> list[str]:
    lines = [
        f'outcome {name} "Outcome {name}":',
        "    level final" if contributes is None else "    level interim",
    ]
    if contributes is not None:
        lines.append(f"    contributes to {contributes}")
    lines += [
        f"    measure share of {source} where continence_problem",
        "    target less than 10%",
        "    evidence objective" if len(name) % 2 else "    evidence self_reported",
        "    verify provider_return every quarter",
        "",
    ]
    return lines


def population_chain(length: int) -> str:
    """``length`` populations, each drawn from the previous; an outcome on every tenth."""
    lines = _header()
    for i in range(length):
        source = "people" if i == 0 else f"p{i - 1}"
        lines += [f'population p{i} "Population {i}":',
                  f"    from {source} where age >= {18 + i % 50}", ""]
    for i in range(0, length, 10):
        lines += _outcome(f"o{i}", f"p{i}")
    return "\n".join(lines)


def contributes_chain(length: int, *, cycle: bool = False) -> str:
    """``length`` outcomes, each contributing to the next (and the last to the first)."""
    lines = _header()
    lines += ['population adults "Adults":', "    from people where age >= 18", ""]
    for i in range(length):
        last = i == length - 1
        target = None if last and not cycle else f"o{(i + 1) % length}"
        lines += _outcome(f"o{i}", "adults", target)
    return "\n".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {
    "populations": population_chain,
    "contributes": contributes_chain,
    "cycle": lambda n: contributes_chain(n, cycle=True),
}


def exponent(lengths: list[int], times: list[float]) -> float:
    """The growth exponent k in time ∝ length^k: the least-squares slope of log time
    against log length over every length measured (one disturbed run moves it less
    than it would move the slope between the two ends)."""
    xs = [math.log(n) for n in lengths]
    ys = [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            / sum((x - mx) ** 2 for x in xs))


def measure(shape: str, lengths: list[int], repeat: int, registry: Registry) -> list[float]:
    """The median check time of each length, the lengths taken in turn in every round so
    that a busy moment of the machine falls on all of them alike."""
    sources = {n: SHAPES[shape](n) for n in lengths}
    for length, source in sources.items():
        checked = check_text(source, f"{shape}.obc", registry)
        errors = [d.message for d in checked.errors]
        assert bool(errors) == (shape == "cycle"), (length, errors[:3])
    rounds: dict[int, list[float]] = {n: [] for n in lengths}
    for _ in range(repeat):
        for length, source in sources.items():
            rounds[length].append(seconds(lambda s=source: check_text(s, "c.obc", registry)))
    return [statistics.median(rounds[n]) for n in lengths]


def main() -> None:
    """Measure every shape at every length and print the growth exponents."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lengths", type=int, nargs="+", default=[500, 1000, 2000, 3000, 4000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    args = parser.parse_args()
    lengths = sorted(args.lengths)
    registry = default_registry()
    check_text(population_chain(10), "warm.obc", registry)  # the parser built, once
    worst = 0.0
    print(machine_load())
    for shape in args.shapes:
        times = measure(shape, lengths, args.repeat, registry)
        print(f"{shape}: median of {args.repeat}")
        for length, taken in zip(lengths, times, strict=True):
            per_link = (taken / length) / (times[0] / lengths[0])
            mark = " (target < 1 s)" if length == 3000 else ""
            print(f"  {length:>6,} links: {taken:7.3f} s{mark}   "
                  f"per link {per_link:5.2f} x the {lengths[0]:,}-link chain's")
        k = exponent(lengths, times)
        worst = max(worst, k)
        print(f"  growth exponent {lengths[0]:,} → {lengths[-1]:,}: {k:.2f} (target ≤ 1.2)")
    print(f"largest growth exponent: {worst:.2f} (target ≤ 1.2); {machine_load()}")


if __name__ == "__main__":
    main()
