"""The panel's people and work as functions: ``obc tender invite`` and ``revoke``, and what
``obc serve`` does for a signed-in person (declare, score, submit, agree a score).

Every function takes the folder, as the other ``tender_*`` functions do, and reads
and writes the same files as the command line (`obcrules.tender.people`,
`obcrules.tender.panel`). Those that write hold the workspace lock and record who
did it (``by``, a `Person`) in the audit chain. They decide nothing about who may
call them: that is the caller's (the web app's role rules).

Raises `UsageError` if the folder does not exist and `TenderError` for a problem in
the request or the workspace (an unknown role, a score off the scale, a sheet
already submitted), each problem named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from obcrules.api.errors import UsageError
from obcrules.api.tender import _folder, _workspace
from obcrules.plugins.manager import Registry

if TYPE_CHECKING:
    from obcrules.tender.panel import (
        CriterionGuide,
        ModerationRow,
        PanelBids,
        PanelStatus,
        Sheet,
    )
    from obcrules.tender.people import Invitation, Person


def tender_invite(directory: str | Path, role: str, name: str, *, evaluator: str | None = None,
                  by: Person | None = None) -> Invitation:
    """Add a person to the panel in ``role`` (``evaluator``, ``chair``, ``observer``,
    ``monitoring`` or ``policy``), or give the person of that name and role a new link
    (``obc tender invite``). Returns the person and their one-time sign-in token; only
    its hash is kept. An evaluator's sheet is ``evaluator`` (default: the name, when
    obc.toml lists it). Works on a tender workspace or a monitoring folder."""
    from obcrules.tender.people import invite

    return invite(_folder(directory), role, name, evaluator, by.by() if by else None)


def tender_revoke(directory: str | Path, who: str, *, by: Person | None = None) -> Person:
    """End the access of the person with this id or name (``obc tender revoke``): their
    link is spent and their sessions end at their next request."""
    from obcrules.tender.people import revoke

    return revoke(_folder(directory), who, by.by() if by else None)


def tender_people(directory: str | Path) -> list[Person]:
    """Everyone invited to the folder, revoked or not (``obc tender people``)."""
    from obcrules.tender.people import read_people

    return read_people(_folder(directory))


def panel_sign_in(directory: str | Path, token: str) -> Person:
    """The person a sign-in token names, spending the token (recorded). Raises
    `SignInRefused` for a token that is unknown, spent, revoked or wrong, without
    saying which."""
    from obcrules.tender.people import sign_in

    return sign_in(_folder(directory), token)


def panel_sign_out(directory: str | Path, person: Person, since: str) -> None:
    """End ``person``'s session that began at ``since`` (recorded): its cookie, and any
    copy of it, no longer signs anyone in. Nothing happens to a session already ended."""
    from obcrules.tender.people import sign_out

    sign_out(_folder(directory), person.id, since)


def panel_person(directory: str | Path, person_id: str) -> Person | None:
    """The person with this id (revoked or not), or None."""
    from obcrules.tender.people import find_person

    return find_person(_folder(directory), person_id)


def panel_declare(directory: str | Path, person: Person, conflict: bool,
                  details: str = "") -> Person:
    """Record ``person``'s declaration of interests (once; a conflict needs details)."""
    from obcrules.tender.people import declare

    return declare(_folder(directory), person.id, conflict, details)


def panel_status(directory: str | Path) -> PanelStatus:
    """The evaluators, who has submitted a sheet, and the lot's state."""
    from obcrules.tender.panel import status

    return status(_folder(directory))


def panel_criteria(directory: str | Path, registry: Registry | None = None
                   ) -> list[CriterionGuide]:
    """The criteria evaluators score, with weights, scales, minimums and descriptors."""
    from obcrules.tender.panel import criteria

    return criteria(_workspace(directory, registry))


def panel_bids(directory: str | Path, registry: Registry | None = None) -> PanelBids:
    """Every bid (valid, excluded by a gate, invalid) and each bid's attachments; the gates'
    reasons worded as the evaluation report words them (outcomes and criteria by their
    titles, `titles`, never in backticks), and each valid bid's price as it shows them."""
    from obcrules.reports.formatting import by_title, money
    from obcrules.tender.panel import bids

    ws = _workspace(directory, registry)
    found = bids(ws)
    header = ws.ruleset.header
    currency = (header.currency if header else None) or "£"  # as the evaluation report
    return replace(found, excluded={
        bidder: tuple(by_title(r, found.titles) for r in reasons)
        for bidder, reasons in found.excluded.items()},
        prices={b.file: money(b.price, currency) for b in found.valid})


def panel_attachment(directory: str | Path, bid_file: str, name: str,
                     registry: Registry | None = None) -> Path:
    """The file of a bid's attachment, when ``name`` is one of those listed for
    ``bids/BID_FILE``; `TenderError` for anything else (the names are never joined
    to a path before they are found in the list)."""
    from obcrules.tender.panel import attachment

    return attachment(_workspace(directory, registry), bid_file, name)


def panel_sheet(directory: str | Path, evaluator: str, registry: Registry | None = None
                ) -> Sheet:
    """An evaluator's sheet: submitted (read-only), or the draft so far."""
    from obcrules.tender.panel import sheet

    return sheet(_workspace(directory, registry), evaluator)


def panel_save_sheet(directory: str | Path, person: Person,
                     entries: Mapping[tuple[str, str], tuple[str, str]], *,
                     submit: bool = False, registry: Registry | None = None) -> Sheet:
    """Save ``person``'s draft scores, ``(bidder, criterion) → (score, justification)``,
    and with ``submit`` write ``scores/EVALUATOR.csv`` (once: then it is read-only)."""
    from obcrules.tender.panel import save_sheet

    if person.evaluator is None:
        raise UsageError(f"{person.name} is not an evaluator", argument="person")
    return save_sheet(_workspace(directory, registry), person.evaluator, entries, person.by(),
                      submit=submit)


def panel_moderation(directory: str | Path, registry: Registry | None = None
                     ) -> list[ModerationRow]:
    """Every item's scores and justifications side by side, its spread, and whether it
    needs (or has) an agreed score; `TenderError` until every sheet is in and valid."""
    from obcrules.tender.panel import moderation

    return moderation(_workspace(directory, registry))


def panel_agree(directory: str | Path, person: Person, bidder: str, criterion: str,
                score: str, note: str, registry: Registry | None = None) -> None:
    """Record the agreed score of an item and the note saying why, in moderation.csv."""
    from obcrules.tender.panel import agree

    agree(_workspace(directory, registry), bidder, criterion, score, note, person.by())


def tender_downloads(directory: str | Path) -> list[str]:
    """The files of ``out/`` that may be downloaded (reports, evaluation, award, log)."""
    from obcrules.tender.panel import downloads

    return downloads(_folder(directory))


def panel_session_key(directory: str | Path) -> bytes:
    """The key ``obc serve`` signs session cookies with, kept in the folder (a hidden file
    only its owner can read, made on first use): sessions survive a restart."""
    from obcrules.tender.people import session_key

    return session_key(_folder(directory))
