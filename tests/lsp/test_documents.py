"""An analysed document: while it does not parse, its last good version still answers."""

from __future__ import annotations

from obcrules.lsp.documents import analyse
from obcrules.semantics.checked import default_registry
from tests.lsp.conftest import RULESETS

CONTINENCE = (RULESETS / "continence.obc").read_text(encoding="utf-8")


def test_a_version_that_does_not_parse_keeps_the_last_model() -> None:
    registry = default_registry()
    good = analyse("file:///c.obc", 1, CONTINENCE, "c.obc", registry)
    broken = analyse("file:///c.obc", 2, CONTINENCE + "population x\n", "c.obc", registry,
                     previous=good)
    again = analyse("file:///c.obc", 3, CONTINENCE + "population x \n", "c.obc", registry,
                    previous=broken)
    assert broken.ruleset is None and again.ruleset is None
    assert again.known is good.ruleset
    assert again.previous is good  # one step back, however long the document stays broken
    assert again.symbols == []


def test_a_version_that_does_not_parse_reads_its_services_off_the_service_line() -> None:
    text = CONTINENCE.replace("service adult_social_care", "service housing, `mental_health`")
    broken = analyse("file:///c.obc", 1, text + "population\n", "c.obc", default_registry())
    assert broken.checked.vocabulary is None
    assert set(broken.vocabulary.services) == {"housing", "mental_health"}
    assert broken.vocabulary.functions["recovered"].name == "recovered"
