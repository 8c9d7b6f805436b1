"""One run of a command that writes (`obcrules.tender.transaction`): one writer at a time,
outputs put in place together with their audit entry, and a run cut short either undone at
once or explained by ``verify`` and undone by the next command."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from obcrules.io import commit
from obcrules.io.lock import holder_info, locked
from obcrules.tender import transaction
from obcrules.tender.audit import read_chain
from obcrules.tender.problems import TenderError
from obcrules.tender.verification import verify
from obcrules.tender.workflow import (
    moderation_todo,
    run_evaluation,
    write_bid_forms,
    write_sheets,
)
from obcrules.tender.workspace import Workspace
from tests.tender.conftest import Builder, awarded, bid


def _evaluated(build):
    builder = build().write().bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 80000))
    run_evaluation(builder.quality({"A": (4, 4, 4), "B": (3, 3, 3)}).open())
    return builder


def _bid_changed(build) -> tuple[Builder, bytes]:
    """An evaluated workspace whose bid B was then changed, and its out/evaluation.json."""
    builder = _evaluated(build)
    previous = (builder.root / "out/evaluation.json").read_bytes()
    builder.bid("b.yaml", bid("B", 70000))
    return builder, previous


def _at_once(ws: Workspace, commands: list[Callable[[Workspace], object]]
             ) -> list[BaseException]:
    """Run the commands in threads released together; return what they raised."""
    start = threading.Barrier(len(commands))
    errors: list[BaseException] = []

    def run(command: Callable[[Workspace], object]) -> None:
        start.wait()
        try:
            command(ws)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in commands]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_six_commands_at_once_lose_no_audit_line(build) -> None:
    builder = _evaluated(build)
    ws = builder.open()
    commands: list[Callable[[Workspace], object]] = [
        write_bid_forms, write_sheets, moderation_todo, run_evaluation, run_evaluation,
        write_bid_forms]
    for trial in range(10):
        errors = _at_once(ws, commands)
        assert errors == [], f"trial {trial}: {errors}"
        chain = read_chain(builder.root)
        assert len(chain.entries) == 1 + 6 * (trial + 1), f"trial {trial} lost an audit line"
        assert all(e.valid and e.chained for e in chain.entries)
    found = verify(builder.root)
    assert found.ok, found.problems


def test_a_second_command_waits_then_says_who_holds_the_workspace(
        build, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _evaluated(build)
    monkeypatch.setattr(transaction, "LOCK_WAIT", 0.2)
    holder = holder_info(command="tender award")
    with locked(builder.root / "out/.lock", holder, wait=0), \
            pytest.raises(TenderError) as caught:
        run_evaluation(builder.open())
    assert caught.value.summary == (
        f"the workspace is busy: `tender award` (pid {os.getpid()} on {socket.gethostname()}) "
        f"has held out/.lock since {holder['since']}")
    assert [str(p) for p in caught.value.problems] == [
        "out/.lock: one command writes a workspace at a time (run this command again when "
        "that one has finished; the lock is released when its holder ends, even if it is "
        "killed)"]
    assert len(read_chain(builder.root).entries) == 1


def test_a_failure_before_the_record_puts_the_previous_outputs_back_at_once(
        build, monkeypatch: pytest.MonkeyPatch) -> None:
    builder, previous = _bid_changed(build)
    root = builder.root

    def full(root: Path, line: bytes) -> None:
        raise OSError(28, "No space left on device", str(root / "out/audit.jsonl"))

    monkeypatch.setattr(transaction.audit, "append_line", full)
    with pytest.raises(TenderError) as caught:
        run_evaluation(builder.open())
    assert caught.value.summary == ("`tender evaluate` stopped: No space left on device "
                                    "(out/audit.jsonl)")
    assert [str(p) for p in caught.value.problems] == [
        "out: nothing was recorded; the previous outputs are as they were (free space or fix "
        "the folder's permissions, then run it again)"]
    assert (root / "out/evaluation.json").read_bytes() == previous
    assert not (root / "out/.commit").exists()
    assert [f.kind for f in verify(root).findings] == ["changed"]  # the bid, as edited


def test_an_interrupted_command_is_explained_by_verify_and_undone_by_the_next(
        build, monkeypatch: pytest.MonkeyPatch) -> None:
    builder, previous = _bid_changed(build)
    root = builder.root

    def killed(root: Path, line: bytes) -> None:
        raise KeyboardInterrupt  # as a kill between the renames and the audit append

    monkeypatch.setattr(transaction.audit, "append_line", killed)
    with pytest.raises(KeyboardInterrupt):
        run_evaluation(builder.open())
    monkeypatch.undo()
    assert (root / "out/evaluation.json").read_bytes() != previous
    assert (root / "out/.commit/old/out/evaluation.json").read_bytes() == previous
    found = verify(root)
    interrupted = [f.message for f in found.findings if f.kind == "interrupted"]
    assert len(interrupted) == 1 and interrupted[0].startswith("`tender evaluate` of 20")
    assert interrupted[0].endswith(
        " was interrupted before it was recorded: 1 of 1 of its outputs were put in place "
        "(out/evaluation.json); the files they replaced are kept in out/.commit/old/; run "
        "`obc tender evaluate` again: it first puts the previous outputs back")
    assert [f.kind for f in found.findings] == ["interrupted", "changed"]  # no tampering
    outcome = write_bid_forms(builder.open())
    assert outcome.messages[0].startswith("undid the interrupted `tender evaluate` of 20")
    assert outcome.messages[0].endswith(", which was never recorded: the previous outputs are "
                                        "back in place (out/evaluation.json restored)")
    assert (root / "out/evaluation.json").read_bytes() == previous
    assert not (root / "out/.commit").exists()
    assert [f.kind for f in verify(root).findings] == ["changed"]


def test_a_supersession_interrupted_among_its_moves_is_undone(
        build, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = awarded(build())
    root = builder.root
    decision = ("out/evaluation.json", "out/contract.yaml", "out/ocds.json")
    before = {name: (root / name).read_bytes() for name in decision}
    builder.moderation([("B", "quality", 5, "agreed")])
    real = commit.move_file
    moves = []

    def killed_on_the_second(source: Path, target: Path) -> None:
        if moves:
            raise KeyboardInterrupt
        moves.append(target)
        real(source, target)

    monkeypatch.setattr(commit, "move_file", killed_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        run_evaluation(builder.open(), supersede="moderation corrected")
    monkeypatch.undo()
    assert not (root / "out/contract.yaml").exists()  # moved to out/superseded/1/
    found = verify(root)
    assert [f.kind for f in found.findings] == ["interrupted", "unrecorded"]  # moderation.csv
    assert "none of its outputs were put in place" in found.findings[0].message
    write_bid_forms(builder.open())
    assert {name: (root / name).read_bytes() for name in decision} == before
    assert not (root / "out/superseded").exists()
