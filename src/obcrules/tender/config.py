"""``obc.toml``: which ruleset and lot a tender workspace evaluates, and its options.

Read with `tomllib`; written by `render_config`, a small writer for this one flat
shape (no extra dependency). Example::

    ruleset = "ruleset.obc"
    lot = "lot1"
    evaluators = ["alice", "bob", "carol"]

    [checks]
    abnormally_low_price = "30%"
    moderation_spread = "40%"

    [scoring]
    rounding = "published"

    [moderation]
    settle = "mode-lower"

    [ocds]
    ocid_prefix = "ocds-000000"
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any, Literal, TypeVar, get_args

from obcrules.tender.problems import Problem, TenderError

CONFIG_NAME = "obc.toml"

EVALUATOR_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
"""An evaluator id names the score sheet ``scores/ID.csv``, so it must be a safe file name."""

DEFAULT_ABNORMALLY_LOW = Decimal("0.30")
DEFAULT_MODERATION_SPREAD = Decimal("0.40")
DEFAULT_OCID_PREFIX = "ocds-000000"

Rounding = Literal["published", "exact"]
Settle = Literal["mode-lower", "median", "mean"]

ROUNDING_POLICIES: tuple[Rounding, ...] = get_args(Rounding)
"""``[scoring] rounding``: ``published`` computes each figure from the published
(2-decimal) figures before it, so a calculator redoes every one; ``exact`` computes
every figure from exact values and rounds each once, for display."""
SETTLE_RULES: tuple[Settle, ...] = get_args(Settle)
"""``[moderation] settle``: how evaluators' scores that do not need agreement are
settled (`obcrules.tender.moderation.settle_score`)."""


@dataclass(frozen=True)
class TenderConfig:
    """The settings of one tender workspace.

    ``abnormally_low_price``: a price more than this fraction below the mean of the
    other gated-in bids is flagged. ``moderation_spread``: evaluators' scores that
    differ by at least this fraction of the scale's range need an agreed score.
    ``rounding``: one of `ROUNDING_POLICIES`; ``settle``: one of `SETTLE_RULES`.
    """

    ruleset: str
    lot: str
    evaluators: tuple[str, ...] = ()
    abnormally_low_price: Decimal = DEFAULT_ABNORMALLY_LOW
    moderation_spread: Decimal = DEFAULT_MODERATION_SPREAD
    ocid_prefix: str = DEFAULT_OCID_PREFIX
    rounding: Rounding = "published"
    settle: Settle = "mode-lower"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def parse_config(text: str) -> TenderConfig:
    """The configuration in ``text``, or `TenderError` naming each bad field."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise TenderError(f"{CONFIG_NAME} is not valid TOML",
                          [Problem(CONFIG_NAME, "", str(exc), "fix the TOML syntax")]) from None
    problems: list[Problem] = []

    def bad(where: str, message: str, hint: str = "") -> None:
        problems.append(Problem(CONFIG_NAME, where, message, hint))

    ruleset = data.get("ruleset")
    if not isinstance(ruleset, str) or not ruleset:
        bad("ruleset", "names no ruleset", 'write e.g. ruleset = "ruleset.obc"')
        ruleset = ""
    elif not is_inside(ruleset):
        bad("ruleset", f"`{ruleset}` leaves the workspace",
            "copy the ruleset into the workspace and give its relative path")
    lot = data.get("lot")
    if not isinstance(lot, str) or not lot:
        bad("lot", "names no lot", 'write e.g. lot = "lot1"')
        lot = ""
    evaluators = data.get("evaluators", [])
    if not isinstance(evaluators, list) or not all(isinstance(e, str) for e in evaluators):
        bad("evaluators", "must be a list of evaluator ids", 'e.g. evaluators = ["alice", "bob"]')
        evaluators = []
    for i, evaluator in enumerate(evaluators):
        if not EVALUATOR_ID.match(evaluator):
            bad(f"evaluators[{i}]", f"`{evaluator}` is not a usable evaluator id",
                "use lower-case letters, digits, `-` and `_` (it names the score sheet file)")
    if len(set(evaluators)) != len(evaluators):
        bad("evaluators", "lists an evaluator twice")
    checks = _table(data, "checks", bad)
    ocds = _table(data, "ocds", bad)
    rounding = _choice(_table(data, "scoring", bad), "scoring", "rounding", ROUNDING_POLICIES,
                       bad)
    settle = _choice(_table(data, "moderation", bad), "moderation", "settle", SETTLE_RULES, bad)
    low = _fraction(checks, "abnormally_low_price", DEFAULT_ABNORMALLY_LOW, bad)
    spread = _fraction(checks, "moderation_spread", DEFAULT_MODERATION_SPREAD, bad)
    prefix = ocds.get("ocid_prefix", DEFAULT_OCID_PREFIX)
    if not isinstance(prefix, str) or not re.match(r"^ocds-[a-z0-9]{6}$", prefix):
        bad("ocds.ocid_prefix", f"`{prefix}` is not an OCDS prefix",
            "write the publisher's registered prefix, e.g. ocds-213czf")
        prefix = DEFAULT_OCID_PREFIX
    if problems:
        raise TenderError(f"{CONFIG_NAME} has {len(problems)} problem(s)", problems)
    known = {"ruleset", "lot", "evaluators", "checks", "scoring", "moderation", "ocds"}
    return TenderConfig(
        ruleset=ruleset, lot=lot, evaluators=tuple(evaluators), abnormally_low_price=low,
        moderation_spread=spread, ocid_prefix=prefix, rounding=rounding, settle=settle,
        extra={k: v for k, v in data.items() if k not in known},
    )


