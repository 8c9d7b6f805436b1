"""The user docs keep their promises.

* Every diagnostic code obc can emit (any ``OBCnnn`` in ``src/obcrules``) has a
  section ``### OBCnnn`` in ``docs/diagnostics.md``.
* Every complete ruleset in the docs checks without errors. Fences say what a
  block is: ```` ```obc ```` is a complete ruleset, ```` ```obc-snippet ```` a
  fragment, ```` ```obc-bad ```` a complete ruleset that shows a diagnostic.
* Each snippet of the tutorial appears word for word in one of its complete
  rulesets, so the snippets are checked too.
* In ``docs/diagnostics.md`` each bad example produces its section's code, each
  better example does not, and the output printed after a bad example is what
  obc prints for it now (the ``file:line:col: severity[CODE]: message`` lines).

After changing a message, refresh the output shown in diagnostics.md with::

    .venv/bin/python tests/docs/test_diagnostics_doc.py --update
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from obcrules.api import check_source, check_text
from obcrules.diagnostics import render_human

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SOURCE = ROOT / "src" / "obcrules"
DIAGNOSTICS = DOCS / "diagnostics.md"
RULESET_DOCS = (DOCS / "language.md", DOCS / "tutorial.md", DIAGNOSTICS)

CODE = re.compile(r"\bOBC\d{3}\b")
FENCE = re.compile(r"^```([\w-]*)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
SECTION = re.compile(r"^### (OBC\d{3})\b", re.M)
HEADLINE = re.compile(r"^\S+:\d+:\d+: (?:error|warning)\[[A-Z]+\d+\]: .*$", re.M)
BAD_FILE = "bad.obc"


@dataclass(frozen=True)
class Block:
    """One fenced block of a Markdown file."""

    path: Path
    kind: str
    body: str
    line: int
    start: int
    end: int
    section: str | None

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of ``path``, each with the ``### OBCnnn`` section it is in."""
    text = path.read_text(encoding="utf-8")
    sections = [(m.start(), m.group(1)) for m in SECTION.finditer(text)]
    found = []
    for match in FENCE.finditer(text):
        section = None
        for start, code in sections:
            if start < match.start():
                section = code
        found.append(Block(path, match.group(1), match.group(2),
                           text.count("\n", 0, match.start()) + 1,
                           match.start(2), match.end(2), section))
    return found


def emitted_codes() -> set[str]:
    """Every OBCnnn that appears in obc's source."""
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        codes.update(CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def documented_codes() -> set[str]:
    return set(SECTION.findall(DIAGNOSTICS.read_text(encoding="utf-8")))


def printed(body: str) -> str:
    """What ``obc check bad.obc`` prints for ``body``, without the summary line."""
    checked = check_text(body, BAD_FILE)
    return "\n\n".join(render_human(d, checked.text) for d in checked.diagnostics)


def bad_examples() -> list[tuple[Block, Block | None]]:
    """Each ``obc-bad`` block of diagnostics.md with the output block after it."""
    found = blocks(DIAGNOSTICS)
    pairs = []
    for index, block in enumerate(found):
        if block.kind == "obc-bad":
            after = found[index + 1] if index + 1 < len(found) else None
            pairs.append((block, after if after and after.kind == "text" else None))
    return pairs


def _id(block: Block) -> str:
    return block.where


# --------------------------------------------------------------------------- codes


def test_the_source_emits_codes() -> None:
    assert {"OBC001", "OBC102", "OBC201"} <= emitted_codes()


@pytest.mark.parametrize("code", sorted(emitted_codes()))
def test_every_code_has_a_section(code: str) -> None:
    assert code in documented_codes(), f"docs/diagnostics.md has no section `### {code}`"


def test_sections_are_in_order_and_unique() -> None:
    sections = SECTION.findall(DIAGNOSTICS.read_text(encoding="utf-8"))
    assert sections == sorted(set(sections))


# --------------------------------------------------------------------------- rulesets


COMPLETE = [b for path in RULESET_DOCS for b in blocks(path) if b.kind == "obc"]


def test_the_docs_have_complete_rulesets() -> None:
    for path in RULESET_DOCS:
        assert any(b.path == path for b in COMPLETE), f"{path.name} has no ```obc block"


@pytest.mark.parametrize("block", COMPLETE, ids=_id)
def test_complete_ruleset_has_no_errors(block: Block) -> None:
    errors = [d for d in check_source(block.body, block.where) if d.is_error]
    assert not errors, "\n".join(f"{d.code} line {d.line}: {d.message}" for d in errors)


TUTORIAL_SNIPPETS = [b for b in blocks(DOCS / "tutorial.md") if b.kind == "obc-snippet"]


@pytest.mark.parametrize("block", TUTORIAL_SNIPPETS, ids=_id)
def test_tutorial_snippet_is_part_of_a_complete_ruleset(block: Block) -> None:
    wholes = [b.body for b in COMPLETE if b.path == block.path]
    assert any(block.body in whole for whole in wholes)


# --------------------------------------------------------------------------- diagnostics.md


BAD = bad_examples()


@pytest.mark.parametrize("pair", BAD, ids=lambda pair: _id(pair[0]))
def test_bad_example_shows_its_code(pair: tuple[Block, Block | None]) -> None:
    block, output = pair
    codes = {d.code for d in check_source(block.body, BAD_FILE)}
    assert block.section in codes, f"expected {block.section}, got {sorted(codes)}"
    assert output is not None, "a bad example is followed by a ```text block of output"
    assert HEADLINE.findall(output.body) == HEADLINE.findall(printed(block.body)), (
        "the output shown is stale: run `.venv/bin/python tests/docs/test_diagnostics_doc.py "
        "--update`"
    )


BETTER = [b for b in blocks(DIAGNOSTICS) if b.kind == "obc" and b.section]


@pytest.mark.parametrize("block", BETTER, ids=_id)
def test_better_example_does_not_show_the_code(block: Block) -> None:
    codes = {d.code for d in check_source(block.body, BAD_FILE)}
    assert block.section not in codes


# --------------------------------------------------------------------------- update


def update() -> int:
    """Rewrite the output after each bad example in diagnostics.md; return how many changed."""
    text = DIAGNOSTICS.read_text(encoding="utf-8")
    changed = 0
    for block, output in reversed(bad_examples()):
        if output is None:
            continue
        new = printed(block.body) + "\n"
        if new != output.body:
            text = text[: output.start] + new + text[output.end:]
            changed += 1
    DIAGNOSTICS.write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(f"usage: {sys.argv[0]} --update")
    print(f"updated {update()} output block(s) in {DIAGNOSTICS.relative_to(ROOT)}")
