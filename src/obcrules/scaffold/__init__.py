"""``obc plugin new NAME``: a working plugin distribution to start from.

The files come from the templates in ``templates/`` (package data): each
``*.tmpl`` is filled in with `string.Template` (``${service}``, ``${package}``,
``${distribution}``, ``${prefix}``, ``${title}``, ``${table}``,
``${obcrules_version}``) and written without the suffix; ``__package__`` in a
path becomes the package name. The result has one table, one function, one
check, a sample-data generator and tests that pass as generated.
"""

from __future__ import annotations

import re
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from obcrules import __version__
from obcrules.io.atomic import write_text_atomic

NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ScaffoldError(Exception):
    """The plugin cannot be created; the message says why."""


def template_values(service: str) -> dict[str, str]:
    """The values the templates are filled in with, for a service name."""
    if not NAME.match(service):
        raise ScaffoldError(
            f"{service!r} is not a valid service name: use lower-case letters, digits and "
            "underscores, starting with a letter (e.g. youth_justice)"
        )
    letters = re.sub(r"[^a-z]", "", service).upper()
    return {
        "service": service,
        "package": f"obcrules_{service}",
        "distribution": f"obcrules-{service.replace('_', '-')}",
        "prefix": (letters + "XX")[:3] if len(letters) < 3 else letters[:3],
        "title": service.replace("_", " ").capitalize(),
        "table": f"{service}_records",
        "obcrules_version": __version__,
    }


def new_plugin(service: str, directory: Path) -> Path:
    """Write a plugin distribution for ``service`` into ``directory/<distribution>``.

    Returns the distribution's folder. Refuses a folder that already exists and
    is not empty.
    """
    values = template_values(service)
    target = directory / values["distribution"]
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} already exists and is not empty")
    root = files("obcrules.scaffold").joinpath("templates")
    for source, relative in _templates(root, ""):
        path = target / relative.replace("__package__", values["package"])
        text = source.read_text(encoding="utf-8")
        if path.suffix == ".tmpl":
            path = path.with_suffix("")
            text = Template(text).substitute(values)
        write_text_atomic(path, text)
    return target


def _templates(folder: Traversable, prefix: str) -> list[tuple[Traversable, str]]:
    found: list[tuple[Traversable, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_templates(entry, relative + "/"))
        else:
            found.append((entry, relative))
    return found
