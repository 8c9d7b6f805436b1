"""The monitoring result: the JSON document of a run, written atomically.

`MonitoringResult` holds the document (schema ``obcrules.monitoring/1``, built by
`obcrules.engine.document`) and writes it with sorted keys, so the same inputs
give the same bytes.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from obcrules.io.atomic import write_stream_atomic

SCHEMA = "obcrules.monitoring/1"
FILE_NAME = "monitoring.json"
PIECE = 1 << 16
"""Characters of JSON text encoded and written at a time."""


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
        stream = io.BytesIO()
        self.write_json(stream)
        return stream.getvalue().decode("utf-8")

    def write_json(self, stream: BinaryIO) -> None:
        """Write `to_json`'s text to a binary stream, UTF-8, a piece at a time.

        ``json.dumps`` with an indent holds every token of the text in a list before
        joining them (about 60 bytes for each, so several times the text's size: most of
        ``obc monitor``'s memory with thousands of outcomes); this never holds more than a
        piece of it."""
        encoder = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False)
        piece: list[str] = []
        size = 0
        for chunk in encoder.iterencode(self.document):
            piece.append(chunk)
            size += len(chunk)
            if size >= PIECE:
                stream.write("".join(piece).encode("utf-8"))
                piece.clear()
                size = 0
        piece.append("\n")
        stream.write("".join(piece).encode("utf-8"))

    def write(self, out: str | Path) -> Path:
        """Write ``OUT/monitoring.json`` atomically (a temporary file renamed into place)."""
        target = Path(out) / FILE_NAME
        write_stream_atomic(target, self.write_json)
        return target
