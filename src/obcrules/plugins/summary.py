"""What each installed plugin declares, for ``obc plugins``."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from obcrules.plugins.manager import PluginProblem, Registry


@dataclass
class PluginSummary:
    """One loaded plugin and the names of what it declares."""

    name: str
    version: str
    module: str
    tables: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    derived_tables: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    verification_methods: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    scoring_methods: list[str] = field(default_factory=list)
    gates: list[str] = field(default_factory=list)
    readers: list[str] = field(default_factory=list)
    report_sections: list[str] = field(default_factory=list)
    sample_data: list[str] = field(default_factory=list)

    def lines(self) -> list[tuple[str, list[str]]]:
        """``(label, names)`` for each kind of declaration the plugin made."""
        kinds = [
            ("tables", self.tables),
            ("fields", self.fields),
            ("derived tables", self.derived_tables),
            ("functions", self.functions),
            ("verification methods", self.verification_methods),
            ("checks", self.checks),
            ("scoring methods", self.scoring_methods),
            ("gates", self.gates),
            ("readers", self.readers),
            ("report sections", self.report_sections),
            ("sample data", self.sample_data),
        ]
        return [(label, names) for label, names in kinds if names]


def summarise(registry: Registry) -> list[PluginSummary]:
    """A summary of every loaded plugin, the core first, then by name."""
    summaries = {
        name: PluginSummary(name, info.version, info.module)
        for name, info in registry.plugins.items()
    }

    def add(plugin: str, attribute: str, text: str) -> None:
        if plugin in summaries:
            getattr(summaries[plugin], attribute).append(text)

    for plugin, table in registry.declared("register_tables", TableDecl):
        add(plugin, "tables", f"{table.name} ({len(table.fields)} fields)")
    for plugin, extra in registry.declared("register_fields", FieldsDecl):
        add(plugin, "fields", f"{len(extra.fields)} on {extra.table}")
    for plugin, derived in registry.declared("register_derived_tables", DerivedTableDecl):
        add(
            plugin,
            "derived_tables",
            f"{derived.table.name} ({len(derived.table.fields)} fields, "
            f"from {', '.join(derived.inputs)})",
        )
    for plugin, fn in registry.declared("register_functions", FunctionDecl):
        add(plugin, "functions", f"{fn.name}({', '.join(p.name for p in fn.params)})")
    for plugin, method in registry.declared(
        "register_verification_methods", VerificationMethodDecl
    ):
        add(plugin, "verification_methods", method.name)
    for plugin, check in registry.declared("register_checks", CheckDecl):
        add(plugin, "checks", f"{check.code} {check.name}")
    for plugin, scoring in registry.declared("register_scoring_methods", ScoringMethodDecl):
        add(plugin, "scoring_methods", scoring.name)
    for plugin, gate in registry.declared("register_gates", GateDecl):
        add(plugin, "gates", gate.name)
    for plugin, reader in registry.declared("register_readers", ReaderDecl):
        add(plugin, "readers", f"{reader.name} ({', '.join(reader.suffixes)})")
    for plugin, section in registry.declared("register_report_sections", ReportSectionDecl):
        add(plugin, "report_sections", f"{section.name} ({section.report})")
    for plugin, sample in registry.declared("register_sample_data", SampleDataDecl):
        add(plugin, "sample_data", f"{sample.service}: {', '.join(sample.tables)}")
    return sorted(summaries.values(), key=lambda s: (s.name != "core", s.name))


def render_plugins(summaries: list[PluginSummary], problems: list[PluginProblem]) -> str:
    """The text ``obc plugins`` prints: each plugin, what it declares, then the problems."""
    out: list[str] = []
    for summary in summaries:
        out.append(f"{summary.name} {summary.version} ({summary.module})")
        for label, names in summary.lines():
            out.append(f"  {label}: {', '.join(names)}")
    if problems:
        out.append("")
        out.append(f"{len(problems)} problem(s):")
        out.extend(f"  {problem}" for problem in problems)
    return "\n".join(out)
