"""One version of an open document, checked: the model, the vocabulary, the diagnostics.

The language server checks a document with the same `check_text` as ``obc
check``, against the installed plugins loaded once (`default_registry`), and
keeps the result with the text it was made from. What the editor is shown follows
the same settings as ``obc check`` in the document's folder (``obc.toml`` or
``[tool.obc]``: ``select``, ``ignore``, ``warnings-as-errors``) and the document's
``# obc: ignore[…]`` comments (`Analysis.reported`). While a document does not
parse, the last version that did (`Analysis.ruleset` of the document's previous
good analysis) still answers for names, so completion keeps working mid-edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from obcrules.diagnostics import Diagnostic, Policy
from obcrules.io.settings import SettingsError, find_settings, read_settings
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
    policy: Policy = field(default_factory=Policy)
    """The settings of the document's folder, as ``obc check`` reads them there."""
    settings_problem: str | None = None
    """Why those settings could not be read (then every finding is shown)."""

    @cached_property
    def reported(self) -> list[Diagnostic]:
        """The findings ``obc check`` would report for this text: the ignored warnings
        left out, warnings made errors where the settings say so."""
        return self.policy.apply(self.checked.diagnostics, self.text)

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
    policy, problem = settings_policy(file)
    return Analysis(uri, version, text, checked, SourceLines(text, encoding),
                    previous=None if checked.ruleset is not None else keep,
                    policy=policy, settings_problem=problem)


def settings_policy(file: str) -> tuple[Policy, str | None]:
    """The policy of the settings that apply to ``file`` (read afresh, so an edit to
    ``obc.toml`` shows at the next check), and why they could not be read, if so."""
    folder = Path(file).parent
    if not Path(file).is_absolute() or not folder.is_dir():
        return Policy(), None  # an unsaved document: no folder, no settings
    try:
        settings = read_settings(find_settings(folder))
    except SettingsError as exc:
        return Policy(), str(exc)
    return Policy(select=settings.select, ignore=settings.ignore,
                  warnings_as_errors=settings.warnings_as_errors), None
