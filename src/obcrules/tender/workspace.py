"""A tender workspace: a folder whose files are the whole state of one evaluation.

Layout::

    obc.toml        which ruleset and lot, evaluators, options (`obcrules.tender.config`)
    ruleset.obc     the ruleset (any path inside the workspace)
    bids/           one bid per bidder: .yaml, .yml, .json or .xlsx
    scores/         one returned score sheet per evaluator: ID.csv or ID.xlsx
    moderation.csv  agreed scores where evaluators diverged
    out/            everything obc writes; inputs are never modified
      audit.jsonl   the hash-chained record of every command (`obcrules.tender.audit`)
      withdrawals.json  the bids withdrawn, by `obc tender withdraw` (`obcrules.tender.withdrawals`)
      superseded/N/ the outputs of a superseded award, moved aside, never deleted
      .lock         held by the command writing the workspace (`obcrules.tender.transaction`)
      .commit/      a command's outputs while they are put in place together

`open_workspace` checks the workspace's ruleset against the installed plugins
(or a given registry) and refuses one with errors.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from obcrules.model import Ruleset, Tender
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset, check_file
from obcrules.tender.config import CONFIG_NAME, TenderConfig, is_inside, parse_config
from obcrules.tender.problems import Problem, TenderError

BIDS_DIR = "bids"
SCORES_DIR = "scores"
MODERATION_FILE = "moderation.csv"
OUT_DIR = "out"
LOCK_FILE = f"{OUT_DIR}/.lock"
COMMIT_DIR = f"{OUT_DIR}/.commit"
SUPERSEDED_DIR = f"{OUT_DIR}/superseded"
EVALUATION_FILE = f"{OUT_DIR}/evaluation.json"
CONTRACT_FILE = f"{OUT_DIR}/contract.yaml"
OCDS_FILE = f"{OUT_DIR}/ocds.json"
WITHDRAWALS_FILE = f"{OUT_DIR}/withdrawals.json"


@dataclass(frozen=True)
class Workspace:
    """An opened workspace: its folder, settings, and the checked ruleset and lot."""

    root: Path
    config: TenderConfig
    checked: CheckedRuleset
    ruleset: Ruleset
    vocabulary: Vocabulary
    tender: Tender

    @property
    def out(self) -> Path:
        """The output folder ``out/``."""
        return self.root / OUT_DIR

    @property
    def ruleset_path(self) -> Path:
        """The ruleset file."""
        return self.root / self.config.ruleset

    def relative(self, path: Path) -> str:
        """``path`` relative to the workspace, with ``/`` separators (a link's own place,
        not where it points, when it points out of the workspace)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(os.path.abspath(path)).relative_to(  # noqa: PTH100 (not the link's target)
                os.path.abspath(self.root)).as_posix()  # noqa: PTH100

    def links_out(self, path: Path) -> bool:
        """True when ``path`` is (or passes through) a link to a place outside the
        workspace: such a file is not the workspace's, and obc neither reads nor writes it."""
        try:
            path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return True
        return False

    def path(self, relative: str) -> Path:
        """A workspace-relative path, refused if it leaves the workspace."""
        if not is_inside(relative):
            raise TenderError(f"`{relative}` leaves the workspace {self.root}")
        return self.root / relative


def open_workspace(root: str | Path, registry: Registry | None = None) -> Workspace:
    """Read ``obc.toml``, load and check its ruleset, and find its lot.

    Raises `TenderError` when the workspace, its configuration or its ruleset is
    unusable (the ruleset's errors are listed with file, line and column).
    """
    root = Path(root)
    config_path = root / CONFIG_NAME
    if not config_path.is_file():
        raise TenderError(f"{root} is not a tender workspace: it has no {CONFIG_NAME}",
                          [Problem(CONFIG_NAME, "", "missing",
                                   "create the workspace with `obc tender init`")])
    try:
        text = config_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TenderError(f"{CONFIG_NAME} is not UTF-8 text",
                          [Problem(CONFIG_NAME, "", f"byte {exc.start + 1} is not UTF-8",
                                   "save it as UTF-8 text")]) from None
    config = parse_config(text)
    ruleset_path = root / config.ruleset
    if not ruleset_path.is_file():
        raise TenderError(f"the ruleset {config.ruleset} named in {CONFIG_NAME} is missing",
                          [Problem(CONFIG_NAME, "ruleset", f"no file `{config.ruleset}`",
                                   "put the ruleset in the workspace or fix the path")])
    if not _resolves_inside(root, ruleset_path):
        raise TenderError(f"the ruleset path {config.ruleset} leaves the workspace")
    checked = check_file(ruleset_path, registry)
    return workspace_for(root, config, checked)


def workspace_for(root: Path, config: TenderConfig, checked: CheckedRuleset) -> Workspace:
    """A `Workspace` from parts already loaded; `TenderError` if the ruleset or lot is unusable."""
    errors = checked.errors
    if errors or checked.ruleset is None or checked.vocabulary is None:
        problems = [Problem(config.ruleset, f"line {d.line}, column {d.column}", d.message,
                            d.suggestion or "") for d in errors]
        raise TenderError(f"the ruleset {config.ruleset} has errors; run `obc check` on it",
                          problems)
    tender = checked.ruleset.tender(config.lot)
    if tender is None:
        lots = ", ".join(t.name for t in checked.ruleset.tenders) or "none"
        raise TenderError(f"the ruleset has no lot `{config.lot}` (its lots: {lots})",
                          [Problem(CONFIG_NAME, "lot", f"unknown lot `{config.lot}`",
                                   f"name one of: {lots}")])
    return Workspace(root=root, config=config, checked=checked, ruleset=checked.ruleset,
                     vocabulary=checked.vocabulary, tender=tender)


def slug(name: str) -> str:
    """A safe, lower-case file-name and identifier form of a name from an input.

    ``"Acme Care Ltd."`` → ``"acme-care-ltd"``; never empty, never a path.
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return text[:64].strip("-") or "unnamed"


def _resolves_inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
