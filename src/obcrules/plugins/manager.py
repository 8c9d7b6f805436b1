"""Build the plugin manager: load each entry point on its own, report failures by name.

Nothing happens at import time. `make_plugin_manager()` loads the entry points of
the ``obcrules`` group (the core registers itself there too), registers each
plugin, refuses one that implements an unknown hook or breaks a hook's signature,
calls every ``register_*`` hook plugin by plugin, validates what came back, and
returns a `Registry` of declarations attributed to their plugins, with a list of
`PluginProblem` for whatever could not load. Tests build a fresh one each time.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

import pluggy
from pydantic import BaseModel, ValidationError

from obcrules.diagnostics import did_you_mean
from obcrules.plugins import hookspecs
from obcrules.plugins.declarations import (
    CheckDecl,
    DerivedTableDecl,
    FieldsDecl,
    FunctionDecl,
    GateDecl,
    ReaderDecl,
    ReportSectionDecl,
    SampleDataDecl,
    ScoringMethodDecl,
    TableDecl,
    VerificationMethodDecl,
)

ENTRY_POINT_GROUP = "obcrules"
CORE = "core"

HOOK_DECLARATIONS: dict[str, type[BaseModel]] = {
    "register_tables": TableDecl,
    "register_fields": FieldsDecl,
    "register_functions": FunctionDecl,
    "register_verification_methods": VerificationMethodDecl,
    "register_checks": CheckDecl,
    "register_scoring_methods": ScoringMethodDecl,
    "register_gates": GateDecl,
    "register_derived_tables": DerivedTableDecl,
    "register_readers": ReaderDecl,
    "register_report_sections": ReportSectionDecl,
    "register_sample_data": SampleDataDecl,
}
"""Each hook and the declaration model its results must be."""


@dataclass(frozen=True)
class PluginInfo:
    """An installed plugin: its service name (the entry-point name) and version."""

    name: str
    version: str
    module: str


@dataclass(frozen=True)
class PluginProblem:
    """Why a plugin, or one of its declarations, was refused."""

    plugin: str
    version: str
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.plugin} {self.version}: {self.reason}"


D = TypeVar("D", bound=BaseModel)


@dataclass
class Registry:
    """Everything the loaded plugins declared, each declaration with its plugin's name."""

    plugin_manager: pluggy.PluginManager
    plugins: dict[str, PluginInfo] = field(default_factory=dict)
    problems: list[PluginProblem] = field(default_factory=list)
    declarations: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)

    def declared(self, hook: str, kind: type[D]) -> list[tuple[str, D]]:
        """``(plugin, declaration)`` pairs returned by ``hook``, in plugin load order."""
        return [(p, d) for p, d in self.declarations.get(hook, []) if isinstance(d, kind)]

    @property
    def services(self) -> list[str]:
        """Names of the installed service plugins (every plugin but the core)."""
        return sorted(name for name in self.plugins if name != CORE)

    def version_of(self, plugin: str) -> str:
        """The version of an installed plugin ("unknown" if it has none)."""
        info = self.plugins.get(plugin)
        return info.version if info else "unknown"


