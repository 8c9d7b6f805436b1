"""Build the plugin manager: load each entry point on its own, report failures by name.

Nothing happens at import time. `make_plugin_manager()` loads the entry points of
the ``obcrules`` group (the core registers itself there too), registers each
plugin, refuses one that implements an unknown hook or breaks a hook's signature,
and returns a `Registry`. Each ``register_*`` hook is called plugin by plugin the
first time its declarations are asked for, and what came back is validated and
attributed to its plugin; `Registry.problems` lists whatever could not load (and
calls every hook not called yet). So `obc check` never calls the hooks that declare
readers, report sections or sample data, whose modules import pyarrow or the
engine. Tests build a fresh one each time.
"""

from __future__ import annotations

import importlib.metadata
import threading
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


COLLECTED_BEFORE: dict[str, tuple[str, ...]] = {
    "register_derived_tables": ("register_tables",),
}
"""Hooks whose declarations share names with an earlier hook's: that one is collected
first, so that the later declaration is the one refused whatever is asked for first."""


@dataclass
class Registry:
    """Everything the loaded plugins declared, each declaration with its plugin's name.

    A hook's declarations are collected on first use (`declared`); `refused` lists
    the plugins left out when loading, `problems` everything refused.
    """

    plugin_manager: pluggy.PluginManager
    plugins: dict[str, PluginInfo] = field(default_factory=dict)
    refused: list[PluginProblem] = field(default_factory=list)
    _collected: dict[str, list[tuple[str, Any]]] = field(default_factory=dict, repr=False)
    _refused_declarations: dict[str, list[PluginProblem]] = field(default_factory=dict,
                                                                  repr=False)
    _names: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def declared(self, hook: str, kind: type[D]) -> list[tuple[str, D]]:
        """``(plugin, declaration)`` pairs returned by ``hook``, in plugin load order."""
        return [(p, d) for p, d in self._declarations_of(hook) if isinstance(d, kind)]

    @property
    def declarations(self) -> dict[str, list[tuple[str, Any]]]:
        """Every hook's ``(plugin, declaration)`` pairs (calls every hook not called yet)."""
        return {hook: self._declarations_of(hook) for hook in HOOK_DECLARATIONS}

    @property
    def problems(self) -> list[PluginProblem]:
        """Every plugin and declaration refused (calls every hook not called yet)."""
        self._declarations_of(*HOOK_DECLARATIONS)
        return [*self.refused, *(problem for hook in HOOK_DECLARATIONS
                                 for problem in self._refused_declarations[hook])]

    @property
    def services(self) -> list[str]:
        """Names of the installed service plugins (every plugin but the core)."""
        return sorted(name for name in self.plugins if name != CORE)

    def version_of(self, plugin: str) -> str:
        """The version of an installed plugin ("unknown" if it has none)."""
        info = self.plugins.get(plugin)
        return info.version if info else "unknown"

    def _declarations_of(self, *hooks: str) -> list[tuple[str, Any]]:
        """Collect ``hooks`` not collected yet; the declarations of the last one."""
        with self._lock:
            for hook in hooks:
                if hook not in self._collected:
                    for earlier in COLLECTED_BEFORE.get(hook, ()):
                        self._declarations_of(earlier)
                    self._collect(hook)
            return self._collected[hooks[-1]]

    def _collect(self, hook: str) -> None:
        """Call one register_* hook plugin by plugin, validate, and refuse conflicts."""
        model = HOOK_DECLARATIONS[hook]
        collected: list[tuple[str, Any]] = []
        refused: list[PluginProblem] = []
        # get_hookimpls() lists implementations in registration (load) order; pluggy
        # *calls* them in reverse, which is why the core collects them itself.
        for impl in getattr(self.plugin_manager.hook, hook).get_hookimpls():
            plugin = impl.plugin_name
            if plugin not in self.plugins:
                continue
            version = self.version_of(plugin)
            try:
                result = impl.function()
            except Exception as exc:
                refused.append(PluginProblem(plugin, version,
                                             f"{hook}() raised {_describe(exc)}"))
                continue
            for declaration in _validated(plugin, version, hook, model, result, refused):
                conflict = _conflict(self._names, hook, plugin, declaration)
                if conflict:
                    refused.append(PluginProblem(plugin, version, conflict))
                    continue
                collected.append((plugin, declaration))
        self._refused_declarations[hook] = refused
        self._collected[hook] = collected


def make_plugin_manager(
    *,
    entry_points: bool = True,
    extra: Mapping[str, ModuleType | object] | None = None,
) -> Registry:
    """Load and register the plugins; their declarations are collected when first asked for.

    ``entry_points`` loads the installed ``obcrules`` entry points (the core
    included); ``extra`` registers more plugins by name, as tests and embedders
    do. A plugin that fails is left out and listed in ``Registry.refused`` (and
    ``Registry.problems``).
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
            registry.refused.append(
                PluginProblem(name, version, f"another plugin is already named {name!r}")
            )
            continue
        reason = _register(pm, name, plugin)
        if reason:
            registry.refused.append(PluginProblem(name, version, reason))
            continue
        registry.plugins[name] = PluginInfo(name=name, version=version, module=module)
    pm.check_pending()
    return registry


def _entry_point_candidates(registry: Registry) -> Iterable[tuple[str, str, str, Any]]:
    found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    # The core first, then the services in name order: load order is reproducible.
    for ep in sorted(found, key=lambda e: (e.name != CORE, e.name)):
        version = ep.dist.version if ep.dist is not None else "unknown"
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not stop the others
            registry.refused.append(
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


def _validated(
    plugin: str, version: str, hook: str, model: type[BaseModel], result: Any,
    refused: list[PluginProblem],
) -> list[BaseModel]:
    """The valid declarations in ``result``; a problem in ``refused`` for each invalid one."""
    if result is None:
        return []
    if not isinstance(result, list | tuple):
        kind = type(result).__name__
        refused.append(
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
            refused.append(
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
