"""obcrules: outcome-based commissioning rules, tender evaluation and monitoring.

The public facade. Plugins implement hooks with ``from obcrules import hookimpl``.
"""

from obcrules.plugins.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]
