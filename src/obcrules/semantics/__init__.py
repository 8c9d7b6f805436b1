"""Semantics: resolve names, check types and units, run the lint checks.

`check_ruleset` is the one entry point: it returns every semantic error and every
warning of the core's and the named services' lint checks.
"""

from __future__ import annotations

from obcrules.diagnostics import Diagnostic
from obcrules.model import Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import CheckContext
from obcrules.plugins.manager import Registry
from obcrules.semantics.checker import Checker
from obcrules.semantics.commerce import check_payment, check_tenders
from obcrules.semantics.verification import check_verification

__all__ = ["check_ruleset"]


def check_ruleset(
    ruleset: Ruleset, registry: Registry, vocabulary: Vocabulary, file: str
) -> list[Diagnostic]:
    """Every semantic error and lint warning of a parsed ruleset."""
    checker = Checker(ruleset, registry, vocabulary, file)
    checker.run()
    check_tenders(checker)
    check_payment(checker)
    check_verification(checker)
    diagnostics = checker.diagnostics
    context = CheckContext(ruleset=ruleset, vocabulary=vocabulary, file=file)
    for plugin, check in vocabulary.checks:
        try:
            diagnostics.extend(check.run(context))
        except Exception as exc:  # a broken plugin check must not stop obc check
            diagnostics.append(Diagnostic(
                code="OBC900", severity="warning", file=file, line=1, column=1,
                message=f"the check {check.code} ({check.name}) of plugin {plugin} "
                f"{registry.version_of(plugin)} failed: {type(exc).__name__}: {exc}",
                suggestion="report this to the plugin's authors",
            ))
    return diagnostics
