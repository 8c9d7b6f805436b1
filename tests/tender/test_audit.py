"""The audit chain (`obcrules.tender.audit`): each line hashes the one before it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from obcrules.tender.audit import GENESIS, append, append_line, entry_line, read_chain


def test_each_entry_names_the_hash_of_the_line_before_and_extra_fields_are_kept(
        tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "obc.toml").write_text("x")
    moment = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC)
    first = append(tmp_path, "tender init", [], [tmp_path / "obc.toml"], now=moment)
    assert first == {"time": "2026-03-02T10:15:00Z", "command": "tender init", "inputs": [],
                     "outputs": [{"path": "obc.toml",
                                  "sha256": hashlib.sha256(b"x").hexdigest()}],
                     "previous": GENESIS}
    chain = read_chain(tmp_path)
    line = entry_line(chain, "tender evaluate", [], [], {"winner": "Acme"}, moment)
    append_line(tmp_path, line)
    chain = read_chain(tmp_path)
    assert [(e.number, e.command, e.chained) for e in chain.entries] == [
        (1, "tender init", True), (2, "tender evaluate", True)]
    assert chain.entries[1].data["winner"] == "Acme"
    assert chain.head == hashlib.sha256(line).hexdigest() == chain.entries[1].hash
    assert json.loads(line)["previous"] == chain.entries[0].hash
    assert chain.find(chain.entries[0].hash) == chain.entries[0]


def test_a_line_that_is_not_an_entry_is_kept_in_its_place(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "audit.jsonl").write_text('{"command": 1}\n\nnot json\n')
    chain = read_chain(tmp_path)
    assert [(e.number, e.valid) for e in chain.entries] == [(1, False), (3, False)]
    assert not read_chain(tmp_path / "nowhere").exists