def make_plugin_manager(
    *,
    entry_points: bool = True,
    extra: Mapping[str, ModuleType | object] | None = None,
) -> Registry:
    """Load the plugins and collect their declarations.

    ``entry_points`` loads the installed ``obcrules`` entry points (the core
    included); ``extra`` registers more plugins by name, as tests and embedders
    do. A plugin that fails is left out and listed in ``Registry.problems``.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    registry = Registry(plugin_manager=pm)
    candidates: list[tuple[str, str, str, Any]] = []
    if entry_points:
        candidates.extend(_entry_point_candidates(registry))
    for name, plugin in (extra or {}).items():
        module = getattr(plugin, "__name__", type(plugin).__name__)
        version = str(getattr(plugin, "__version__", "unknown"))
        candidates.append((name, version, module, plugin))
    for name, version, module, plugin in candidates:
        if name in registry.plugins:
            registry.problems.append(
                PluginProblem(name, version, f"another plugin is already named {name!r}")
            )
            continue
        reason = _register(pm, name, plugin)
        if reason:
            registry.problems.append(PluginProblem(name, version, reason))
            continue
        registry.plugins[name] = PluginInfo(name=name, version=version, module=module)
    pm.check_pending()
    _collect(registry)
    return registry


def _entry_point_candidates(registry: Registry) -> Iterable[tuple[str, str, str, Any]]:
    found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    # The core first, then the services in name order: load order is reproducible.
    for ep in sorted(found, key=lambda e: (e.name != CORE, e.name)):
        version = ep.dist.version if ep.dist is not None else "unknown"
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not stop the others
            registry.problems.append(
                PluginProblem(ep.name, version, f"failed to import {ep.value}: {_describe(exc)}")
            )
            continue
        yield ep.name, version, ep.value, plugin


def _register(pm: pluggy.PluginManager, name: str, plugin: Any) -> str | None:
    """Register one plugin; return why it was refused, or None."""
    known = {n for n in dir(pm.hook) if not n.startswith("_")}
    for attr in dir(plugin):
        opts = pm.parse_hookimpl_opts(plugin, attr)
        if opts is not None and attr not in known:
            hint = did_you_mean(attr, known)
            return f"implements unknown hook {attr!r}" + (
                f" (did you mean {hint!r}?)" if hint else ""
            )
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        return f"cannot be registered: {exc}"
    return None


def _collect(registry: Registry) -> None:
    """Call every register_* hook plugin by plugin, validate, and refuse conflicts."""
    pm = registry.plugin_manager
    names: dict[tuple[str, str], str] = {}
    for hook, model in HOOK_DECLARATIONS.items():
        caller = getattr(pm.hook, hook)
        collected: list[tuple[str, Any]] = []
        # get_hookimpls() lists implementations in registration (load) order; pluggy
        # *calls* them in reverse, which is why the core collects them itself.
        for impl in caller.get_hookimpls():
            plugin = impl.plugin_name
            if plugin not in registry.plugins:
                continue
            version = registry.version_of(plugin)
            try:
                result = impl.function()
            except Exception as exc:
                registry.problems.append(
                    PluginProblem(plugin, version, f"{hook}() raised {_describe(exc)}")
                )
                continue
            for declaration in _validated(registry, plugin, hook, model, result):
                conflict = _conflict(names, hook, plugin, declaration)
                if conflict:
                    registry.problems.append(PluginProblem(plugin, version, conflict))
                    continue
                collected.append((plugin, declaration))
        registry.declarations[hook] = collected


def _validated(
    registry: Registry, plugin: str, hook: str, model: type[BaseModel], result: Any
) -> list[BaseModel]:
    version = registry.version_of(plugin)
    if result is None:
        return []
    if not isinstance(result, list | tuple):
        kind = type(result).__name__
        registry.problems.append(
            PluginProblem(plugin, version, f"{hook}() must return a list, not {kind}")
        )
        return []
    valid: list[BaseModel] = []
    for index, item in enumerate(result):
        try:
            valid.append(item if isinstance(item, model) else model.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "declaration"
            registry.problems.append(
                PluginProblem(
                    plugin,
                    version,
                    f"{hook}() item {index + 1} is not a valid {model.__name__}: "
                    f"{where}: {first.get('msg', 'invalid')}",
                )
            )
    return valid


def _conflict(
    names: dict[tuple[str, str], str], hook: str, plugin: str, declaration: Any
) -> str | None:
    """Refuse a second declaration of the same table, function, code, method or gate."""
    key = _identity(hook, declaration)
    if key is None:
        return None
    owner = names.get(key)
    if owner is not None and owner != plugin:
        what, name = key
        return f"declares {what} {name!r}, which plugin {owner} already declared"
    names[key] = plugin
    return None


def _identity(hook: str, declaration: Any) -> tuple[str, str] | None:
    if isinstance(declaration, TableDecl):
        return ("table", declaration.name)
    if isinstance(declaration, DerivedTableDecl):
        return ("table", declaration.table.name)
    if isinstance(declaration, FunctionDecl):
        return ("function", declaration.name)
    if isinstance(declaration, CheckDecl):
        return ("check", declaration.code)
    if isinstance(declaration, VerificationMethodDecl):
        return ("verification method", declaration.name)
    if isinstance(declaration, ScoringMethodDecl):
        return ("scoring method", declaration.name)
    if isinstance(declaration, GateDecl):
        return ("gate", declaration.name)
    if isinstance(declaration, SampleDataDecl):
        return ("sample data for", declaration.service)
    if isinstance(declaration, ReportSectionDecl):
        return ("report section", declaration.name)
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
