"""The people who may sign in to ``obc serve``: their roles, one-time links and declarations.

``obc tender invite`` adds a person (or gives a person already there a new link)
and returns a one-time sign-in token, ``PERSON.SECRET``. Only a scrypt hash of the
secret is kept, so the file never holds anything that signs anyone in; the token
is spent by its first sign-in. ``obc tender revoke`` ends a person's access: their
sessions stop at their next request.

The people live in ``out/people.json`` in a tender workspace, written like every
output there (under the workspace lock, with an audit entry naming who did it),
so ``obc tender verify`` notices a person added by hand. A folder that is not a
workspace (monitoring results served for the dashboard) keeps them in
``people.json``, under a lock of its own; it has no audit chain.

Roles:

========== =============================================================
evaluator  declares interests, reads the bids, scores them on their own sheet
chair      sees who has submitted, moderates, evaluates, awards, publishes
observer   reads everything the chair reads once scores may be seen; writes nothing
monitoring the contract manager: the dashboard and person-level invalid records
policy     the policy lead: the ruleset playground, and saving rulesets
========== =============================================================
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from obcrules.io.atomic import write_bytes_atomic
from obcrules.io.lock import LockBusy, holder_info, locked
from obcrules.tender.audit import utc_stamp
from obcrules.tender.config import CONFIG_NAME, parse_config
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.transaction import LOCK_WAIT, busy, running
from obcrules.tender.workspace import OUT_DIR

ROLES = ("evaluator", "chair", "observer", "monitoring", "policy")
SCHEMA = "obcrules.people/1"
WORKSPACE_FILE = f"{OUT_DIR}/people.json"
FOLDER_FILE = "people.json"
FOLDER_LOCK = ".people.lock"
SESSION_KEY = ".session-key"
"""The key that signs ``obc serve``'s session cookies: a hidden file (``verify`` does not
track it), readable by its owner only, made on first use; delete it to end every session."""

INVITE, REVOKE, SIGN_IN, SIGN_OUT, DECLARE = ("tender invite", "tender revoke",
                                              "panel sign-in", "panel sign-out",
                                              "panel declare")

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""scrypt's cost: 16 MiB and a few tens of milliseconds per hash (OWASP's minimum)."""

PERSON_ID = re.compile(r"^p[0-9a-f]{8}$")
MAX_NAME = 100


@dataclass(frozen=True)
class Declaration:
    """A declaration of interests, made before the bids are shown."""

    conflict: bool
    details: str
    time: str


@dataclass(frozen=True)
class Person:
    """Someone who may sign in. ``evaluator`` is the id of their score sheet (evaluators only)."""

    id: str
    name: str
    role: str
    evaluator: str | None = None
    invited: str = ""
    token_hash: str = ""
    """``scrypt$N$r$p$SALT$HASH`` of the unspent link; empty once it is spent."""
    signed_in: str | None = None
    """When the current session began (its cookie names this time); None when there is
    none: the link is not used yet, or the person signed out or was given a new link."""
    revoked: str | None = None
    declaration: Declaration | None = None

    @property
    def active(self) -> bool:
        """Not revoked."""
        return self.revoked is None

    @property
    def state(self) -> str:
        """``revoked``, ``signed in``, ``link not used yet`` or ``signed out`` (their link
        is spent: they need a new one)."""
        if self.revoked:
            return "revoked"
        if self.signed_in:
            return "signed in"
        return "link not used yet" if self.token_hash else "signed out"

    def by(self) -> dict[str, str]:
        """Who did something, as the audit entry records it."""
        return {"person": self.id, "name": self.name, "role": self.role}


@dataclass(frozen=True)
class Invitation:
    """A person and the one-time token of their link (shown once, never stored)."""

    person: Person
    token: str


class SignInRefused(Exception):
    """A token that signs no one in (unknown, spent, revoked or wrong), said without
    telling which, so that a guesser learns nothing."""


def people_file(root: Path) -> str:
    """Where the people of the folder ``root`` are kept, relative to it."""
    return WORKSPACE_FILE if (root / CONFIG_NAME).is_file() else FOLDER_FILE


