"""Jinja: view models → HTML.

The environment is sandboxed (users may supply templates), autoescapes every
value and uses ``StrictUndefined`` so a misspelt name fails instead of printing
nothing. Templates are looked up in the user's ``--templates`` folder first,
then in the plugins' template folders, then in the core's, so a user can
override any template by its name (``evaluation.html.j2``, ``report.css``, …).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jinja2
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from obcrules.reports import formatting as fmt
from obcrules.reports.context.common import ReportView

CORE_TEMPLATES = Path(__file__).resolve().parent / "templates"


def make_environment(
    templates: Path | None = None, plugin_folders: Mapping[str, Path] | None = None
) -> SandboxedEnvironment:
    """A sandboxed, autoescaping, strict Jinja environment with the loader order above.

    Plugin templates are reached as ``PLUGIN/NAME`` (one prefix per plugin).
    """
    loaders: list[BaseLoader] = [FileSystemLoader(str(templates))] if templates else []
    if plugin_folders:
        loaders.append(PrefixLoader({plugin: FileSystemLoader(str(folder))
                                     for plugin, folder in plugin_folders.items()}))
    loaders.append(FileSystemLoader(str(CORE_TEMPLATES)))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        money=fmt.money, percent=fmt.percent, number=fmt.number, points=fmt.points
    )
    return env


def render_html(
    report: ReportView, templates: Path | None = None,
    plugin_folders: Mapping[str, Path] | None = None,
) -> str:
    """The HTML of ``report`` from the template named after its kind."""
    env = make_environment(templates, plugin_folders)
    name = f"{report.kind}.html.j2"
    try:
        return env.get_template(name).render(report=report)
    except jinja2.TemplateError as exc:
        raise TemplateProblem(name, templates, exc) from exc


class TemplateProblem(ValueError):
    """A template that cannot be rendered: named, with where it came from and why."""

    def __init__(self, name: str, folder: Path | None, exc: jinja2.TemplateError) -> None:
        where = getattr(exc, "filename", None) or getattr(exc, "name", None) or name
        line = getattr(exc, "lineno", None)
        at = f"{where}:{line}" if line else str(where)
        hint = (f"check the templates in {folder}, or leave out --templates to use the "
                "core's" if folder else "this is a bug in obc; please report it")
        super().__init__(f"the report template {at} could not be rendered: {exc.message}; "
                         f"{hint}")
