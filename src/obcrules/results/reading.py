"""Reading a document another command wrote: parsed, validated, typed, or a clear error.

A report is only as good as the document it reads. `read_monitoring` and
`read_evaluation` check the ``schema`` label and every field against the types
in `obcrules.results`, and raise `DocumentError` naming the file and the first
fields that do not fit, never a traceback and never a silently empty report.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

from obcrules.results.evaluation import EvaluationDocument
from obcrules.results.monitoring import MonitoringDocument

T = TypeVar("T")


class DocumentError(ValueError):
    """A document that is missing, not JSON, of another schema, or of the wrong shape."""


@cache
def _adapter(document: Any) -> TypeAdapter[Any]:
    return TypeAdapter(document)


def validate(data: Any, document: type[T], where: str) -> T:
    """``data`` as a ``document``, or `DocumentError` naming ``where`` and the bad fields."""
    try:
        adapter = _adapter(cast("Any", document))
        return cast("T", adapter.validate_python(data))
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:5]:
            place = ".".join(str(part) for part in error["loc"])
            problems.append(f"{place}: {error['msg']}")
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise DocumentError(f"{where} does not fit its schema: " + "; ".join(problems)
                            + more) from None


def _load(path: Path, label: str) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{path} cannot be read as JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != label:
        raise DocumentError(f"{path} is not an {label} result")
    return data


def read_monitoring(path: Path) -> MonitoringDocument:
    """``monitoring.json`` as a `MonitoringDocument`."""
    return validate(_load(path, "obcrules.monitoring/1"), MonitoringDocument, str(path))


def read_evaluation(path: Path) -> EvaluationDocument:
    """``out/evaluation.json`` as an `EvaluationDocument`."""
    return validate(_load(path, "obcrules.evaluation/1"), EvaluationDocument, str(path))
