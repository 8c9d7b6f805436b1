"""Files named on a command line, folders walked for them as ruff and ``opa fmt`` do.

`expand` turns each argument into files: a file stays as it is (whatever its
name: the user named it), a folder gives every ``*.obc`` below it in name order,
leaving out hidden folders and whatever a ``.gitignore`` on the way ignores (the
folder's own, those below it, and those of the folders above it up to the
repository's root). The ``.gitignore`` subset understood: comments, blank lines,
``!`` negation, a trailing ``/`` for folders only, a leading or inner ``/``
anchoring the pattern to its file's folder, and ``*``, ``?``, ``[…]``, ``**``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SKIPPED = frozenset({"node_modules", "__pycache__"})
"""Folders never walked, besides hidden ones (``.git``, ``.venv``)."""


@dataclass(frozen=True)
class Rule:
    """One line of a ``.gitignore``: a pattern relative to ``base``."""

    base: Path
    pattern: re.Pattern[str]
    negated: bool
    folders_only: bool

    def matches(self, path: Path, is_dir: bool) -> bool:
        """True when the rule's pattern names ``path`` (below ``base``) or a folder it is in."""
        try:
            parts = path.relative_to(self.base).parts
        except ValueError:
            return False
        for end in range(1, len(parts) + 1):
            folder = end < len(parts) or is_dir
            if self.folders_only and not folder:
                continue
            if self.pattern.fullmatch("/".join(parts[:end])) is not None:
                return True
        return False


def glob_regex(glob: str) -> str:
    """A ``.gitignore`` glob as a regular expression over a ``/``-separated path."""
    out: list[str] = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = glob.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = glob[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
        elif c == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def parse_gitignore(text: str, base: Path) -> list[Rule]:
    """The rules of one ``.gitignore`` whose folder is ``base``."""
    rules: list[Rule] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        folders_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        regex = glob_regex(line)
        if not anchored:
            regex = "(?:.*/)?" + regex
        rules.append(Rule(base, re.compile(regex), negated, folders_only))
    return rules


def _read_rules(folder: Path) -> list[Rule]:
    path = folder / ".gitignore"
    if not path.is_file():
        return []
    try:
        return parse_gitignore(path.read_text(encoding="utf-8", errors="replace"), folder)
    except OSError:
        return []


def _ancestor_rules(folder: Path) -> list[Rule]:
    """The rules of the ``.gitignore`` files above ``folder``, up to the repository root."""
    chain: list[Path] = []
    current = folder.resolve()
    while True:
        if (current / ".git").exists() or current.parent == current:
            break
        current = current.parent
        chain.append(current)
        if (current / ".git").exists():
            break
    rules: list[Rule] = []
    for ancestor in reversed(chain):
        rules.extend(_read_rules(ancestor))
    return rules


def ignored(path: Path, is_dir: bool, rules: list[Rule]) -> bool:
    """The last rule that names ``path`` decides, as in git."""
    verdict = False
    for rule in rules:
        if rule.matches(path, is_dir):
            verdict = not rule.negated
    return verdict


def walk(folder: Path, suffix: str = ".obc") -> Iterator[Path]:
    """Every file ending in ``suffix`` below ``folder`` that git would not ignore, in
    name order (the paths as given: relative when ``folder`` is)."""
    root = folder.resolve()
    rules = _ancestor_rules(root)

    def visit(directory: Path, shown: Path, inherited: list[Rule]) -> Iterator[Path]:
        here = [*inherited, *_read_rules(directory)]
        for entry in sorted(directory.iterdir(), key=lambda p: p.name):
            is_dir = entry.is_dir()
            if entry.name.startswith(".") or (is_dir and entry.name in SKIPPED):
                continue
            if ignored(entry, is_dir, here):
                continue
            if is_dir:
                yield from visit(entry, shown / entry.name, here)
            elif entry.name.endswith(suffix) and entry.is_file():
                yield shown / entry.name

    yield from visit(root, folder, rules)


def expand(paths: Iterable[str | Path], suffix: str = ".obc") -> list[Path]:
    """Each path as files: a folder walked (`walk`), anything else as given (a file named
    twice is checked twice, as asked)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(walk(path, suffix))
        else:
            found.append(path)
    return found
