"""The public API (`obcrules.api`): every function says what it does, raises and returns."""

from __future__ import annotations

from obcrules import api


def test_every_api_function_says_what_it_does_raises_and_returns() -> None:
    functions = [n for n in api.__all__ if n.islower() and callable(getattr(api, n))]
    assert len(functions) >= 25
    for name in functions:
        assert len((getattr(api, name).__doc__ or "").split()) >= 8, f"api.{name}"
