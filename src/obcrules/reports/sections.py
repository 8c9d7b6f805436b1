"""Report sections that plugins add through ``register_report_sections``.

A report renders the core's sections, then those of the plugins its ruleset
names (the core's own first). A plugin's ``context(document)`` turns the document
the report reads (a `obcrules.results.ReportDocument`; its ``schema`` says which)
into the plain data its template sees; returning None leaves the section out.
A plugin whose context fails does not stop the report: its section says what
went wrong, so nobody mistakes a missing section for good news.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from pathlib import Path

from obcrules.plugins.declarations import ReportKind, ReportSectionDecl
from obcrules.plugins.manager import CORE, Registry
from obcrules.reports.context.common import SectionView
from obcrules.reports.formatting import slug
from obcrules.results import ReportDocument


def section_declarations(
    registry: Registry | None, kind: ReportKind, services: Iterable[str]
) -> list[tuple[str, ReportSectionDecl]]:
    """``(plugin, declaration)`` for the sections of ``kind`` in scope, core first."""
    if registry is None:
        return []
    visible = {CORE, *services}
    found = [
        (plugin, decl)
        for plugin, decl in registry.declared("register_report_sections", ReportSectionDecl)
        if decl.report == kind and plugin in visible
    ]
    return sorted(found, key=lambda pair: pair[0] != CORE)


def build_sections(
    declarations: Iterable[tuple[str, ReportSectionDecl]], document: ReportDocument
) -> tuple[tuple[SectionView, ...], dict[str, Path]]:
    """The section view models, and each plugin's template folder by plugin name.

    A section's template is named ``PLUGIN/TEMPLATE``, so two plugins may ship
    templates of the same name, and a user overrides one as ``PLUGIN/TEMPLATE``
    in the ``--templates`` folder.
    """
    views: list[SectionView] = []
    folders: dict[str, Path] = {}
    taken: set[str] = set()
    for plugin, decl in declarations:
        anchor = "section-" + slug(f"{plugin}-{decl.name}", taken)
        try:
            # a deep copy: a plugin's section can read the document but never change
            # what the core sections show
            data = decl.context(copy.deepcopy(document))
        except Exception as exc:  # a plugin bug must not cost the commissioner the report
            views.append(SectionView(anchor, decl.title, plugin, f"{plugin}/{decl.template}",
                                     {}, problem=f"{type(exc).__name__}: {exc}"))
            continue
        if data is None:
            continue
        views.append(SectionView(anchor, decl.title, plugin, f"{plugin}/{decl.template}", data))
        folders.setdefault(plugin, decl.template_dir)
    return tuple(views), folders
