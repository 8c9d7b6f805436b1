"""``contract.yaml``: the awarded bid's targets, expected numbers and payment terms.

Written by ``obc tender award`` and read here. The contracted targets replace the
ruleset's; the expected numbers are reported against the people helped; the
contract's price (or ``payment.contract_value``) is the contract value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from obcrules.engine.errors import MonitoringError
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


def read_contract(path: Path, ruleset: Ruleset) -> Contract:
    """Read and check a contract against the ruleset; `MonitoringError` says what is wrong."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MonitoringError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise MonitoringError(f"{path}: is not valid YAML ({exc}); "
                              "write it again with `obc tender award`") from None
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
    return contract


def _mapping(path: Path, document: dict[str, Any], key: str) -> dict[str, Any]:
    value = document.get(key) or {}
    if not isinstance(value, dict):
        raise MonitoringError(f"{path}: `{key}` must be a mapping of outcome names")
    return {str(k): v for k, v in value.items()}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
