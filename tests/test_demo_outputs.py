"""The demo's published outputs, byte for byte, against the golden record.

Every JSON and YAML output of the demo (each ruleset's monitoring.json, the
tender's evaluation.json, contract.yaml and ocds.json, the awarded contract's
monitoring.json and ocds.json) is hashed and compared with ``tests/golden/demo-outputs.json``.
A refactoring must leave them all unchanged; an intended change regenerates the
record with ``UPDATE_GOLDEN=1 make test`` and the diff is reviewed like code.

The sample data comes from pyarrow's seeded random kernel, whose sequence may
change between pyarrow releases; the record names the pyarrow version it was
made with. Under another version the outputs that do not depend on the sample
data (the tender's) must still match, and the monitoring outputs must still be
reproducible run to run.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow
import pytest

from obcrules.api import demo as run_demo

ROOT = Path(__file__).parents[1]
RECORD = Path(__file__).parent / "golden" / "demo-outputs.json"
DATA_FREE = ("tender/",)
"""Outputs that do not depend on the generated sample data."""


def _outputs(out: Path) -> dict[str, str]:
    files = [*out.glob("monitoring/*/monitoring.json"), *out.glob("monitoring/*/ocds.json"),
             *out.glob("tender/out/*.json"),
             *out.glob("tender/out/*.yaml")]
    return {f.relative_to(out).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(files)}


@pytest.mark.slow
def test_the_demo_outputs_are_unchanged_byte_for_byte(demo_out: Path, tmp_path: Path) -> None:
    outputs = _outputs(demo_out)
    if os.environ.get("UPDATE_GOLDEN"):
        RECORD.write_text(json.dumps({"pyarrow": pyarrow.__version__, "outputs": outputs},
                                     indent=2, sort_keys=True) + "\n", encoding="utf-8")
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    assert sorted(outputs) == sorted(record["outputs"]), "the demo writes other files now"
    if record["pyarrow"] == pyarrow.__version__:
        changed = [name for name, digest in outputs.items() if record["outputs"][name] != digest]
    else:
        changed = [name for name, digest in outputs.items()
                   if name.startswith(DATA_FREE) and record["outputs"][name] != digest]
        again = tmp_path / "again"
        run_demo(ROOT / "rulesets", again, lambda _line: None)
        changed += [f"{name} (differs run to run)" for name, digest in _outputs(again).items()
                    if outputs[name] != digest]
    assert not changed, f"the demo's outputs changed: {changed}; if intended, regenerate " \
        "with UPDATE_GOLDEN=1 and review the diff"
