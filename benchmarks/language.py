"""Benchmark: parse + check a generated ruleset of 1,000 outcomes.

Target: under 0.6 s on one core. Reported as a ratio to lark's bare LALR parse of
the same file (no positions, no transformer, no checks), measured in the same run;
both are the median of ``--repeat`` runs in one process, taken in turn.

    .venv/bin/python benchmarks/language.py [--outcomes 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tracemalloc

from lark import Lark
from timing import machine_load, seconds

from obcrules.api import check_text, default_registry
from obcrules.syntax.indenter import ObcIndenter
from obcrules.syntax.parser import grammar_text


def generate(outcomes: int) -> str:
    """A realistic ruleset: a header, populations, outcomes, a tender and payments."""
    lines = [
        'ruleset big "A large framework":',
        '    version "1"',
        "    service adult_social_care",
        "    period quarter",
        "    currency £",
        '    theme vulnerable "Support for the vulnerable"',
        "",
        'population residents "Residents":',
        '    from people where setting in ("care_home", "nursing_home") and age >= 65',
        "",
    ]
    for i in range(outcomes):
        lines += [
            f'outcome outcome_{i} "Outcome number {i}":',
            "    level final",
            "    theme vulnerable",
            f"    measure share of residents where continence_problem and age >= {60 + i % 30}"
            " and (falls_12m is missing or falls_12m < 3)",
            f"    target less than {5 + i % 20}%",
            f"    baseline {10 + i % 20}% at 2025-Q4",
            "    trajectory improves every quarter",
            "    evidence objective" if i % 2 else "    evidence self_reported",
            "    verify provider_return every quarter",
            "",
        ]
    lines += [
        'tender lot1 "Lot 1":',
        '    criterion quality "Quality":',
        "        weight 70%",
        "        scored by evaluators 0 to 5",
        '    criterion price "Price":',
        "        weight 30%",
        "        scored by lowest price",
        "",
        "payment:",
        "    contract value £1_000_000",
        "    at risk 20%",
    ]
    lines += [f"    outcome_{i} pays £100 per resident where continence_treated"
              for i in range(0, outcomes, 10)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outcomes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = generate(args.outcomes)
    registry = default_registry()
    bare = Lark(grammar_text(), parser="lalr", lexer="contextual", postlex=ObcIndenter(),
                start=["start", "target"])
    checked = check_text(source, "big.obc", registry)
    assert checked.ok, [d.message for d in checked.errors][:3]

    # the two in turn, so that a busy moment of a shared machine falls on both alike
    references, fulls = [], []
    for _ in range(args.repeat):
        references.append(seconds(lambda: bare.parse(source, start="start")))
        fulls.append(seconds(lambda: check_text(source, "big.obc", registry)))
    reference, full = statistics.median(references), statistics.median(fulls)
    tracemalloc.start()
    check_text(source, "big.obc", registry)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"ruleset: {args.outcomes} outcomes, {len(source):,} bytes, "
          f"{source.count(chr(10)):,} lines")
    print(f"lark bare LALR parse (reference): {reference * 1000:8.1f} ms")
    print(f"obc parse + check:                {full * 1000:8.1f} ms "
          f"({full / reference:.2f} x reference; target < 600 ms)")
    print(f"peak traced memory of parse + check: {peak / 1e6:.1f} MB")
    print(f"(median of {args.repeat} each, the two in turn; {machine_load()})")


if __name__ == "__main__":
    main()
