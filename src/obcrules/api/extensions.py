"""``obc plugins``, ``obc plugin new`` and ``obc sample-data`` as functions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obcrules.api.errors import UsageError, WriteError
from obcrules.plugins.manager import PluginProblem, Registry, make_plugin_manager
from obcrules.semantics.checked import default_registry

if TYPE_CHECKING:
    from obcrules.plugins.summary import PluginSummary


@dataclass(frozen=True)
class PluginList:
    """The installed plugins, what each declares, and the plugins that failed to load."""

    summaries: list[PluginSummary]
    problems: list[PluginProblem]

    @property
    def ok(self) -> bool:
        """True when every plugin loaded."""
        return not self.problems

    def document(self) -> dict[str, Any]:
        """The plugins and problems as plain data (``obc plugins --format json``)."""
        from dataclasses import asdict

        return {"plugins": [asdict(s) for s in self.summaries],
                "problems": [asdict(p) for p in self.problems]}

    def render(self) -> str:
        """The text ``obc plugins`` prints: each plugin and its declarations, then problems."""
        from obcrules.plugins.summary import render_plugins

        return render_plugins(self.summaries, self.problems)


def plugins(registry: Registry | None = None) -> PluginList:
    """The plugins installed in this environment, loaded afresh (``obc plugins``).

    Never raises for a plugin that fails: it is listed in ``problems``.
    """
    from obcrules.plugins.summary import summarise

    registry = registry or make_plugin_manager()
    return PluginList(summarise(registry), list(registry.problems))


def new_plugin(name: str, directory: str | Path = ".") -> Path:
    """Create a plugin distribution for the service ``name`` in ``directory``
    (``obc plugin new``); return its folder.

    Raises `obcrules.scaffold.ScaffoldError` for a bad name or a folder that is
    there and not empty, and `WriteError` when the files cannot be written.
    """
    from obcrules.scaffold import new_plugin as scaffold

    try:
        return scaffold(name, Path(directory))
    except OSError as exc:
        raise WriteError(Path(directory), exc) from exc


SAMPLE_FORMATS = ("csv", "parquet")


def sample_data(service: str, rows: int, out: str | Path, fmt: str = "csv", seed: int = 1,
                registry: Registry | None = None, gaming: str | None = None) -> list[Path]:
    """Write ``rows`` people (and their other tables) of synthetic ``service`` data into
    ``out``, one ``<table>.<fmt>`` file per table (``obc sample-data``); return the files.

    The same seed gives the same data. ``gaming`` (``cream-skimming``, ``parking``,
    ``bunching``, ``drop-out``, ``double-claims``) makes one provider game that way
    (docs/gaming.md). Raises `SampleDataError` for a service that
    has no sample data (naming those that have), `UsageError` for a format other
    than ``csv`` or ``parquet`` and `WriteError` when a file cannot be written.
    """
    from obcrules.plugins.gaming_samples import GamingSampleError, gaming_pattern
    from obcrules.plugins.sample_files import write_sample_data

    try:
        pattern = gaming_pattern(gaming) if gaming is not None else None
    except GamingSampleError as exc:
        raise UsageError(str(exc), argument="gaming") from None
    if fmt not in SAMPLE_FORMATS:
        raise UsageError(f"no sample-data format {fmt!r}; choose csv or parquet",
                         argument="fmt")
    try:
        return write_sample_data(registry or default_registry(), service, rows, Path(out),
                                 "parquet" if fmt == "parquet" else "csv", seed, pattern)
    except OSError as exc:
        raise WriteError(Path(out), exc) from exc
