"""Reading and validating bids: YAML, JSON or XLSX files in ``bids/``.

Each file is read into plain data with a *locator* that turns a field path
(``outcomes.wellbeing.target``) into the place a person would look: the same path
for YAML and JSON, the cell for XLSX (``Bid!F10``). Validation collects every
problem of a bid; a bid with any problem is *invalid* (listed, not evaluated) and
the other bids still evaluate. Targets are parsed with the grammar's own target
rule and checked by the same checker as the ruleset's targets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from obcrules.diagnostics import did_you_mean
from obcrules.io.strict import (
    DEFAULT_MAX_FILE_SIZE,
    InputError,
    check_size,
    read_json,
    read_yaml,
)
from obcrules.model import Item, Target
from obcrules.money import display_money
from obcrules.semantics.checker import Checker
from obcrules.syntax.parser import parse_target
from obcrules.tender import bid_layout
from obcrules.tender.bidder_names import bidder_slugs, identity
from obcrules.tender.organisations import Organisation, read_organisation
from obcrules.tender.problems import Problem
from obcrules.tender.workspace import BIDS_DIR, Workspace, slug

PROVIDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.,&'()-]{0,99}$")
"""A provider as the monitoring data name it: codes or names (never used as a path)."""

Locator = Callable[[str], str]
"""Field path → where a person finds it in the file."""


@dataclass(frozen=True)
class OfferedOutcome:
    """What a bid offers for one outcome."""

    outcome: str
    target_text: str
    target: Target
    people: int
    verify: tuple[str, ...]


@dataclass(frozen=True)
class PricedLine:
    """A bid's price for one entry of a priced rate card, and the people it expects it to pay
    for. ``key`` is the entry's (`obcrules.model.RateCardEntry`); ``maximum`` the ruleset's
    price."""

    key: str
    line: int
    outcome: str
    price: Decimal
    maximum: Decimal
    people: int

    @property
    def cost(self) -> Decimal:
        """The expected cost of the line: price × people."""
        return self.price * self.people


@dataclass(frozen=True)
class Bid:
    """A valid bid. ``file`` is workspace-relative; ``price`` is exact.

    In a lot priced from the rate card (``price from rate card``), ``rate_card`` holds the
    bid's price and expected people per rate-card line, ``fixed_fee`` the part paid
    whatever the outcomes, and ``price`` is the expected outcome cost: the fixed fee plus
    Σ price × people.
    """

    bidder: str
    file: str
    lot: str
    price: Decimal
    provider_id: str
    outcomes: Mapping[str, OfferedOutcome]
    track_record: Any = None
    organisation: Organisation | None = None
    """The bidding organisation's register identifier (OCDS party), when the bid gives it."""
    fixed_fee: Decimal | None = None
    rate_card: tuple[PricedLine, ...] = ()
    provider_id_given: bool = True
    """False when the bid gave no ``provider_id``: it is then the bidder's own identifier,
    unique among the bids (`obcrules.tender.bidder_names.bidder_slugs`)."""

    @property
    def priced(self) -> bool:
        """True for a bid that priced the rate card."""
        return bool(self.rate_card)


@dataclass(frozen=True)
class InvalidBid:
    """A bid file that could not be read or validated; it is listed, not evaluated."""

    file: str
    bidder: str
    problems: tuple[Problem, ...]


@dataclass
class BidSet:
    """All bid files of a workspace: the valid bids and the invalid ones."""

    valid: list[Bid] = field(default_factory=list)
    invalid: list[InvalidBid] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def bid_files(ws: Workspace) -> list[Path]:
    """The files in ``bids/`` in name order (hidden and Office lock files skipped)."""
    folder = ws.root / BIDS_DIR
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith((".", "~$"))),
                  key=lambda p: p.name)


def bid_attachments(bid_file: Path) -> list[Path]:
    """A bid's attachments: the files of the folder named after its file (``bids/acme/``
    for ``bids/acme.yaml``), hidden and Office lock files skipped, in name order. They
    are read by the panel, not validated; the evaluation records them as inputs."""
    folder = bid_file.parent / bid_file.stem
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith((".", "~$"))),
                  key=lambda p: p.name)


