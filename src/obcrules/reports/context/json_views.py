"""Careful readers of JSON results: typed accessors that never trust the shape.

Results come from other commands (and may be extended by them), so a field
that is missing or of an unexpected type reads as empty rather than crashing
the report; what the report shows is always what the JSON says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def records(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a JSON array (anything else is skipped)."""
    if not isinstance(value, list | tuple):
        return []
    return [v for v in value if isinstance(v, Mapping)]


def strings(value: Any) -> tuple[str, ...]:
    """A JSON array of strings (other items as their text); a lone string as one item."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple):
        return ()
    return tuple(v if isinstance(v, str) else str(v) for v in value if v is not None)


def text(value: Any, default: str = "") -> str:
    """A JSON scalar as text; None as ``default``."""
    return default if value is None else str(value)


def name_and_title(value: Any) -> tuple[str, str]:
    """``"lot1"`` or ``{"name": "lot1", "title": "Lot 1"}`` → (name, title)."""
    if isinstance(value, Mapping):
        name = text(value.get("name"))
        return name, text(value.get("title"), name)
    return text(value), text(value)