def render_config(config: TenderConfig) -> str:
    """``obc.toml`` text for ``config`` (strings quoted as TOML basic strings)."""
    evaluators = ", ".join(_quote(e) for e in config.evaluators)
    return "\n".join([
        "# A tender workspace of obcrules: every `obc tender` command reads this file.",
        "# Paths are relative to this folder; inputs are never modified; outputs go to out/.",
        f"ruleset = {_quote(config.ruleset)}",
        f"lot = {_quote(config.lot)}",
        f"evaluators = [{evaluators}]",
        "",
        "[checks]",
        "# A price more than this far below the mean of the other compliant bids is flagged.",
        f"abnormally_low_price = {_quote(percent_text(config.abnormally_low_price))}",
        "# Evaluators' scores this far apart (a share of the scale's range) need an agreed score.",
        f"moderation_spread = {_quote(percent_text(config.moderation_spread))}",
        "",
        "[scoring]",
        '# "published": each figure is computed from the published 2-decimal figures before it,',
        '# so a calculator redoes every one; "exact": from exact values, each rounded once.',
        f"rounding = {_quote(config.rounding)}",
        "",
        "[moderation]",
        "# Scores that need no agreement are settled by the most common score, the lower on",
        '# a tie ("mode-lower"), by the "median" or by the "mean" of the evaluators\' scores.',
        f"settle = {_quote(config.settle)}",
        "",
        "[ocds]",
        "# The publisher's registered OCDS prefix (https://standard.open-contracting.org).",
        f"ocid_prefix = {_quote(config.ocid_prefix)}",
        "",
    ])


def is_inside(path: str) -> bool:
    """True when a workspace-relative ``path`` stays inside the workspace."""
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", path):
        return False
    return ".." not in pure.parts


def percent_text(fraction: Decimal) -> str:
    """``Decimal("0.3")`` → ``"30%"``."""
    return f"{(fraction * 100).normalize():f}%"


def parse_fraction(value: object) -> Decimal | None:
    """``"30%"`` or ``0.3`` → ``Decimal("0.3")``; None when it is neither."""
    try:
        if isinstance(value, str) and value.strip().endswith("%"):
            return Decimal(value.strip()[:-1].strip()) / 100
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return Decimal(value)
    except InvalidOperation:
        return None
    return None


def _table(data: dict[str, Any], name: str, bad: Any) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        bad(name, f"[{name}] must be a table")
        return {}
    return value


def _fraction(table: dict[str, Any], key: str, default: Decimal, bad: Any) -> Decimal:
    if key not in table:
        return default
    value = parse_fraction(table[key])
    if value is None or not 0 < value < 1:
        bad(f"checks.{key}", f"`{table[key]}` is not a percentage between 0% and 100%",
            'write e.g. "30%"')
        return default
    return value


_Choice = TypeVar("_Choice", bound=str)


def _choice(table: dict[str, Any], name: str, key: str, choices: tuple[_Choice, ...],
            bad: Any) -> _Choice:
    value = table.get(key, choices[0])
    for choice in choices:
        if value == choice:
            return choice
    bad(f"{name}.{key}", f"`{value}` is not one of " + ", ".join(f'"{c}"' for c in choices),
        f'write e.g. {key} = "{choices[0]}" (the default)')
    return choices[0]


def _quote(text: str) -> str:
    # A JSON string is a valid TOML basic string for the characters we write.
    return json.dumps(text, ensure_ascii=False)