def stray_files(ws: Workspace, files: list[Path]) -> list[Path]:
    """Files in a folder of ``bids/`` that is no bid's attachments folder (``bids/sub/``
    with no ``bids/sub.yaml``): they are not read as bids, so each is reported."""
    folder = ws.root / BIDS_DIR
    if not folder.is_dir():
        return []
    stems = {p.stem for p in files}
    found: list[Path] = []
    for sub in sorted(folder.iterdir(), key=lambda p: p.name):
        if sub.is_dir() and sub.name not in stems and not sub.name.startswith("."):
            found += sorted(p for p in sub.rglob("*") if p.is_file()
                            and not p.name.startswith((".", "~$")))
    return found


def shown(name: str) -> str:
    """A file name as printed: control characters (a newline could forge an output line)
    written as escapes, ``\\n``."""
    return "".join(c if unicodedata.category(c) != "Cc" else
                   c.encode("unicode_escape").decode("ascii") for c in name)


def _refused(ws: Workspace, path: Path) -> InvalidBid | None:
    """An invalid bid for a file obc will not read: its name has control characters, or
    it (or an attachment) is a link out of the workspace."""
    rel = ws.relative(path)
    if shown(rel) != rel:
        return InvalidBid(shown(rel), shown(path.stem), (Problem(
            shown(rel), "", "has a control character (a line break, a tab…) in its name",
            "rename the file: letters, digits, spaces and `-_.`"),))
    for file in (path, *bid_attachments(path)):
        if ws.links_out(file):
            return InvalidBid(rel, path.stem, (Problem(
                ws.relative(file), "", "is a link to a file outside the workspace, so it is "
                "not read", "copy the file itself into the workspace"),))
    return None


def load_bids(ws: Workspace, aside: Collection[str] = ()) -> BidSet:
    """Read and validate every bid; a second bid of a bidder, of an organisation (its
    register identifier) or with a provider id another bid gave is invalid. A bid that
    gives no provider id gets its bidder's own identifier, unique among the bids and the
    provider ids given, whatever the order of the files.

    The bids in the files ``aside`` (workspace-relative: the withdrawn ones) are read
    and listed apart. A withdrawal is final for the lot: another bid of a bidder (or an
    organisation) that withdrew is invalid, as a bid after the deadline would be, so a
    withdrawal cannot become a second chance to change a price or an offer."""
    result = BidSet()
    files = bid_files(ws)
    loaded: list[Bid | InvalidBid] = []
    for path in files:
        refused = _refused(ws, path)
        if refused is None:
            result.files.append(path)
        bid = refused or load_bid(ws, path)
        if bid.file not in aside:
            loaded.append(bid)
        elif isinstance(bid, Bid):
            own = bidder_slugs([bid.bidder])[bid.bidder]
            result.valid.append(bid if bid.provider_id_given else replace(bid, provider_id=own))
        else:
            result.invalid.append(bid)
    bids = [b for b in loaded if isinstance(b, Bid)]
    given = {identity(b.provider_id) for b in bids if b.provider_id_given}
    defaults = bidder_slugs((b.bidder for b in bids if not b.provider_id_given), taken=given)
    seen = _Seen()
    withdrew = _Seen()
    for bid in result.valid:  # so far, only the withdrawn bids
        withdrew.add(bid)
    for bid in loaded:
        if not isinstance(bid, Bid):
            result.invalid.append(bid)
            continue
        if not bid.provider_id_given:
            bid = replace(bid, provider_id=defaults[bid.bidder])
        problems = withdrew.after_withdrawal(bid) or seen.repeats(bid)
        if problems:
            result.invalid.append(InvalidBid(bid.file, bid.bidder, tuple(problems)))
        else:
            seen.add(bid)
            result.valid.append(bid)
    for path in stray_files(ws, files):
        rel = shown(ws.relative(path))
        result.invalid.append(InvalidBid(rel, shown(path.stem), (Problem(
            rel, "", f"is in a folder of {BIDS_DIR}/ that is no bid's attachments folder, so it "
            "is not evaluated", f"put a bid in {BIDS_DIR}/ itself; a bid's attachments go in "
            f"the folder named after its file ({BIDS_DIR}/acme/ for {BIDS_DIR}/acme.yaml)"),)))
    return result


