"""Reading a YAML file the engine is given (a contract, a ruleset's tests): one home for
the errors a person can act on, whatever is wrong with the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from obcrules.engine.errors import MonitoringError


def load_yaml_file(path: Path, remedy: str = "") -> Any:
    """The YAML document in ``path``; `MonitoringError` if the file cannot be read, is
    not UTF-8 text or is not YAML (``remedy`` is added to the last two, e.g. how to write
    the file again)."""
    hint = f"; {remedy}" if remedy else ""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MonitoringError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise MonitoringError(f"{path}: is not UTF-8 text{hint}") from None
    except yaml.YAMLError as exc:
        raise MonitoringError(f"{path}: is not valid YAML ({exc}){hint}") from None
