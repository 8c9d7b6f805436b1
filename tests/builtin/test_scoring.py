"""The core plugin's scoring methods (`obcrules.builtin.scoring`): in every vocabulary, under the
names the model uses, each scoring from 0 to 100."""

from __future__ import annotations

import pytest

from obcrules.model import PriceScoring, TargetScoring
from obcrules.plugins.catalog import vocabulary_for
from obcrules.plugins.manager import Registry


@pytest.mark.parametrize("services", [(), ("care",)])
def test_the_core_scorings_name_methods_of_every_vocabulary(
        registry: Registry, services: tuple[str, ...]) -> None:
    methods = vocabulary_for(registry, services).scoring_methods
    for scoring, name in ((PriceScoring(), "lowest_price"), (TargetScoring(), "from_targets")):
        assert scoring.registered_name == name
        assert methods[name].maximum == 100
