"""The evaluator's pages: declaration, bids, criteria and their own sheet; the tender's
overview for every role of the panel.

Independent scoring is enforced here and in `obcrules.web.access`: an evaluator
declares before seeing a bid, sees only their own sheet, can submit it once (then
it is read-only), and no one sees any score until every evaluator has submitted;
until then the chair sees only who has.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import FileResponse, Response

from obcrules import api
from obcrules.web.access import (
    Context,
    Page,
    Rule,
    declared,
    own_sheet,
    scores_visible,
    tender_only,
)

BIDS = "bids"
PANEL = ("evaluator", "chair", "observer")


def overview(ctx: Context) -> Response:
    """The state of the tender: for the chair, who has submitted and who declared what."""
    people = api.tender_people(ctx.site.root) if ctx.role == "chair" else []
    return ctx.page("tender.html.j2", status=ctx.status, people=people, flash=ctx.flash())


def declaration(ctx: Context) -> Response:
    """The declaration of interests (once)."""
    return ctx.page("declaration.html.j2", flash=ctx.flash())


def declare(ctx: Context) -> Response:
    """Record the declaration."""
    assert ctx.person is not None
    answer = ctx.field("conflict")
    if answer not in ("yes", "no"):
        return ctx.page("declaration.html.j2", 400, flash="Answer the question.")
    api.panel_declare(ctx.site.root, ctx.person, answer == "yes", ctx.field("details"))
    if answer == "yes":
        return ctx.redirect("tender", "Your conflict of interest is recorded; the chair "
                            "will decide what happens next. The bids are not shown to you.")
    return ctx.redirect("bids", "Declaration recorded.")


def bids(ctx: Context) -> Response:
    """Every bid, with its status and attachments."""
    found = api.panel_bids(ctx.site.root)
    return ctx.page("bids.html.j2", bids=found, flash=ctx.flash())


def bid(ctx: Context) -> Response:
    """One bid, rendered (every value escaped), with its attachments listed."""
    found = api.panel_bids(ctx.site.root)
    path = f"{BIDS}/{ctx.param('bid')}"
    valid = next((b for b in found.valid if b.file == path), None)
    invalid = next((b for b in found.invalid if b.file == path), None)
    if valid is None and invalid is None:
        return ctx.page("refused.html.j2", 404, status=404, message="There is no such bid.")
    return ctx.page("bid.html.j2", bid=valid, invalid=invalid, path=path,
                    excluded=found.excluded.get(valid.bidder, ()) if valid else (),
                    attachments=found.attachments.get(path, ()),
                    titles=found.titles, price=found.prices.get(path, ""),
                    track_record=_text(valid.track_record) if valid else "")


def attachment(ctx: Context) -> Response:
    """An attachment of a bid, downloaded (never shown inline)."""
    try:
        path = api.panel_attachment(ctx.site.root, ctx.param("bid"), ctx.param("name"))
    except api.TenderError:
        return ctx.page("refused.html.j2", 404, status=404, message="There is no such file.")
    return FileResponse(path, filename=path.name, content_disposition_type="attachment",
                        media_type="application/octet-stream")


def criteria(ctx: Context) -> Response:
    """The criteria evaluators score, with descriptors."""
    return ctx.page("criteria.html.j2", criteria=api.panel_criteria(ctx.site.root))


def my_sheet(ctx: Context) -> Response:
    """The evaluator's own sheet: a form while a draft, read-only once submitted."""
    assert ctx.person is not None and ctx.person.evaluator is not None
    sheet = api.panel_sheet(ctx.site.root, ctx.person.evaluator)
    return ctx.page("sheet.html.j2", sheet=sheet, editable=not sheet.submitted,
                    flash=ctx.flash(), problems=[])


def save_sheet(ctx: Context) -> Response:
    """Save the draft, or submit the sheet (once)."""
    assert ctx.person is not None and ctx.person.evaluator is not None
    current = api.panel_sheet(ctx.site.root, ctx.person.evaluator)
    if current.submitted:
        return ctx.page("problem.html.j2", 409, summary="Your sheet is submitted: it can no "
                        "longer be changed.", problems=[])
    entries = {}
    for number, item in enumerate(current.items):
        entries[(item.bidder, item.criterion)] = (ctx.field(f"score-{number}"),
                                                  ctx.field(f"why-{number}"))
    submit = ctx.field("action") == "submit"
    if submit and ctx.field("confirm") != "yes":
        return _sheet_again(ctx, current, entries, ["Tick the box to confirm: a submitted "
                                                    "sheet cannot be changed."])
    try:
        api.panel_save_sheet(ctx.site.root, ctx.person, entries, submit=submit)
    except api.TenderError as exc:
        return _sheet_again(ctx, current, entries, [str(p) for p in exc.problems]
                            or [exc.summary])
    return ctx.redirect("my_sheet", "Submitted: your sheet is now read-only." if submit
                        else "Draft saved.")


def _sheet_again(ctx: Context, current: api.Sheet,
                 entries: dict[tuple[str, str], tuple[str, str]], problems: list[str]
                 ) -> Response:
    """The form again with what was typed and what is wrong (nothing was saved)."""
    from dataclasses import replace

    items = tuple(replace(i, score=entries[(i.bidder, i.criterion)][0],
                          justification=entries[(i.bidder, i.criterion)][1])
                  for i in current.items)
    return ctx.page("sheet.html.j2", 400, sheet=replace(current, items=items),
                    editable=not current.submitted, flash="", problems=problems)


def sheet_of(ctx: Context) -> Response:
    """An evaluator's sheet, read-only: their own, or anyone's once scores may be seen."""
    evaluator = ctx.param("evaluator")
    if evaluator not in ctx.status.evaluators:
        return ctx.page("refused.html.j2", 404, status=404, message="No such evaluator.")
    sheet = api.panel_sheet(ctx.site.root, evaluator)
    return ctx.page("sheet.html.j2", sheet=sheet, editable=False, flash="", problems=[])


def _text(value: Any) -> str:
    """A free-form bid field as text (escaped by the template like everything else)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


OWN = Rule({"evaluator": own_sheet})
READERS = Rule({"evaluator": declared, "chair": declared, "observer": declared})

PAGES = [
    Page("/tender", overview, "tender", Rule(dict.fromkeys(PANEL, tender_only))),
    Page("/tender/declaration", declaration, "declaration",
         Rule(dict.fromkeys(PANEL, tender_only))),
    Page("/tender/declaration", declare, "declare", Rule(dict.fromkeys(PANEL, tender_only)),
         ("POST",)),
    Page("/tender/criteria", criteria, "criteria", Rule(dict.fromkeys(PANEL, tender_only))),
    Page("/tender/bids", bids, "bids", READERS),
    Page("/tender/bids/{bid}", bid, "bid", READERS),
    Page("/tender/bids/{bid}/attachments/{name}", attachment, "attachment", READERS),
    Page("/tender/sheet", my_sheet, "my_sheet", OWN),
    Page("/tender/sheet", save_sheet, "save_sheet", OWN, ("POST",)),
    Page("/tender/sheets/{evaluator}", sheet_of, "sheet_of",
         Rule({"evaluator": own_sheet, "chair": scores_visible, "observer": scores_visible})),
]
