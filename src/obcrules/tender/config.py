"""``obc.toml``: which ruleset and lot a tender workspace evaluates, and its options.

Read with `tomllib`; written by `render_config`, a small writer for this one
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
    ocid_prefix = "ocds-213czf"
    base_uri = "https://contracts.anytown.gov.uk/ocds/"   # required before an award
    procurement_method = "open"                           # open, selective, limited, direct
    main_procurement_category = "services"                # goods, works, services
    cpv = "85312000"                                      # the CPV code of the service
    cpv_description = "Social work services without accommodation"
    tender_period = { start = 2026-01-05, end = 2026-02-16 }
    contract_period = { start = 2026-04-01, end = 2029-03-31 }

    [ocds.buyer]                                          # the commissioner's identifier
    legal_name = "Anytown Borough Council"
    scheme = "GB-GOR"
    identifier = "PF0000"

The ``[ocds]`` settings (`OcdsSettings`) describe the procurement in the OCDS
release of the award (`obcrules.tender.ocds`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any, Literal, TypeVar, get_args
from urllib.parse import urlsplit

from obcrules.tender.organisations import ADDRESS, CONTACT, Organisation, read_organisation
from obcrules.tender.problems import Problem, TenderError

CONFIG_NAME = "obc.toml"

EVALUATOR_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
"""An evaluator id names the score sheet ``scores/ID.csv``, so it must be a safe file name."""

DEFAULT_ABNORMALLY_LOW = Decimal("0.30")
DEFAULT_MODERATION_SPREAD = Decimal("0.40")
DEFAULT_OCID_PREFIX = "ocds-000000"
PROCUREMENT_METHODS = ("open", "selective", "limited", "direct")
CATEGORIES = ("goods", "works", "services")
CPV = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class Period:
    """A start and an end date, both included."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class OcdsSettings:
    """``[ocds]``: how the award is published as Open Contracting data.

    ``base_uri`` is where the releases are published (each release package's
    ``uri`` is ``base_uri`` + its file name); an award needs it. The buyer's
    name is the ruleset's ``commissioner``; ``buyer`` adds its identifier.
    """

    ocid_prefix: str = DEFAULT_OCID_PREFIX
    base_uri: str | None = None
    procurement_method: str = "open"
    procurement_method_details: str | None = None
    main_procurement_category: str = "services"
    cpv: str | None = None
    cpv_description: str | None = None
    tender_period: Period | None = None
    contract_period: Period | None = None
    buyer: Organisation | None = None

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
    ocds: OcdsSettings = field(default_factory=OcdsSettings)
    rounding: Rounding = "published"
    settle: Settle = "mode-lower"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ocid_prefix(self) -> str:
        """The publisher's registered OCDS prefix (``[ocds] ocid_prefix``)."""
        return self.ocds.ocid_prefix


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
    settings = _ocds(ocds, bad)
    if problems:
        raise TenderError(f"{CONFIG_NAME} has {len(problems)} problem(s)", problems)
    known = {"ruleset", "lot", "evaluators", "checks", "scoring", "moderation", "ocds"}
    return TenderConfig(
        ruleset=ruleset, lot=lot, evaluators=tuple(evaluators), abnormally_low_price=low,
        moderation_spread=spread, ocds=settings, rounding=rounding, settle=settle,
        extra={k: v for k, v in data.items() if k not in known},
    )


_OCDS_KEYS = ("ocid_prefix", "base_uri", "procurement_method", "procurement_method_details",
              "main_procurement_category", "cpv", "cpv_description", "tender_period",
              "contract_period", "buyer")