@dataclass
class _Seen:
    """The bidders, provider ids and organisations of the valid bids so far, each with
    the bid's file."""

    bidders: dict[str, str] = field(default_factory=dict)
    providers: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)

    def repeats(self, bid: Bid) -> list[Problem]:
        """Why ``bid`` repeats an earlier one (a bidder's second bid says only that)."""
        first = self.bidders.get(identity(bid.bidder))
        if first is not None:
            return [Problem(bid.file, "bidder", f"`{bid.bidder}` already bid in {first}",
                            "a bidder submits one bid per lot")]
        problems = []
        other = self.providers.get(identity(bid.provider_id))
        if other is not None:
            problems.append(Problem(bid.file, "provider_id", f"`{bid.provider_id}` is "
                                    f"already the provider id of the bid in {other}",
                                    "give each bid its own provider_id"))
        organisation = bid.organisation
        same = self.organisations.get(identity(organisation.party_id)) if organisation else None
        if organisation is not None and same is not None:
            problems.append(Problem(
                bid.file, "organisation.identifier", f"{organisation.legal_name} "
                f"({organisation.party_id}) already bid in {same}", "an organisation "
                "submits one bid per lot, whatever name it bids under"))
        return problems

    def after_withdrawal(self, bid: Bid) -> list[Problem]:
        """Why ``bid`` may not be evaluated when these are the withdrawn bids: its bidder,
        or its organisation, withdrew from the lot."""
        organisation = bid.organisation
        withdrawn = self.bidders.get(identity(bid.bidder)) or (
            self.organisations.get(identity(organisation.party_id)) if organisation else None)
        if withdrawn is None:
            return []
        return [Problem(bid.file, "bidder", f"`{bid.bidder}` withdrew its bid ({withdrawn}); "
                        "a withdrawal is final for the lot, so a later bid is not evaluated",
                        "remove this file from bids/: a bid after the withdrawal is a late bid")]

    def add(self, bid: Bid) -> None:
        self.bidders[identity(bid.bidder)] = bid.file
        self.providers[identity(bid.provider_id)] = bid.file
        if bid.organisation is not None:
            self.organisations[identity(bid.organisation.party_id)] = bid.file


def load_bid(ws: Workspace, path: Path) -> Bid | InvalidBid:
    """One bid file, validated against the ruleset and the workspace's lot."""
    rel = ws.relative(path)
    raw, locate, problems = read_bid_file(path, rel, ws.config.max_file_size)
    if raw is None:
        return InvalidBid(rel, path.stem, tuple(problems))
    return validate_bid(ws, raw, rel, locate)


