"""``obc.toml`` (`obcrules.tender.config`): paths that leave the workspace are refused."""

from __future__ import annotations

import pytest

from obcrules.tender.problems import TenderError


def test_init_refuses_paths_that_leave_the_workspace(build) -> None:
    builder = build().write()
    (builder.root / "obc.toml").write_text('ruleset = "../ruleset.obc"\nlot = "lot1"\n')
    with pytest.raises(TenderError) as refused:
        builder.open()
    assert str(refused.value.problems[0]) == (
        "obc.toml: ruleset: `../ruleset.obc` leaves the workspace (copy the ruleset into the "
        "workspace and give its relative path)")
    (builder.root / "obc.toml").write_text(
        'ruleset = "ruleset.obc"\nlot = "lot1"\nevaluators = ["../x"]\n')
    with pytest.raises(TenderError) as refused:
        builder.open()
    assert "`../x` is not a usable evaluator id" in str(refused.value)
