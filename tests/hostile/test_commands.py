"""Every ``obc`` command fed random bytes and odd paths (hypothesis): whatever it is given,
it exits 0, 1 or 2 with a message, never with a traceback or a crash (exit 3).

The commands and their parameters are read from the click group itself, so a new command
or option is fuzzed without a change here. Each path parameter gets one of: a file of
random bytes under a name the command looks for, a folder of such files laid out like a
data folder or a tender workspace, a missing path, a folder where a file is expected and
the reverse, ``/dev/null``, a symbolic link loop, and names with a newline, a leading
dash, 250 characters or none. Left out: ``obc lsp`` (a server reading stdin), ``obc
serve`` (given any folder it serves it until stopped; the web app's inputs are tested in
tests/web) and ``--engine spark`` (each run would start a JVM; Spark's inputs are in the
corpus).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obcrules.cli import main

SKIPPED = {"lsp", "serve"}
EXAMPLES = int(os.environ.get("OBC_FUZZ_EXAMPLES", "20"))
"""Examples per command (20 in the suite; raise it to hunt: OBC_FUZZ_EXAMPLES=500)."""
NAMES = ["ruleset.obc", "people.csv", "people.parquet", "people.xlsx", "sessions.csv",
         "milestones.csv", "obc.toml", "contract.yaml", "ocds.json", "monitoring.json",
         "bids/acme.yaml", "bids/acme.json", "bids/acme.xlsx", "scores/panel.xlsx",
         "scores/panel.csv", "moderation.csv", "out/evaluation.json", "out/audit.jsonl",
         "out/contract.yaml", "templates/monitoring.html.j2"]
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
               max_size=40)


def _commands() -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = []
    context = click.Context(main)

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                if sub is not None and name not in SKIPPED:
                    walk(sub, [*path, name])
        else:
            found.append((path, command))

    walk(main, [])
    return found


COMMANDS = _commands()
_SERIAL = itertools.count()


@st.composite
def odd_path(draw: st.DrawFn, root: Path) -> str:
    """A path as a hostile user or a broken disk would give one."""
    kind = draw(st.sampled_from(["file", "folder", "missing", "newline", "dash", "long",
                                 "empty", "devnull", "loop", "file-as-folder"]))
    base = root / f"p{next(_SERIAL)}"
    if kind == "file":
        name = draw(st.sampled_from(NAMES))
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draw(st.binary(max_size=600)))
        return str(path)
    if kind == "folder":
        base.mkdir(parents=True)
        for name in draw(st.lists(st.sampled_from(NAMES), max_size=6, unique=True)):
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_bytes(draw(st.binary(max_size=600)))
        return str(base)
    if kind == "newline":
        return str(base) + "\nwrote out/evaluation.json"
    if kind == "dash":
        return "-" + base.name
    if kind == "long":
        return str(root / ("x" * 250))
    if kind == "empty":
        return ""
    if kind == "devnull":
        return os.devnull
    if kind == "loop":
        base.mkdir(parents=True)
        (base / "loop").symlink_to(base / "loop")
        return str(base / "loop")
    if kind == "file-as-folder":
        base.parent.mkdir(parents=True, exist_ok=True)
        base.write_bytes(b"\xff\xfe not a folder")
        return str(base / "inside")
    return str(base)


@st.composite
def command_line(draw: st.DrawFn, path: list[str], command: click.Command,
                 root: Path) -> list[str]:
    arguments = list(path)
    for param in command.params:
        if param.name == "obc_verbose":
            continue  # -v asks for the traceback of an unforeseen error: it is meant to show
        if isinstance(param, click.Option) and not param.required and not draw(st.booleans()):
            continue
        value = _value(draw, param, root)
        if value is None:
            continue
        if isinstance(param, click.Option):
            if param.is_flag:
                arguments.append(param.opts[0])
                continue
            arguments.append(param.opts[0])
        arguments.append(value)
    return arguments


def _value(draw: st.DrawFn, param: click.Parameter, root: Path) -> str | None:
    kind: Any = param.type
    if isinstance(kind, click.Choice):
        choices = [c for c in kind.choices if c != "spark"]
        return str(draw(st.sampled_from(choices)))
    if isinstance(kind, click.Path) or param.name in ("data", "directory", "workspace"):
        return draw(odd_path(root))
    if isinstance(kind, click.types.IntParamType):
        return str(draw(st.integers(-10**6, 10**6)))
    return draw(TEXT)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_no_command_crashes_on_random_bytes_or_odd_paths(
        path: list[str], command: click.Command, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        root = tmp_path_factory.mktemp("fuzz")
        arguments = data.draw(command_line(path, command, root), label="argv")
        monkeypatch.chdir(root)
        monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".cache"))
        result = CliRunner().invoke(main, arguments)
        crashes = sorted((root / ".cache").rglob("crash-*.log"))
        detail = crashes[0].read_text(encoding="utf-8") if crashes else result.output
        assert result.exit_code in (0, 1, 2), detail
        assert "Traceback" not in result.output, result.output

    run()
