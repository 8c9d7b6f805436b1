"""The hook specifications (`obcrules.plugins.hookspecs`): every hook is documented in
docs/hooks.md with its exact signature, and tested."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from obcrules.plugins import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(
    name
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(fn, f"{hookspecs.PROJECT}_spec")
)


def signature(name: str) -> str:
    """``def name(params) -> return:`` exactly as hookspecs.py writes it."""
    fn = getattr(hookspecs, name)
    params = ", ".join(
        f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
        for p in inspect.signature(fn).parameters.values()
    )
    return f"def {name}({params}) -> {fn.__annotations__['return']}:"


def test_the_hooks_are_the_documented_eleven() -> None:
    assert len(HOOKS) == 11
    assert signature("register_tables") == "def register_tables() -> list[TableDecl]:"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented_with_its_exact_signature(hook: str) -> None:
    docs = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    assert f"### {hook}\n```python\n{signature(hook)}\n```" in docs
    assert signature(hook) in (ROOT / "src/obcrules/plugins/hookspecs.py").read_text()


def _test_sources() -> str:
    this = Path(__file__).resolve()
    files = [*ROOT.glob("tests/**/*.py"), *ROOT.glob("plugins/*/tests/**/*.py")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files if f.resolve() != this)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_implemented_by_a_test_plugin(hook: str) -> None:
    assert f"def {hook}(" in _test_sources(), f"no test implements {hook}"