def read_bid_file(path: Path, rel: str, limit: int = DEFAULT_MAX_FILE_SIZE
                  ) -> tuple[Any, Locator, list[Problem]]:
    """Plain data and a locator for one file, or None and the reason it is unreadable.

    YAML and JSON are read strictly (`obcrules.io.strict`: no duplicate keys, aliases,
    deep nesting or huge fields; YAML 1.2 core schema); a file over ``limit`` bytes is
    not read at all.
    """
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json", ".xlsx"):
        return None, _same, [Problem(rel, "", f"`{path.suffix or path.name}` is not a bid "
                                     "format", "submit the bid return as .yaml, .json or .xlsx")]
    try:
        check_size(path, limit, text=suffix != ".xlsx")
        if suffix == ".xlsx":
            from obcrules.tender.bid_xlsx import read_bid_xlsx

            return read_bid_xlsx(path, rel, limit)
        text = path.read_bytes().decode("utf-8-sig")
        if suffix == ".json":
            return read_json(text), _same, []
        return read_yaml(text), _same, []
    except InputError as exc:
        return None, _same, [Problem(rel, exc.where, exc.message, exc.hint)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or \
            "it cannot be read"
        return None, _same, [Problem(rel, where, f"is not valid YAML: {problem}")]
    except ValueError as exc:  # json.JSONDecodeError, and UnicodeDecodeError
        if isinstance(exc, UnicodeDecodeError):
            return None, _same, [Problem(rel, "", "is not UTF-8 text", "save it as UTF-8")]
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        return None, _same, [Problem(rel, f"line {line}, column {column}" if line else "",
                                     f"is not valid JSON: {getattr(exc, 'msg', exc)}")]
    except OSError as exc:
        return None, _same, [Problem(rel, "", f"cannot be read: {exc.strerror or exc}",
                                     "check the file's permissions")]


def _same(path: str) -> str:
    return path


class _Validator:
    """Collects the problems of one bid while reading its fields."""

    def __init__(self, ws: Workspace, file: str, locate: Locator) -> None:
        self.ws = ws
        self.file = file
        self.locate = locate
        self.problems: list[Problem] = []

    def bad(self, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, self.locate(path), message, hint))

    def text(self, data: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.bad(key, "is missing", f"give the {key.replace('_', ' ')}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal | float):
            self.bad(key, "must be text")
            return None
        text = str(value).strip()
        if len(text) > MAX_NAME:
            self.bad(key, f"is {len(text):,} characters long; it may have at most {MAX_NAME}",
                     "shorten it")
            return None
        control = next((c for c in text if unicodedata.category(c) == "Cc"), None)
        if control is not None:
            self.bad(key, f"has a control character (U+{ord(control):04X}) in `{shown(text)}`",
                     "write it on one line, without tabs or other control characters")
            return None
        return text

    @property
    def currency(self) -> str | None:
        return self.ws.ruleset.header.currency if self.ws.ruleset.header else None

    def price(self, value: Any) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.bad("price", "is missing", "write the total price as a number, e.g. 1150000")
            return None
        amount, problem = read_money(value, self.currency)
        if amount is None:
            self.bad("price", problem, "write the total price as a number, e.g. 1150000")
            return None
        if amount <= 0:
            self.bad("price", "must be more than zero")
            return None
        return amount

    # ------------------------------------------------------------ a priced rate card

    def fixed_fee(self, value: Any) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return Decimal(0)
        amount, problem = read_money(value, self.currency)
        if amount is None:
            self.bad("fixed_fee", problem,
                     "write the fixed fee as a number, e.g. 50000, or leave it blank for none")
        return amount

    def rate_card(self, value: Any) -> tuple[PricedLine, ...] | None:
        """The priced rate card: a price and expected people for every entry."""
        payment = self.ws.ruleset.payment
        entries = payment.rate_card() if payment is not None else ()
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            self.bad("rate_card", "must map each rate-card line's number to its price and "
                     "people", "fill in the rate card of the bid return template")
            return None
        given = {str(k).strip(): v for k, v in value.items()}
        keys = [e.key for e in entries]
        for key in given:
            if key not in keys:
                guess = did_you_mean(key, keys)
                self.bad(f"rate_card.{key}", f"`{key}` is not a line of the rate card",
                         f"did you mean `{guess}`?" if guess else
                         "lines: " + ", ".join(keys))
        before = len(self.problems)
        priced: list[PricedLine] = []
        for entry in entries:
            where = f"rate_card.{entry.key}"
            data = given.get(entry.key)
            if not isinstance(data, Mapping) or _blank(data):
                most = display_money(entry.amount.amount, entry.amount.currency)
                what = (f"the line `{entry.outcome} pays {most}`" if entry.group is None else
                        f"the group `{entry.group}` of line {entry.line} (`{entry.outcome}`, "
                        f"at most {most})")
                self.bad(where, f"{what} is not priced", "give its price (or a discount such "
                         "as `10%`) and the people you expect it to pay for")
                continue
            for key in data:
                if key not in bid_layout.RATE_FIELDS:
                    self.bad(f"{where}.{key}", f"`{key}` is not a field of a rate-card line",
                             "fields: " + ", ".join(bid_layout.RATE_FIELDS))
            price = self.line_price(data.get("price"), entry.amount.amount,
                                    entry.amount.currency, f"{where}.price")
            people = self.people(data.get("people"), f"{where}.people")
            if price is not None and people is not None:
                priced.append(PricedLine(key=entry.key, line=entry.line, outcome=entry.outcome,
                                         price=price, maximum=entry.amount.amount,
                                         people=people))
        return tuple(priced) if len(self.problems) == before else None

    def line_price(self, value: Any, maximum: Decimal, currency: str,
                   where: str) -> Decimal | None:
        """A line's price: an amount at most the ruleset's, or a discount on it (``10%``)."""
        most = display_money(maximum, currency)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.bad(where, "is missing", f"give a price of at most {most}, or a discount "
                     "such as `10%`")
            return None
        if isinstance(value, str) and value.strip().endswith("%"):
            number = _number(value.strip()[:-1])
            if number is None or number > 100:
                self.bad(where, f"`{_cut(value)}` is not a discount from 0% to 100%")
                return None
            return maximum * (1 - number / 100)
        amount, problem = read_money(value, self.currency)
        if amount is None:
            self.bad(where, problem + " (nor a discount)",
                     f"write a price of at most {most}, e.g. {_plain(maximum)}, or a "
                     "discount such as `10%`")
            return None
        if amount > maximum:
            self.bad(where, f"{display_money(amount, currency)} is above the ruleset's price "
                     f"of {most} for this line", f"ask at most {most}")
            return None
        if amount <= 0:
            self.bad(where, "must be more than zero", "a line paid nothing is not priced: "
                     f"ask up to {most}")
            return None
        return amount

    def outcome(self, name: str, data: Any) -> OfferedOutcome | None:
        where = f"outcomes.{name}"
        item = self.ws.ruleset.item(name)
        if item is None or item.kind != "outcome":
            names = [o.name for o in self.ws.ruleset.outcomes]
            guess = did_you_mean(name, names)
            what = (f"is {_article(item.kind)} {item.kind}; bids offer targets for outcomes"
                    if item else "is not an outcome of the ruleset")
            self.bad(where, f"`{name}` {what}",
                     f"did you mean `{guess}`?" if guess else "outcomes: " + ", ".join(names))
            return None
        if not isinstance(data, Mapping):
            self.bad(where, "must give target, people and verify")
            return None
        for key in data:
            if key not in bid_layout.OUTCOME_FIELDS:
                guess = did_you_mean(str(key), bid_layout.OUTCOME_FIELDS)
                self.bad(f"{where}.{key}", f"`{key}` is not a field of an offered outcome",
                         f"did you mean `{guess}`?" if guess else "fields: target, people, "
                         "verify")
        before = len(self.problems)
        text = self.text(data, "target", required=False)
        target = self.target(item, text, f"{where}.target") if text else None
        if text is None:
            self.bad(f"{where}.target", "is missing", "write the target offered, e.g. "
                     "`less than 8%`")
        people = self.people(data.get("people"), f"{where}.people")
        verify = self.verify(data.get("verify"), f"{where}.verify")
        if target is None or people is None or verify is None or len(self.problems) > before:
            return None
        assert text is not None
        return OfferedOutcome(outcome=name, target_text=text, target=target, people=people,
                              verify=verify)

    def target(self, item: Item, text: str, where: str) -> Target | None:
        target, diagnostics = parse_target(text)
        if target is None:
            for d in diagnostics:
                self.bad(where, d.message, d.suggestion or "")
            return None
        if item.measure is not None:
            checker = Checker(self.ws.ruleset, self.ws.checked.registry, self.ws.vocabulary,
                              self.file)
            measure_type = checker.check_measure(item.measure)
            if measure_type is not None:
                checker.check_target(target, item.measure, measure_type)
            for d in checker.diagnostics:
                if d.is_error:
                    self.bad(where, f"`{text}`: {d.message}", d.suggestion or "")
            if checker.diagnostics:
                return None
        return target

    def people(self, value: Any, where: str) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.bad(where, "is missing", "give the number of people you expect to help")
            return None
        number = _integer(value)
        if number is None or number < 0:
            self.bad(where, f"`{_cut(value)}` is not a whole number of people",
                     f"write how many people, from 0 to {MAX_PEOPLE:,}")
            return None
        return number

    def verify(self, value: Any, where: str) -> tuple[str, ...] | None:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(where, "must be a list of verification methods",
                     "e.g. [provider_return, case_file_audit]")
            return None
        known = self.ws.vocabulary.verification_methods
        ok = True
        for i, method in enumerate(value):
            if method not in known:
                guess = did_you_mean(method, known)
                self.bad(f"{where}[{i}]", f"`{method}` is not a verification method",
                         f"did you mean `{guess}`?" if guess else "methods: " +
                         ", ".join(sorted(known)))
                ok = False
        return tuple(dict.fromkeys(value)) if ok else None


def validate_bid(ws: Workspace, raw: Any, file: str, locate: Locator = _same) -> Bid | InvalidBid:
    """A `Bid`, or an `InvalidBid` listing every problem with its field or cell."""
    check = _Validator(ws, file, locate)
    if not isinstance(raw, Mapping):
        check.bad("", "is not a bid: expected the fields bidder, lot, price and outcomes")
        return InvalidBid(file, Path(file).stem, tuple(check.problems))
    fields = bid_layout.fields_of(ws.tender.pricing is not None)
    for key in raw:
        if key not in bid_layout.FIELDS:
            guess = did_you_mean(str(key), fields)
            check.bad(str(key), f"`{key}` is not a field of a bid",
                      f"did you mean `{guess}`?" if guess else "fields: " + ", ".join(fields))
    bidder = check.text(raw, "bidder")
    lot = check.text(raw, "lot")
    if lot is not None and lot != ws.config.lot:
        check.bad("lot", f"this bid is for lot `{lot}`; the workspace evaluates lot "
                  f"`{ws.config.lot}`", "move the bid to that lot's workspace, or fix the lot")
    priced = ws.tender.pricing is not None
    price: Decimal | None = None
    fixed_fee: Decimal | None = None
    rate_card: tuple[PricedLine, ...] | None = ()
    if priced:
        if raw.get("price") is not None:
            check.bad("price", "this lot is priced from the rate card: the bid's price is its "
                      "expected cost, worked out from the rate card",
                      "remove `price`; give `fixed_fee` (if any) and the rate card's prices")
        fixed_fee = check.fixed_fee(raw.get("fixed_fee"))
        rate_card = check.rate_card(raw.get("rate_card"))
        if fixed_fee is not None and rate_card is not None:
            price = fixed_fee + sum((line.cost for line in rate_card), Decimal(0))
            if price <= 0:
                check.bad("rate_card", "the expected cost is zero",
                          "give the people you expect each line to pay for")
                price = None
    else:
        for key in ("fixed_fee", "rate_card"):
            if raw.get(key) is not None:
                check.bad(key, f"this lot is not priced from the rate card, so `{key}` does "
                          "not belong in its bids", "give the total `price` instead")
        price = check.price(raw.get("price"))
    provider = check.text(raw, "provider_id", required=False)
    if provider is not None and not PROVIDER_ID.match(provider):
        check.bad("provider_id", f"`{provider}` is not a usable provider id",
                  "use the provider's name or code as in the monitoring data: letters, digits, "
                  "spaces and `.,&'()-_` (up to 100)")
    outcomes: dict[str, OfferedOutcome] = {}
    entries = raw.get("outcomes")
    if entries is None:
        entries = {}
    if not isinstance(entries, Mapping):
        check.bad("outcomes", "must map each outcome's name to its target, people and verify")
        entries = {}
    for name, data in entries.items():
        if _blank(data):
            continue  # left empty in the bid form: not offered
        offered = check.outcome(str(name), data)
        if offered is not None:
            outcomes[str(name)] = offered
    organisation = _organisation(raw, check)
    label = bidder or Path(file).stem
    if check.problems or bidder is None or lot is None or price is None:
        return InvalidBid(file, label, tuple(check.problems))
    return Bid(bidder=bidder, file=file, lot=lot, price=price,
               provider_id=provider or slug(bidder), provider_id_given=provider is not None,
               outcomes=dict(sorted(outcomes.items())), track_record=raw.get("track_record"),
               organisation=organisation,
               fixed_fee=fixed_fee if priced else None, rate_card=rate_card or ())


def _organisation(raw: Mapping[str, Any], check: _Validator) -> Organisation | None:
    """The optional ``organisation:`` block (`obcrules.tender.organisations`)."""
    if raw.get("organisation") is None:
        return None
    return read_organisation(raw["organisation"], "organisation", check.bad)


MAX_NAME = 300
"""The longest bidder name, lot, provider id or target a bid may give."""
MAX_MONEY = Decimal(10) ** 12
"""No price, fee or line of a bid reaches a trillion."""
MAX_PEOPLE = 100_000_000
"""No bid expects to help more people than this."""
_GROUPED = re.compile(r"[0-9]{1,3}(?:([,_ ])[0-9]{3})?(?:\1[0-9]{3})*(?:\.[0-9]+)?"
                      r"|[0-9]+(?:\.[0-9]+)?")
"""Digits (ASCII only: never full-width or Arabic-Indic) grouped in thousands, or not at all."""


def read_money(value: Any, currency: str | None = None) -> tuple[Decimal | None, str]:
    """An amount of money from a bid, and '' ; or None and what is wrong with it.

    A number, or text such as ``"£1,150,000.00"``: digits grouped in thousands by ``,``
    ``_`` or spaces (``1,15,0000`` is refused), at most two decimal places (a penny),
    only the ruleset's currency symbol (``$`` or ``€`` in a £ ruleset is refused), finite
    and less than `MAX_MONEY`.
    """
    shown_value = _cut(value)
    if isinstance(value, bool) or value is None:
        return None, f"`{shown_value}` is not an amount of money"
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float | Decimal):
        amount = Decimal(str(value)) if isinstance(value, float) else value
        if not amount.is_finite():
            return None, f"`{shown_value}` is not an amount of money"
    elif isinstance(value, str):
        text = value.strip()
        symbols = {c for c in text if unicodedata.category(c) == "Sc"}
        if symbols - {currency or "£"}:
            return None, (f"`{shown_value}` is in another currency: this ruleset's amounts are "
                          f"in {currency or '£'}")
        text = text.replace(currency or "£", "", 1).strip()
        if not _GROUPED.fullmatch(text):
            return None, (f"`{shown_value}` is not an amount of money" if "," not in text else
                          f"`{shown_value}` is not an amount grouped in thousands, such as "
                          "1,150,000")
        amount = Decimal(re.sub(r"[,_ ]", "", text))
    else:
        return None, "is not an amount of money"
    if abs(amount) >= MAX_MONEY:
        return None, f"`{shown_value}` is more than any amount a bid can ask"
    if amount != amount.quantize(Decimal("0.01")):
        return None, (f"`{shown_value}` has more than two decimal places: amounts are in "
                      "whole pence at least")
    return amount, ""


def parse_money(value: Any, currency: str | None = None) -> Decimal | None:
    """An amount from a number or text such as ``"£1,150,000.00"``; None if it is not one
    (`read_money` says why)."""
    return read_money(value, currency)[0]


def _number(text: str) -> Decimal | None:
    """A plain non-negative number (a discount's percentage), or None."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]+)?", text):
        return None
    return Decimal(text)


def _cut(value: Any) -> str:
    """A value as quoted in a message: at most 40 characters, control characters escaped."""
    text = shown(str(value))
    return text if len(text) <= 40 else text[:39] + "…"


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        exact = Decimal(str(value))
        if not exact.is_finite() or abs(exact) > MAX_PEOPLE or exact != exact.to_integral():
            return None
        number = int(exact)
    elif isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,3}(?:,?[0-9]{3})*\s*|\s*[0-9]+\s*",
                                                 value):
        digits = re.sub(r"[,\s]", "", value)
        if len(digits) > 12:
            return None
        number = int(digits)
    else:
        return None
    return number if number <= MAX_PEOPLE else None


def _blank(data: Any) -> bool:
    if data is None:
        return True
    if isinstance(data, Mapping):
        return all(v is None or v == "" or v == [] for v in data.values())
    return False


def _plain(amount: Decimal) -> str:
    return f"{amount.normalize():f}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
