"""The VS Code extension's TextMate grammar colours every example ruleset as the parser reads it.

The extension (editors/vscode/) is the language server's client, so its test
lives with the server's. A node script tokenises each example ruleset with
vscode-textmate and vscode-oniguruma, as VS Code does; the parser's own lexer
says what each token is (a keyword, a string, a number …) and the test checks
the scope the grammar gave it. Needs node and ``npm ci`` in editors/vscode/:
without them the test is skipped, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lark.lexer import PatternStr

from obcrules.lsp.expectations import expected_after
from obcrules.syntax.formatter import _split_comment
from obcrules.syntax.parser import parser
from tests.lsp.conftest import ROOT, RULESETS

VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "obc.tmLanguage.json"
EXAMPLES = sorted(RULESETS.glob("*.obc"))

KEYWORDS = sorted(t.pattern.value for t in parser().terminals
                  if isinstance(t.pattern, PatternStr) and t.pattern.value.replace("_", "").isalpha())
STATEMENTS = {"ruleset", "population", "outcome", "output", "process", "input", "tender",
              "payment", "gaming"}

SCOPES = {
    "STRING": "string.quoted.double.obc",
    "NUMBER": "constant.numeric",
    "PERCENT": "constant.numeric.percentage.obc",
    "MONEY": "constant.numeric.money.obc",
    "DATE": "constant.numeric.date.obc",
    "QUARTER": "constant.numeric.period.obc",
    "MONTH": "constant.numeric.period.obc",
    "CURRENCY": "constant.other.currency.obc",
    "COMPARE_OP": "keyword.operator.comparison.obc",
}
"""The scope each kind of token the parser reads must get (a prefix of it)."""

KEYWORD_SCOPES = ("keyword.", "constant.language.")

Tokens = dict[str, list[list[tuple[int, int, list[str]]]]]


def tokenise(*files: Path) -> Tokens:
    """Each file's lines as tokens ``(start, end, scopes)``, from the node script."""
    node = shutil.which("node")
    if node is None or not (VSCODE / "node_modules" / "vscode-textmate").is_dir():
        why = ("node is not installed" if node is None
               else "editors/vscode has no node_modules: run `npm ci` there")
        if os.environ.get("CI") == "true":
            pytest.fail(f"the highlighting test must run in CI, but {why}")
        pytest.skip(f"highlighting not tested: {why}")
    result = subprocess.run([node, "test/tokenize.js", str(GRAMMAR), *map(str, files)],
                            cwd=VSCODE, capture_output=True, text=True, check=False,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    raw: dict[str, Any] = json.loads(result.stdout)
    return {Path(name).name: lines for name, lines in raw.items()}


@pytest.fixture(scope="module")
def examples() -> Tokens:
    return tokenise(*EXAMPLES)


def scopes_at(line: list[tuple[int, int, list[str]]], column: int) -> list[str]:
    """The scopes of the token covering the 0-based ``column``."""
    return next(scopes for start, end, scopes in line if start <= column < end)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_token_the_parser_reads_gets_its_scope(examples: Tokens, path: Path) -> None:
    lines = examples[path.name]
    wrong = []
    for token in expected_after(path.read_text(encoding="utf-8")).tokens:
        if token.line is None or token.column is None or token.type.startswith("_"):
            continue
        scopes = scopes_at(lines[token.line - 1], token.column - 1)
        wanted: tuple[str, ...]
        if token.type in SCOPES:
            wanted = (SCOPES[token.type],)
        elif str(token) in KEYWORDS and token.type != "NAME":
            wanted = KEYWORD_SCOPES
        else:
            continue
        if not any(scope.startswith(wanted) for scope in scopes):
            wrong.append(f"{token.line}:{token.column} {token!s} ({token.type}): {scopes}")
    assert wrong == []


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_comments_are_comments_and_nothing_is_left_unscoped(examples: Tokens,
                                                            path: Path) -> None:
    lines = examples[path.name]
    text = path.read_text(encoding="utf-8").split("\n")
    for number, (source, tokens) in enumerate(zip(text, lines, strict=True), start=1):
        comment = _comment_column(source)
        for column, char in enumerate(source):
            if char.isspace():
                continue
            scopes = scopes_at(tokens, column)
            assert len(scopes) > 1, f"{path.name}:{number}:{column + 1} {char!r} is unscoped"
            if comment is not None and column >= comment:
                assert "comment.line.number-sign.obc" in scopes, f"{path.name}:{number}"


def test_every_keyword_of_the_grammar_is_coloured_as_one(tmp_path: Path) -> None:
    listing = tmp_path / "keywords.obc"
    text = [word if word in STATEMENTS else f"    {word}" for word in KEYWORDS]
    listing.write_text("\n".join(text) + "\n", encoding="utf-8")
    lines = tokenise(listing)["keywords.obc"]
    wrong = [(line.strip(), scopes) for line, tokens in zip(text, lines, strict=False)
             if not (scopes := scopes_at(tokens, len(line) - 1))[-1].startswith(KEYWORD_SCOPES)]
    assert wrong == []


def _comment_column(line: str) -> int | None:
    """The column of the ``#`` that starts a comment on ``line``, as the formatter finds it."""
    code, comment = _split_comment(line)
    return None if comment is None else line.index(comment, len(code))
