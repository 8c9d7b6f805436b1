"""Organisations as OCDS names them: a legal name, an identifier, an address, a contact.

A bid's ``organisation:`` block names the bidding organisation; ``obc.toml``'s
``[ocds.buyer]`` table names the commissioner. Both have the same fields::

    organisation:
      legal_name: Acme Care Ltd
      scheme: GB-COH              # an org-id.guide list: GB-COH, GB-CHC, GB-PPON, …
      identifier: "09876543"
      scale: sme                  # optional: micro, sme, small, medium, large, selfEmployed
      address: {street_address: 1 High St, locality: Anytown, postal_code: AT1 1AA,
                country_name: United Kingdom}             # optional
      contact: {name: Bids team, email: bids@acme.example, telephone: 01234 567890}

`read_organisation` checks them and reports each problem through ``bad(field,
message, hint)``; `party` turns one into an OCDS party, whose ``id`` is
``SCHEME-IDENTIFIER`` (never a provider code, which may name another body).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from obcrules.diagnostics import did_you_mean

SCHEME = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,}$")
"""An org-id.guide list code: a country (or XI, XM) and the register, e.g. ``GB-COH``."""

SCALES = ("micro", "sme", "small", "medium", "large", "selfEmployed")
"""The OCDS ``partyScale`` codes."""

ADDRESS = {"street_address": "streetAddress", "locality": "locality", "region": "region",
           "postal_code": "postalCode", "country_name": "countryName"}
CONTACT = {"name": "name", "email": "email", "telephone": "telephone", "url": "url"}
FIELDS = ("legal_name", "scheme", "identifier", "scale", "address", "contact")

Bad = Callable[[str, str, str], None]
"""Report a problem: the field (``organisation.scheme``), what is wrong, what to do."""


@dataclass(frozen=True)
class Organisation:
    """A legal entity with its register identifier, and how to reach it."""

    legal_name: str
    scheme: str
    identifier: str
    scale: str | None = None
    address: Mapping[str, str] = field(default_factory=dict)
    contact: Mapping[str, str] = field(default_factory=dict)

    @property
    def party_id(self) -> str:
        """``GB-COH-09876543``: the OCDS party id (a scheme and an identifier)."""
        return f"{self.scheme}-{self.identifier}"


def read_organisation(data: Any, where: str, bad: Bad) -> Organisation | None:
    """The organisation in ``data`` (a mapping) or None, reporting each problem via ``bad``.

    ``where`` prefixes every field named in a problem (``organisation``).
    """
    if not isinstance(data, Mapping):
        bad(where, "must give legal_name, scheme and identifier", "see docs/tender.md, Bids")
        return None
    before = _Counter(bad)
    for key in data:
        if key not in FIELDS:
            guess = did_you_mean(str(key), FIELDS)
            before(f"{where}.{key}", f"`{key}` is not a field of an organisation",
                   f"did you mean `{guess}`?" if guess else "fields: " + ", ".join(FIELDS))
    name = _text(data, "legal_name", where, before, "the name on the register")
    scheme = _text(data, "scheme", where, before, "an org-id.guide list, e.g. GB-COH")
    identifier = _text(data, "identifier", where, before, "the number on that register")
    if scheme is not None and not SCHEME.match(scheme):
        before(f"{where}.scheme", f"`{scheme}` is not an organisation identifier scheme",
               "use an org-id.guide list code such as GB-COH (Companies House), GB-CHC "
               "(Charity Commission) or GB-PPON")
    scale = data.get("scale")
    if scale is not None and scale not in SCALES:
        guess = did_you_mean(str(scale), SCALES)
        before(f"{where}.scale", f"`{scale}` is not a scale",
               f"did you mean `{guess}`?" if guess else "scales: " + ", ".join(SCALES))
    address = _block(data, "address", ADDRESS, where, before)
    contact = _block(data, "contact", CONTACT, where, before)
    if before.count or name is None or scheme is None or identifier is None:
        return None
    return Organisation(legal_name=name, scheme=scheme, identifier=identifier,
                        scale=scale, address=address, contact=contact)


def party(organisation: Organisation | None, name: str, fallback_id: str,
          roles: list[str]) -> dict[str, Any]:
    """The OCDS party of ``name``: with its identifier, address, contact point and scale
    when the organisation is known, else only ``fallback_id`` and the name."""
    if organisation is None:
        return {"id": fallback_id, "name": name, "roles": roles}
    entry: dict[str, Any] = {
        "id": organisation.party_id, "name": name,
        "identifier": {"scheme": organisation.scheme, "id": organisation.identifier,
                       "legalName": organisation.legal_name},
    }
    if organisation.address:
        entry["address"] = {ADDRESS[k]: v for k, v in organisation.address.items()}
    if organisation.contact:
        entry["contactPoint"] = {CONTACT[k]: v for k, v in organisation.contact.items()}
    entry["roles"] = roles
    if organisation.scale:
        entry["details"] = {"scale": organisation.scale}
    return entry


class _Counter:
    """``bad``, counting the problems it was given."""

    def __init__(self, bad: Bad) -> None:
        self.bad = bad
        self.count = 0

    def __call__(self, where: str, message: str, hint: str = "") -> None:
        self.count += 1
        self.bad(where, message, hint)


def _text(data: Mapping[str, Any], key: str, where: str, bad: Bad, what: str) -> str | None:
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        bad(f"{where}.{key}", "is missing" if value is None else "must be text", f"give {what}")
        return None
    return value.strip()


def _block(data: Mapping[str, Any], key: str, names: Mapping[str, str], where: str,
           bad: Bad) -> dict[str, str]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        bad(f"{where}.{key}", "must be a mapping", "fields: " + ", ".join(names))
        return {}
    found: dict[str, str] = {}
    for name, text in value.items():
        if name not in names:
            guess = did_you_mean(str(name), names)
            bad(f"{where}.{key}.{name}", f"`{name}` is not a field of the {key}",
                f"did you mean `{guess}`?" if guess else "fields: " + ", ".join(names))
        elif isinstance(text, str | int) and not isinstance(text, bool) and str(text).strip():
            found[name] = str(text).strip()
        else:
            bad(f"{where}.{key}.{name}", "must be text", "")
    return {k: found[k] for k in names if k in found}
