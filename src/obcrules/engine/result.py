"""The monitoring result: the JSON document of a run, written atomically.

`MonitoringResult` holds the document (schema ``obcrules.monitoring/1``, built by
`obcrules.engine.document`) and writes it with sorted keys, so the same inputs
give the same bytes (`obcrules.io.json_text`: the standard library's layout, written
by orjson).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obcrules.io.atomic import write_bytes_atomic
from obcrules.io.json_text import json_bytes

SCHEMA = "obcrules.monitoring/1"
FILE_NAME = "monitoring.json"


@dataclass
class MonitoringResult:
    """The result of a monitoring run: the JSON document and a few conveniences."""

    document: dict[str, Any]

    @property
    def invalid_rows(self) -> int:
        """Invalid records excluded from the run."""
        return sum(int(c["invalid"]) for c in self.document["data_quality_summary"])

    def to_bytes(self) -> bytes:
        """The document as the bytes of ``monitoring.json`` (indented, sorted keys, UTF-8,
        a newline at the end)."""
        return json_bytes(self.document)

    def to_json(self) -> str:
        """The document as JSON text: `to_bytes`, decoded."""
        return self.to_bytes().decode("utf-8")

    def write(self, out: str | Path) -> Path:
        """Write ``OUT/monitoring.json`` atomically (a temporary file renamed into place)."""
        target = Path(out) / FILE_NAME
        write_bytes_atomic(target, self.to_bytes())
        return target
