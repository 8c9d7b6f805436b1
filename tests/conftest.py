"""Shared fixtures: a registry with only the core and a small test service."""

from __future__ import annotations

import pytest

import obcrules.builtin
from obcrules.api import CheckedRuleset, check_text
from obcrules.plugins.manager import Registry, make_plugin_manager
from tests import care_plugin


@pytest.fixture(scope="session", autouse=True)
def crash_logs_stay_in_the_session(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A command that crashes while testing writes its crash log under the session's
    temporary folder, not the user's cache folder (`obcrules.cli.crash`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The core plus the test service `care`, without the installed plugins."""
    return make_plugin_manager(
        entry_points=False, extra={"core": obcrules.builtin, "care": care_plugin}
    )


@pytest.fixture
def check(registry: Registry):  # type: ignore[no-untyped-def]
    """check(source) -> CheckedRuleset, against the test registry."""

    def run(source: str) -> CheckedRuleset:
        return check_text(source, "test.obc", registry)

    return run


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The folder the whole demo wrote (run once per test session, about 9 s), under the
    usual umask 022 (tests/io/test_atomic.py checks the modes of what it wrote)."""
    import os
    from pathlib import Path

    from obcrules.api import demo as run_demo

    out = tmp_path_factory.mktemp("demo")
    umask = os.umask(0o022)
    try:
        assert run_demo(Path(__file__).parents[1] / "rulesets", out, lambda _line: None) == 0
    finally:
        os.umask(umask)
    return out