def read_people(root: Path) -> list[Person]:
    """The people of ``root`` (none when the file does not exist yet)."""
    path = root / people_file(root)
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document")
        return [_person(p) for p in data["people"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        rel = people_file(root)
        raise TenderError(f"{rel} cannot be read ({exc})",
                          [Problem(rel, "", "unreadable", "restore it from a copy, or remove "
                                   "it and invite the panel again")]) from None


def find_person(root: Path, person_id: str) -> Person | None:
    """The person with this id, if any."""
    return next((p for p in read_people(root) if p.id == person_id), None)


def invite(root: Path, role: str, name: str, evaluator: str | None = None,
           by: Mapping[str, str] | None = None) -> Invitation:
    """Add a person (or give the person of this name and role a new link); their token."""
    name = " ".join(name.split())
    if role not in ROLES:
        raise TenderError(f"unknown role `{role}`: choose one of {', '.join(ROLES)}")
    if not name or len(name) > MAX_NAME:
        raise TenderError(f"give the person's name (1 to {MAX_NAME} characters)")
    if role == "evaluator":
        evaluator = _evaluator_of(root, name, evaluator)
    elif evaluator is not None:
        raise TenderError("only an evaluator has a score sheet: leave out --evaluator")
    secret = secrets.token_urlsafe(24)
    now = utc_stamp()
    issued: list[Person] = []

    def change(people: list[Person]) -> list[Person]:
        same = next((p for p in people if p.name == name and p.role == role), None)
        taken = next((p for p in people if evaluator and p.evaluator == evaluator
                      and p is not same and p.active), None)
        if taken is not None:
            raise TenderError(f"evaluator `{evaluator}` is already {taken.name}; revoke them "
                              "first to give the sheet to someone else")
        if same is None:
            ids = {p.id for p in people}
            person_id = _new_id(ids)
            person = Person(person_id, name, role, evaluator, now, hash_secret(secret))
            issued.append(person)
            return [*people, person]
        # a new link ends the session of the old one (and of any copy of its cookie)
        person = replace(same, token_hash=hash_secret(secret), invited=now, revoked=None,
                         evaluator=evaluator, signed_in=None)
        issued.append(person)
        return [person if p is same else p for p in people]

    _update(root, INVITE, change, by)
    return Invitation(issued[0], f"{issued[0].id}.{secret}")


def revoke(root: Path, who: str, by: Mapping[str, str] | None = None) -> Person:
    """End the access of the person with this id or name; their link is spent too."""
    done: list[Person] = []

    def change(people: list[Person]) -> list[Person]:
        matches = [p for p in people if p.id == who or p.name == " ".join(who.split())]
        if not matches:
            raise TenderError(f"no one called `{who}` is on the panel")
        if len(matches) > 1:
            ids = ", ".join(f"{p.id} ({p.role})" for p in matches)
            raise TenderError(f"several people are called `{who}`: give the id of one: {ids}")
        person = replace(matches[0], revoked=utc_stamp(), token_hash="")
        done.append(person)
        return [person if p.id == person.id else p for p in people]

    _update(root, REVOKE, change, by)
    return done[0]


def sign_in(root: Path, token: str) -> Person:
    """The person a token signs in, spending it; `SignInRefused` for any bad token."""
    person_id, _, secret = token.strip().partition(".")
    if not PERSON_ID.match(person_id) or not secret:
        raise SignInRefused
    known = find_person(root, person_id)
    if known is None or not known.active or not check_secret(secret, known.token_hash):
        raise SignInRefused
    signed: list[Person] = []

    def change(people: list[Person]) -> list[Person]:
        current = next((p for p in people if p.id == person_id), None)
        # checked again under the lock: two sign-ins with one token, only one wins
        if current is None or current.token_hash != known.token_hash or not current.active:
            raise SignInRefused
        person = replace(current, token_hash="", signed_in=utc_stamp())
        signed.append(person)
        return [person if p.id == person_id else p for p in people]

    _update(root, SIGN_IN, change, known.by())
    return signed[0]


def sign_out(root: Path, person_id: str, since: str) -> None:
    """End the session of the person's sign-in at ``since`` (recorded): a copy of its
    cookie stops working too. A session already ended, or a later one, is left alone."""
    known = find_person(root, person_id)
    if known is None or known.signed_in != since:
        return

    def change(people: list[Person]) -> list[Person]:
        return [replace(p, signed_in=None) if p.id == person_id and p.signed_in == since
                else p for p in people]

    _update(root, SIGN_OUT, change, known.by())


def declare(root: Path, person_id: str, conflict: bool, details: str) -> Person:
    """Record a person's declaration of interests (made once; a conflict needs details)."""
    details = details.strip()
    if conflict and not details:
        raise TenderError("describe the conflict of interest, so that the chair can act on it")
    done: list[Person] = []

    def change(people: list[Person]) -> list[Person]:
        current = next((p for p in people if p.id == person_id and p.active), None)
        if current is None:
            raise TenderError("you are no longer on the panel")
        if current.declaration is not None:
            raise TenderError("your declaration is already recorded; ask the chair to change "
                              "the panel if it no longer holds")
        person = replace(current, declaration=Declaration(conflict, details[:2000], utc_stamp()))
        done.append(person)
        return [person if p.id == person_id else p for p in people]

    known = find_person(root, person_id)
    _update(root, DECLARE, change, known.by() if known else None)
    return done[0]


def session_key(root: Path) -> bytes:
    """The folder's session-signing key (made, mode 0600, on first use)."""
    folder = root / OUT_DIR if (root / CONFIG_NAME).is_file() else root
    path = folder / SESSION_KEY
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) < 32:
            raise TenderError(f"{path} is too short to be a session key: delete it") from None
        return key
    with os.fdopen(fd, "wb") as stream:
        stream.write(secrets.token_bytes(32))
    return path.read_bytes()


# ---------------------------------------------------------------- secrets


def hash_secret(secret: str) -> str:
    """``scrypt$N$r$p$SALT$HASH`` (base64) of a token's secret."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     _b64(salt), _b64(digest)])


def check_secret(secret: str, stored: str) -> bool:
    """Does ``secret`` hash to ``stored``? (False for a spent or malformed hash.)"""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, expected = base64.b64decode(parts[4]), base64.b64decode(parts[5])
        digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                                dklen=len(expected), maxmem=2**26)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------- the file


def _update(root: Path, command: str, change: Callable[[list[Person]], list[Person]],
            by: Mapping[str, str] | None) -> None:
    """Read, change and write the people under the folder's lock (and record it)."""
    rel = people_file(root)
    if rel == WORKSPACE_FILE:
        with running(root, command, by=by) as run:
            run.write(rel, _render(change(read_people(root))))
            run.commit([root / CONFIG_NAME])
        return
    with _folder_lock(root, command):
        write_bytes_atomic(root / rel, _render(change(read_people(root))))


@contextmanager
def _folder_lock(root: Path, command: str) -> Iterator[None]:
    try:
        with locked(root / FOLDER_LOCK, holder_info(command=command), wait=LOCK_WAIT):
            yield
    except LockBusy as exc:
        raise busy(exc) from None


def _render(people: list[Person]) -> bytes:
    data = {"schema": SCHEMA, "people": [asdict(p) for p in sorted(people, key=lambda p: p.id)]}
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _person(data: Mapping[str, Any]) -> Person:
    declared = data.get("declaration")
    declaration = Declaration(bool(declared["conflict"]), str(declared["details"]),
                              str(declared["time"])) if declared else None
    role = str(data["role"])
    if role not in ROLES or not PERSON_ID.match(str(data["id"])):
        raise ValueError(f"person {data.get('id')!r} has an unknown role or id")
    return Person(id=str(data["id"]), name=str(data["name"]), role=role,
                  evaluator=data.get("evaluator"), invited=str(data.get("invited", "")),
                  token_hash=str(data.get("token_hash", "")), signed_in=data.get("signed_in"),
                  revoked=data.get("revoked"), declaration=declaration)


def _evaluator_of(root: Path, name: str, evaluator: str | None) -> str:
    """The evaluator id of an invited evaluator: given, or the name when it is one."""
    config = root / CONFIG_NAME
    if not config.is_file():
        raise TenderError(f"{root} is not a tender workspace, so it has no evaluators")
    known = parse_config(config.read_text(encoding="utf-8-sig")).evaluators
    chosen = evaluator or (name if name in known else None)
    if chosen not in known:
        listed = ", ".join(known) or "none"
        raise TenderError(f"name the evaluator's sheet with --evaluator: obc.toml lists "
                          f"{listed}" if chosen is None else
                          f"`{chosen}` is not an evaluator of obc.toml (it lists {listed})")
    return str(chosen)


def _new_id(taken: set[str]) -> str:
    while True:
        candidate = f"p{secrets.token_hex(4)}"
        if candidate not in taken:
            return candidate


