"""``obc serve``: a thin command over `obcrules.web.launch.serve`."""

from __future__ import annotations

from pathlib import Path

import pytest

from obcrules.web.launch import serve
from tests.cli.conftest import run


def test_serve_refuses_a_missing_folder_and_passes_its_options_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run("serve", str(tmp_path / "nowhere"))
    assert code == 2 and "no such folder" in output
    code, output = run("serve", str(tmp_path), "--monitoring", str(tmp_path))
    assert code == 2 and "no monitoring.json" in output
    seen = {}
    monkeypatch.setattr("obcrules.web.server.run", lambda root, **kw: seen.update(kw, root=root))
    code, _ = run("serve", str(tmp_path), "--host", "0.0.0.0", "--port", "8123")
    assert code == 0
    assert seen == {"root": tmp_path, "host": "0.0.0.0", "port": 8123, "monitoring": [],
                    "secure_cookies": None}
    assert serve.__doc__
