"""``obc tender``: exit codes and messages as a user sees them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.tender.conftest import bid


def test_cli_exit_codes_and_messages(build, monkeypatch: pytest.MonkeyPatch) -> None:
    from obcrules.cli import main

    builder = (build().write().bid("a.yaml", bid("A", 100000))
               .quality({"A": (2, 4, 3)}))
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    runner = CliRunner()
    moved = runner.invoke(main, ["tender", "evaluate", str(builder.root / "nowhere")])
    assert moved.exit_code == 2
    refused = runner.invoke(main, ["tender", "evaluate", str(builder.root)])
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    assert "1 item(s) need an agreed score" in refused.output
    listed = runner.invoke(main, ["tender", "moderate", str(builder.root)])
    assert listed.exit_code == 0
    assert "needs an agreed score: A × quality (ann 2, ben 4, cat 3; spread 2, limit 2)" \
        in listed.output
    usage = runner.invoke(main, ["tender", "init", str(builder.root / "new")])
    assert usage.exit_code == 2
    checked = runner.invoke(main, ["tender", "verify", str(builder.root)])
    assert checked.exit_code == 0, checked.output
