"""``obc schema NAME`` as a function: the published JSON Schema of a document obcrules writes."""

from __future__ import annotations

from obcrules.api.errors import UsageError

SCHEMA_NAMES = ("monitoring", "evaluation", "diagnostics", "finance")
"""The documents with a published schema: ``monitoring.json``, ``out/evaluation.json``,
``obc check --format json`` and ``obc finance --format json``."""


def schema(name: str) -> str:
    """The JSON Schema (Draft 2020-12) of the document ``name``, as the file shipped in the
    package (``obcrules/results/schemas/NAME-1.schema.json``). Raises `UsageError` for a
    name that is not one of `SCHEMA_NAMES`."""
    if name not in SCHEMA_NAMES:
        raise UsageError(f"no schema {name!r}; choose one of {', '.join(SCHEMA_NAMES)}",
                         argument="name")
    from obcrules.results.schemas import shipped

    return shipped(name)
