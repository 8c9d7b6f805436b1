"""The core plugin's tender declarations: in every vocabulary, under the names the model uses."""

from __future__ import annotations

from typing import get_args

import pytest

from obcrules.model import Gate, GateKind, PriceScoring, TargetScoring
from obcrules.plugins.catalog import vocabulary_for
from obcrules.plugins.manager import Registry

CORE_KINDS = [kind for kind in get_args(GateKind) if kind != "plugin"]


@pytest.mark.parametrize("services", [(), ("care",)])
def test_every_core_gate_kind_names_a_gate_of_every_vocabulary(
        registry: Registry, services: tuple[str, ...]) -> None:
    gates = vocabulary_for(registry, services).gates
    names = [Gate(kind=kind).registered_name for kind in CORE_KINDS]
    assert names == ["every_outcome_offered", "targets_no_weaker_than_required",
                     "verification_for_every_outcome"]
    assert all(name in gates for name in names)


@pytest.mark.parametrize("services", [(), ("care",)])
def test_the_core_scorings_name_methods_of_every_vocabulary(
        registry: Registry, services: tuple[str, ...]) -> None:
    methods = vocabulary_for(registry, services).scoring_methods
    for scoring, name in ((PriceScoring(), "lowest_price"), (TargetScoring(), "from_targets")):
        assert scoring.registered_name == name
        assert methods[name].maximum == 100
