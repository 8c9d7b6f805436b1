"""obcrules: outcome-based commissioning rules, tender evaluation and monitoring.

The public facade. Plugins implement hooks with ``from obcrules import hookimpl``.
``hookimpl`` is imported on first use, so that ``obc --help`` (which reads only
``__version__``) does not load the hook specifications and their models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from obcrules.plugins.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    if name != "hookimpl":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from obcrules.plugins.hookspecs import hookimpl

    globals()["hookimpl"] = hookimpl
    return hookimpl
