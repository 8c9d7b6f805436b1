"""`obc check` loads only what checking needs: no data engine, no SQL, no PDF, no Arrow.

Start-up dominates checking a small file (an editor or a pre-commit hook runs it
on every save), and these four cost about a second to import between them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
HEAVY = {"duckdb", "sqlglot", "weasyprint", "pyarrow"}

SCRIPT = """
import sys
from obcrules.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    assert exit.code == 0, exit.code
print("imported:", *sorted({name.split(".")[0] for name in sys.modules}))
"""


def test_obc_check_imports_no_engine_sql_pdf_or_arrow() -> None:
    rulesets = sorted(str(p) for p in (ROOT / "rulesets").glob("*.obc"))
    assert len(rulesets) > 5  # every example: each service, tenders, payments
    run = subprocess.run([sys.executable, "-c", SCRIPT, "check", *rulesets],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    imported = set(run.stdout.splitlines()[-1].split()[1:])
    assert "obcrules" in imported
    assert imported & HEAVY == set()
