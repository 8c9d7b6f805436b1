"""The cyclic garbage collector paused around work that makes no reference cycle.

Parsing and checking a large ruleset, and building a monitoring document, allocate
hundreds of thousands of small objects (tokens, nodes, lists, dicts), none of them
in a reference cycle; yet the collector walks the growing heap again and again
(10-20 % of the parse of 1,000 outcomes, as much again of their checks, a fifth of
building the document of 20 outcomes by 400 groups).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block, then restored.

    Reference counting still frees everything as usual, and the collector finds any
    cycle after it is resumed. It is turned back on only if it was on: a caller that
    turned it off (or an enclosing pause) keeps it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
