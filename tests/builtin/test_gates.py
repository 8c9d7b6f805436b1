"""The core plugin's gates (`obcrules.builtin.gates`): in every vocabulary, under the names the
model uses."""

from __future__ import annotations

from typing import get_args

import pytest

from obcrules.model import Gate, GateKind
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
