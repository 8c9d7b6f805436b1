"""What a plugin's section on the framework report reads (schema ``obcrules.framework/1``).

The framework report is drawn from the checked ruleset itself, not from a file
another command wrote; its plugin sections receive the ruleset as JSON-ready
data. It is never written to a file, so it has no published JSON Schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

SCHEMA = "obcrules.framework/1"


@with_config(ConfigDict(extra="forbid", use_attribute_docstrings=True))
class FrameworkDocument(TypedDict):
    """The ruleset a framework report shows, for its plugin sections."""

    schema: Literal["obcrules.framework/1"]
    sha256: str
    """SHA-256 of the ruleset file's bytes ("" when it was not read from a file)."""
    model: dict[str, Any]
    """The parsed ruleset (`obcrules.model.dump`): decimals and dates as strings, no spans."""
