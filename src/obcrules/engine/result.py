"""The monitoring result: the JSON document of a run, written atomically.

`MonitoringResult` holds the document (schema ``obcrules.monitoring/1``, built by
`obcrules.engine.document`) and writes it with sorted keys, so the same inputs
give the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

    def to_json(self) -> str:
        """The document as JSON text (sorted keys, UTF-8, newline at the end)."""
        return json.dumps(self.document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def write(self, out: str | Path) -> Path:
        """Write ``OUT/monitoring.json`` atomically (a temporary file renamed into place)."""
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / FILE_NAME
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".monitoring.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(self.to_json())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target
