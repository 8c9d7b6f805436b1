"""What the served folder holds: a tender workspace, monitoring results, rulesets.

`discover` looks once, at start-up: a folder with ``obc.toml`` is a tender
workspace; monitoring results are folders holding ``monitoring.json`` (the folder
itself, or its sub-folders two levels down when it is not a workspace), plus any
named with ``--monitoring``. Each run gets a short id for its address; an address
names a run only by that id, never by a path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MONITORING_FILE = "monitoring.json"
RULESET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.obc$")
"""A ruleset the playground may open or save: a plain file name in the served folder."""


@dataclass(frozen=True)
class Site:
    """The served folder and what it holds."""

    root: Path
    tender: bool
    runs: Mapping[str, Path] = field(default_factory=dict)
    """Monitoring run id → its folder."""
    secure_cookies: bool = False
    session_hours: float = 8.0
    title: str = ""
    sign_ins_per_minute: int = 30
    """Sign-in attempts from one address per minute (behind a proxy, everyone's address
    may be the proxy's; each person's link is limited too, to 5 tries in 15 minutes)."""

    def public(self, text: str) -> str:
        """``text`` (an error message) without the server's paths: a file of the served
        folder or of a monitoring run is named by its path within it
        (``out/evaluation.json``), the folder itself as "the folder". A page never tells
        the browser where the server keeps its files."""
        folders = {str(p) for f in (self.root, *self.runs.values())
                   for p in (f, f.absolute(), f.resolve())}
        for folder in sorted(folders, key=len, reverse=True):
            if folder not in (".", "/"):
                text = text.replace(folder + "/", "").replace(folder, "the folder")
        return text

    def rulesets(self) -> list[str]:
        """The ``.obc`` files of the served folder that the playground may open."""
        return sorted(p.name for p in self.root.glob("*.obc")
                      if p.is_file() and RULESET_NAME.match(p.name))


def discover(root: Path, monitoring: Sequence[Path] = (), *, secure_cookies: bool = False,
             session_hours: float = 8.0) -> Site:
    """The `Site` of ``root`` (and the extra monitoring folders)."""
    tender = (root / "obc.toml").is_file()
    folders: list[Path] = []
    if (root / MONITORING_FILE).is_file():
        folders.append(root)
    if not tender:
        for pattern in (f"*/{MONITORING_FILE}", f"*/*/{MONITORING_FILE}"):
            folders += sorted(p.parent for p in root.glob(pattern) if p.is_file())
    folders += list(monitoring)
    runs: dict[str, Path] = {}
    for folder in folders:
        base = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-") or "run"
        run_id, n = base, 1
        while run_id in runs:
            n += 1
            run_id = f"{base}-{n}"
        runs[run_id] = folder
    return Site(root=root, tender=tender, runs=runs, secure_cookies=secure_cookies,
                session_hours=session_hours, title=root.resolve().name)