def _ocds(table: dict[str, Any], bad: Any) -> OcdsSettings:
    """The ``[ocds]`` table, each problem named ``ocds.KEY``."""
    for key in table:
        if key not in _OCDS_KEYS:
            bad(f"ocds.{key}", f"`{key}` is not an [ocds] setting",
                "settings: " + ", ".join(_OCDS_KEYS))
    prefix = table.get("ocid_prefix", DEFAULT_OCID_PREFIX)
    if not isinstance(prefix, str) or not re.match(r"^ocds-[a-z0-9]{6}$", prefix):
        bad("ocds.ocid_prefix", f"`{prefix}` is not an OCDS prefix",
            "write the publisher's registered prefix, e.g. ocds-213czf")
        prefix = DEFAULT_OCID_PREFIX
    base = table.get("base_uri")
    if base is not None:
        parts = urlsplit(base) if isinstance(base, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            bad("ocds.base_uri", f"`{base}` is not an absolute http(s) address",
                'write where you publish releases, e.g. "https://contracts.anytown.gov.uk/ocds/"')
            base = None
        elif not base.endswith("/"):
            base += "/"
    method = _choice(table, "ocds", "procurement_method", PROCUREMENT_METHODS, bad)
    category = _choice(table, "ocds", "main_procurement_category", CATEGORIES, bad,
                       default="services")
    cpv = table.get("cpv")
    if cpv is not None and not (isinstance(cpv, str) and CPV.match(cpv)):
        bad("ocds.cpv", f"`{cpv}` is not a CPV code", 'write the eight digits, e.g. "85312000"')
        cpv = None
    buyer = None
    if "buyer" in table:
        buyer = read_organisation(table["buyer"], "ocds.buyer", bad)
    return OcdsSettings(
        ocid_prefix=prefix, base_uri=base, procurement_method=method,
        procurement_method_details=_optional_text(table, "procurement_method_details", bad),
        main_procurement_category=category, cpv=cpv,
        cpv_description=_optional_text(table, "cpv_description", bad),
        tender_period=_period(table, "tender_period", bad),
        contract_period=_period(table, "contract_period", bad), buyer=buyer)


def _optional_text(table: dict[str, Any], key: str, bad: Any) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        bad(f"ocds.{key}", "must be text")
        return None
    return value


def _period(table: dict[str, Any], key: str, bad: Any) -> Period | None:
    value = table.get(key)
    if value is None:
        return None
    start = value.get("start") if isinstance(value, dict) else None
    end = value.get("end") if isinstance(value, dict) else None
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)) \
            or isinstance(start, dt.datetime) or isinstance(end, dt.datetime):
        bad(f"ocds.{key}", "must give a start and an end date",
            f"write e.g. {key} = {{ start = 2026-04-01, end = 2029-03-31 }}")
        return None
    if end < start:
        bad(f"ocds.{key}", f"ends ({end}) before it starts ({start})")
        return None
    return Period(start, end)


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
        *_render_ocds(config.ocds),
    ])


def _render_ocds(ocds: OcdsSettings) -> list[str]:
    lines = [
        "[ocds]",
        "# How the award is published as Open Contracting data (docs/tender.md, Award).",
        "# The publisher's registered OCDS prefix (https://standard.open-contracting.org).",
        f"ocid_prefix = {_quote(ocds.ocid_prefix)}",
        "# Where you publish the releases: required before `obc tender award`.",
        f"base_uri = {_quote(ocds.base_uri)}" if ocds.base_uri else
        '# base_uri = "https://contracts.example.gov.uk/ocds/"',
        f"procurement_method = {_quote(ocds.procurement_method)}  "
        "# open, selective, limited or direct",
    ]
    if ocds.procurement_method_details:
        lines.append(f"procurement_method_details = {_quote(ocds.procurement_method_details)}")
    lines.append(f"main_procurement_category = {_quote(ocds.main_procurement_category)}  "
                 "# goods, works or services")
    lines.append(f"cpv = {_quote(ocds.cpv)}" if ocds.cpv else
                 '# cpv = "85312000"  # the CPV code of the service')
    if ocds.cpv_description:
        lines.append(f"cpv_description = {_quote(ocds.cpv_description)}")
    for key in ("tender_period", "contract_period"):
        period = getattr(ocds, key)
        if period is not None:
            lines.append(f"{key} = {{ start = {period.start.isoformat()}, "
                         f"end = {period.end.isoformat()} }}")
    lines.append("")
    buyer = ocds.buyer
    if buyer is not None:
        lines += ["[ocds.buyer]", "# The commissioner's register entry (the ruleset names it).",
                  f"legal_name = {_quote(buyer.legal_name)}", f"scheme = {_quote(buyer.scheme)}",
                  f"identifier = {_quote(buyer.identifier)}"]
        for name, block, keys in (("address", buyer.address, ADDRESS),
                                  ("contact", buyer.contact, CONTACT)):
            if block:
                inner = ", ".join(f"{k} = {_quote(block[k])}" for k in keys if k in block)
                lines.append(f"{name} = {{ {inner} }}")
        lines.append("")
    return lines


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
            bad: Any, default: _Choice | None = None) -> _Choice:
    """``table[key]`` if it is one of ``choices``, else ``default`` (the first) and a problem."""
    fallback = choices[0] if default is None else default
    value = table.get(key, fallback)
    for choice in choices:
        if value == choice:
            return choice
    bad(f"{name}.{key}", f"`{value}` is not one of " + ", ".join(f'"{c}"' for c in choices),
        f'write e.g. {key} = "{fallback}" (the default)')
    return fallback


def _quote(text: str) -> str:
    # A JSON string is a valid TOML basic string for the characters we write.
    return json.dumps(text, ensure_ascii=False)
