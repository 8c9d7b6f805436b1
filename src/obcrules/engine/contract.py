"""``contract.yaml``: the awarded bid's targets, expected numbers and payment terms.

Written by ``obc tender award`` and read here. The contracted targets replace the
ruleset's; the expected numbers are reported against the people helped; the
contract's price (or ``payment.contract_value``) is the contract value. A contract
whose bid priced the rate card (``payment.priced: true``) pays its own price per
rate-card line, and its fixed fee is the fixed part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from obcrules.engine.errors import MonitoringError
from obcrules.engine.yaml_file import load_yaml_file
from obcrules.model import Ruleset, Target
from obcrules.money import parse_money
from obcrules.syntax.parser import parse_target

SCHEMA = "obcrules.contract/1"


@dataclass
class Contract:
    """A contract as the engine uses it."""

    path: Path
    provider: str
    provider_id: str
    lot: str | None = None
    targets: dict[str, Target] = field(default_factory=dict)
    target_text: dict[str, str] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    contract_value: Decimal | None = None
    at_risk: Decimal | None = None
    ruleset_sha256: str | None = None
    priced: bool = False
    """True when the winning bid priced the rate card: its prices are paid, its fixed fee is
    the fixed part, and no at-risk share limits the rate card."""
    fixed_fee: Decimal | None = None
    rates: dict[int, Decimal] = field(default_factory=dict)
    """A priced contract's price per rate-card line (by the line's number, from 1)."""
    group_rates: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    """A priced contract's price per price group (by line number and group)."""


def read_contract(path: Path, ruleset: Ruleset) -> Contract:
    """Read and check a contract against the ruleset; `MonitoringError` says what is wrong."""
    document = load_yaml_file(path, "write it again with `obc tender award`")
    if not isinstance(document, dict):
        raise MonitoringError(f"{path}: a contract is a mapping with schema: {SCHEMA}")
    if document.get("schema") != SCHEMA:
        raise MonitoringError(f"{path}: expected `schema: {SCHEMA}`, found "
                              f"{document.get('schema')!r}")
    provider_id = document.get("provider_id") or document.get("provider")
    if not isinstance(provider_id, str | int) or not str(provider_id).strip():
        raise MonitoringError(f"{path}: `provider_id` (the provider code used in the "
                              "monitoring data) is missing")
    contract = Contract(path=path, provider=str(document.get("provider") or provider_id),
                        provider_id=str(provider_id), lot=_text(document.get("lot")))
    header = document.get("ruleset")
    if isinstance(header, dict) and header.get("sha256"):
        contract.ruleset_sha256 = str(header["sha256"])
    names = {item.name for item in ruleset.items}
    for name, text in _mapping(path, document, "targets").items():
        if name not in names:
            raise MonitoringError(f"{path}: targets: `{name}` is not an outcome of the ruleset")
        target, problems = parse_target(str(text), file=f"{path}: targets: {name}")
        if target is None:
            reason = problems[0].message if problems else "not a target"
            raise MonitoringError(f"{path}: targets: {name}: {reason}")
        contract.targets[name] = target
        contract.target_text[name] = str(text)
    for name, number in _mapping(path, document, "expected").items():
        if name not in names:
            raise MonitoringError(f"{path}: expected: `{name}` is not an outcome of the ruleset")
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise MonitoringError(f"{path}: expected: {name}: {number!r} is not a whole number "
                                  "of people")
        contract.expected[name] = number
    payment = _mapping(path, document, "payment")
    try:
        value = payment.get("contract_value", document.get("price"))
        contract.contract_value = parse_money(value) if value is not None else None
        risk = payment.get("at_risk")
        if risk is not None:
            contract.at_risk = parse_money(str(risk)) / (100 if "%" in str(risk) else 1)
    except ValueError as exc:
        raise MonitoringError(f"{path}: {exc}") from None
    if payment.get("priced"):
        _priced_terms(path, payment, ruleset, contract)
    return contract


def _priced_terms(path: Path, payment: dict[str, Any], ruleset: Ruleset,
                  contract: Contract) -> None:
    """The winning bid's prices: one per rate-card line of the ruleset, each at most the
    ruleset's, and its fixed fee."""
    contract.priced = True
    try:
        contract.fixed_fee = parse_money(payment.get("fixed_fee") or Decimal(0))
    except ValueError as exc:
        raise MonitoringError(f"{path}: payment.fixed_fee: {exc}") from None
    lines = ruleset.payment.rate_lines if ruleset.payment is not None else ()
    given = payment.get("rate_lines")
    if not isinstance(given, list) or len(given) != len(lines):
        count = len(given) if isinstance(given, list) else 0
        raise MonitoringError(f"{path}: payment.rate_lines has {count} line(s) and the ruleset "
                              f"{len(lines)}: a priced contract prices every rate-card line; "
                              "write it again with `obc tender award`")
    for number, (line, entry) in enumerate(zip(lines, given, strict=True), start=1):
        where = f"{path}: payment.rate_lines[{number}]"
        if not isinstance(entry, dict) or entry.get("outcome") != line.outcome.name:
            raise MonitoringError(f"{where}: expected the line on `{line.outcome.name}`, as in "
                                  "the ruleset's rate card")
        contract.rates[number] = _price(entry, line.amount.amount, f"{where}.amount")
        given_groups = entry.get("groups") or []
        names = [g.name for g in line.groups]
        if not isinstance(given_groups, list) or [
                g.get("group") if isinstance(g, dict) else None for g in given_groups] != names:
            raise MonitoringError(f"{where}.groups: expected the price groups "
                                  f"{', '.join(names) or '(none)'}, as in the ruleset")
        for index, (group, given) in enumerate(zip(line.groups, given_groups, strict=True),
                                               start=1):
            contract.group_rates[(number, group.name)] = _price(
                given, group.amount.amount, f"{where}.groups[{index}].amount")


def _price(entry: dict[str, Any], maximum: Decimal, where: str) -> Decimal:
    """A priced contract's price: an amount above zero and at most the ruleset's."""
    try:
        price = parse_money(entry["amount"] if isinstance(entry.get("amount"), str | int |
                                                            float) else "")
    except ValueError:
        raise MonitoringError(f"{where}: {entry.get('amount')!r} is not an amount "
                              "of money") from None
    if not 0 < price <= maximum:
        raise MonitoringError(f"{where}: {price} is not more than zero and at most "
                              f"the ruleset's {maximum}")
    return price


def _mapping(path: Path, document: dict[str, Any], key: str) -> dict[str, Any]:
    value = document.get(key) or {}
    if not isinstance(value, dict):
        raise MonitoringError(f"{path}: `{key}` must be a mapping of outcome names")
    return {str(k): v for k, v in value.items()}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
