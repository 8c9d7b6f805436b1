"""Six tender commands started at once in separate processes lose no audit line (issue 15,
item 9): each waits for the workspace lock in turn, and the chain records all six."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.hostile.cases_tender import tender_base

COMMANDS = ["scoresheets", "template", "moderate", "scoresheets", "template", "moderate"]
RUN = "import sys; from obcrules.cli import main; sys.exit(main(sys.argv[1:]))"


def test_six_commands_at_once_lose_no_audit_line(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(tender_base(), root)
    processes = [subprocess.Popen([sys.executable, "-c", RUN, "tender", command, str(root)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for command in COMMANDS]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, outputs
    lines = (root / "out" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["command"] for line in lines) == sorted(
        f"tender {c}" for c in COMMANDS)
    verified = subprocess.run([sys.executable, "-c", RUN, "tender", "verify", str(root)],
                              capture_output=True, text=True, timeout=300)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "ok: 6 audit entries" in verified.stdout
