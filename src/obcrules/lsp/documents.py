"""One version of an open document, checked: the model, the vocabulary, the diagnostics.

The language server checks a document with the same `check_text` as ``obc
check``, against the installed plugins loaded once (`default_registry`), and
keeps the result with the text it was made from. While a document does not
parse, the last version that did (`Analysis.ruleset` of the document's previous
good analysis) still answers for names, so completion keeps working mid-edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from obcrules.lsp.positions import Encoding, SourceLines
from obcrules.lsp.symbols import Symbol, symbols
from obcrules.model import Ruleset
from obcrules.plugins.catalog import Vocabulary, vocabulary_for
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset, check_text

_SERVICE_LINE = re.compile(r"^[ ]+service[ ]+([a-z_0-9`, ]+)", re.MULTILINE)


@dataclass
class Analysis:
    """A document's text at one version and what checking it found."""

    uri: str
    version: int | None
    text: str
    checked: CheckedRuleset
    lines: SourceLines
    previous: Analysis | None = field(default=None, repr=False)

    @property
    def ruleset(self) -> Ruleset | None:
        """The model of this version, or None when it does not parse."""
        return self.checked.ruleset

    @property
    def known(self) -> Ruleset | None:
        """The model of this version, or else of the last version that parsed."""
        if self.checked.ruleset is not None:
            return self.checked.ruleset
        return self.previous.known if self.previous is not None else None

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """What the ruleset's services declare: checked, or read off its ``service`` lines."""
        if self.checked.vocabulary is not None:
            return self.checked.vocabulary
        services = [name.strip().strip("`") for found in _SERVICE_LINE.findall(self.text)
                    for name in found.split(",") if name.strip()]
        return vocabulary_for(self.checked.registry, services)

    @cached_property
    def symbols(self) -> list[Symbol]:
        """The names this version defines, placed in its text ([] when it does not parse)."""
        return symbols(self.ruleset, self.lines) if self.ruleset is not None else []


def analyse(uri: str, version: int | None, text: str, file: str, registry: Registry, *,
            encoding: Encoding = "utf-16", previous: Analysis | None = None) -> Analysis:
    """Check ``text`` (the document at ``version``); ``previous`` is its last analysis."""
    checked = check_text(text, file, registry)
    keep = previous if previous is None or previous.ruleset is not None else previous.previous
    return Analysis(uri, version, text, checked, SourceLines(text, encoding),
                    previous=None if checked.ruleset is not None else keep)
