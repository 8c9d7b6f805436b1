"""Symbolic links in the data folder and in ``out/``: obc reads only files inside the data
folder (a link leading out of it, or nowhere, is refused, naming the link), and never
writes through a link in ``out/`` (it replaces the link, and the file it pointed at is
left as it was)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.hostile.corpus import Case, Workspace

MONITOR = ["monitor", "{rulesets}/continence.obc", "--data", "{root}/data", "--out",
           "{root}/out"]
SECRET = "S3cretInTheOtherFile"
"""Text of a file outside the data folder: obc must never read it into a finding."""


def _outside(workspace: Workspace) -> Path:
    """A people table outside the data folder whose provider names are ``SECRET``."""
    tables = workspace.sample("continence", "elsewhere")
    people = tables["people"]
    index = people.schema.get_field_index("provider")
    import pyarrow as pa

    spoiled = people.set_column(index, "provider", pa.array([SECRET] * people.num_rows))
    return workspace.parquet("elsewhere/people.parquet", spoiled)


def _linked(target: Callable[[Workspace], Path | str]) -> Callable[[Workspace], None]:
    """The sample data, its ``people.parquet`` replaced by a link to ``target``."""

    def setup(workspace: Workspace) -> None:
        workspace.sample("continence")
        link = workspace.root / "data" / "people.parquet"
        pointed = target(workspace)
        link.unlink(missing_ok=True)
        link.symlink_to(pointed)

    return setup


def _data_folder_linked(workspace: Workspace) -> None:
    workspace.sample("continence", "real-data")
    (workspace.root / "data").symlink_to(workspace.root / "real-data")


def _previous_with(link_name: str) -> Callable[[Workspace], None]:
    """Sample data and ``out/<link_name>`` a link to a file outside ``out`` that must stay
    as it is."""

    def setup(workspace: Workspace) -> None:
        workspace.sample("continence")
        workspace.write("victim.txt", "do not touch")
        out = workspace.root / "out"
        out.mkdir()
        (out / link_name).symlink_to(workspace.root / "victim.txt")

    return setup


def _victim_untouched(root: Path) -> None:
    assert (root / "victim.txt").read_text(encoding="utf-8") == "do not touch"
    assert not list((root / "out").glob(".monitor-commit*"))


def _staging_link(workspace: Workspace) -> None:
    workspace.sample("continence")
    (workspace.root / "elsewhere").mkdir()
    (workspace.root / "out").mkdir()
    (workspace.root / "out" / ".monitor-commit").symlink_to(workspace.root / "elsewhere")


def _nothing_elsewhere(root: Path) -> None:
    assert list((root / "elsewhere").iterdir()) == []
    assert (root / "out" / "monitoring.json").is_file()


CASES = [
    Case("link-data-file-out-of-the-folder", MONITOR, exit=1,
         message="people.parquet: a symbolic link to {root}/elsewhere/people.parquet, outside "
                 "the data folder; obc reads only files inside it: copy the file in instead",
         setup=_linked(_outside), secrets=[SECRET]),
    Case("link-data-file-to-etc-passwd", MONITOR, exit=1,
         message="outside the data folder", setup=_linked(lambda w: "/etc/passwd"),
         secrets=["root:x:0:0"]),
    Case("link-data-file-relative-out-of-the-folder", MONITOR, exit=1,
         message="outside the data folder",
         setup=_linked(lambda w: (_outside(w), "../elsewhere/people.parquet")[1]),
         secrets=[SECRET]),
    Case("link-data-file-dangling", MONITOR, exit=1,
         message="people.parquet: a symbolic link to {root}/gone.parquet, which does not exist "
                 "(or loops)", setup=_linked(lambda w: w.root / "gone.parquet")),
    Case("link-data-file-loop", MONITOR, exit=1, message="which does not exist (or loops)",
         setup=_linked(lambda w: w.root / "data" / "people.parquet")),
    Case("link-data-file-to-a-folder-outside", MONITOR, exit=1,
         message="outside the data folder", setup=_linked(lambda w: w.root)),
    Case("link-data-file-inside-the-folder", MONITOR, exit=0, message="wrote",
         setup=_linked(lambda w: (w.root / "data" / "people.parquet").rename(
             w.root / "data" / "people.copy") or "people.copy")),
    Case("link-data-folder-itself", MONITOR, exit=0, message="wrote",
         setup=_data_folder_linked),
    Case("link-out-result-to-a-file-outside", MONITOR, exit=0, message="wrote",
         setup=_previous_with("monitoring.json"), check=_victim_untouched),
    Case("link-out-report-to-a-file-outside", [*MONITOR, "--html"], exit=0, message="wrote",
         setup=_previous_with("monitoring.html"), check=_victim_untouched),
    Case("link-out-staging-folder-elsewhere", [*MONITOR, "--html"], exit=0, message="wrote",
         setup=_staging_link, check=_nothing_elsewhere),
]
