"""Every syntax error of a file, each once, without the errors one slip causes after it.

The grammar's unit is the line: a header, a block's opening line with the lines
indented under it, or one field. After a syntax error the line it is on (and,
for a line that opens a block, the block) is blanked and the file parsed again,
so the next error found is the next slip, not a consequence of the first. Line
numbers stay as written, since a blanked line is still a line.

Blanking a block's field can leave its block without fields, or a line on its
own; the parser then reports the block's opening line, above the error. Such a
report is the first slip's doing, not a slip of its own, so it is not shown:
the opening line is blanked in turn and the search goes on.
"""

from __future__ import annotations

from collections.abc import Callable

from obcrules.diagnostics import Diagnostic

MAX_SYNTAX_ERRORS = 50
"""Syntax errors reported for one file at most: after that many, the file is another language."""

REPARSED_CHARACTERS = 1_000_000
"""How much text the search may parse again in all (about two seconds): a large file
with many errors shows its first few rather than keeping an editor or CI waiting."""

FirstError = Callable[[str], Diagnostic | None]
"""The first syntax error of a text, or None when the text parses."""


def every_syntax_error(text: str, first: Diagnostic, first_error: FirstError) -> list[Diagnostic]:
    """``first`` and each further syntax error of ``text``, in order, each once."""
    lines = text.split("\n")
    found = [first]
    emptied: set[int] = set()  # lines that open a block one of whose lines was blanked
    reparses = max(2, REPARSED_CHARACTERS // max(1, len(text)))

    def reparse() -> Diagnostic | None:
        nonlocal reparses
        reparses -= 1
        return first_error("\n".join(lines)) if reparses >= 0 else None

    diagnostic: Diagnostic | None = first
    while diagnostic is not None and len(found) < MAX_SYNTAX_ERRORS:
        line = diagnostic.line
        if not 0 < line <= len(lines) or not lines[line - 1].strip():
            break  # the error is at the end of the file, or already blanked: nothing to skip
        opener = _blank(lines, line, whole_block=diagnostic.code == "OBC007")
        if opener is not None:
            emptied.add(opener)
        diagnostic = reparse()
        # An error before the one just skipped is a consequence of the skip.
        while diagnostic is not None and (diagnostic.line in emptied or diagnostic.line < line):
            if not 0 < diagnostic.line <= len(lines) or not lines[diagnostic.line - 1].strip():
                return found
            _blank(lines, diagnostic.line, whole_block=True)
            diagnostic = reparse()
        if diagnostic is not None:
            found.append(diagnostic)
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _blank(lines: list[str], line: int, *, whole_block: bool) -> int | None:
    """Blank ``line`` and, if it opens a block, the lines indented under it; return the
    line of the block ``line`` is in (None at the top level)."""
    own = _indent(lines[line - 1])
    opens = whole_block or lines[line - 1].split("#", 1)[0].rstrip().endswith(":")
    lines[line - 1] = ""
    if opens:
        for number in range(line, len(lines)):
            text = lines[number]
            if text.strip() and _indent(text) <= own:
                break
            lines[number] = ""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#") and _indent(text) < own:
            return number
    return None
