"""The chair's pages once every sheet is in: moderation, evaluation, results, a bid's
withdrawal, award, reports and downloads; and the record (history and verification).

Each action is one api call, the same as the command's, recorded in the audit chain
with the chair's name and role. The award keeps the command line's rule: once a lot
is awarded, a changed decision needs ``supersede`` and a reason.
"""

from __future__ import annotations

import datetime as dt

from starlette.responses import FileResponse, Response

from obcrules import api
from obcrules.results.reading import DocumentError, read_evaluation
from obcrules.web.access import Context, Page, Rule, scores_visible, tender_only

EVALUATION = "out/evaluation.json"


def moderation(ctx: Context) -> Response:
    """Each item's scores, spread and justifications side by side; those over the
    threshold first; the chair's form to record an agreed score."""
    rows = api.panel_moderation(ctx.site.root)
    rows.sort(key=lambda r: (not r.item.needs_agreement, r.item.bidder, r.item.criterion))
    return ctx.page("moderation.html.j2", rows=rows, flash=ctx.flash(),
                    evaluators=ctx.status.evaluators)


def agree(ctx: Context) -> Response:
    """Record the agreed score of one item (moderation.csv)."""
    assert ctx.person is not None
    api.panel_agree(ctx.site.root, ctx.person, ctx.field("bidder"), ctx.field("criterion"),
                    ctx.field("score"), ctx.field("note"))
    return ctx.redirect("moderation", f"Agreed score recorded for {ctx.field('bidder')} × "
                        f"{ctx.field('criterion')}.")


def evaluate(ctx: Context) -> Response:
    """Run the evaluation (``obc tender evaluate``), superseding the award if asked to."""
    supersede = ctx.field("supersede") == "yes"
    _, outcome = api.tender_evaluate(ctx.site.root, supersede=supersede,
                                     reason=ctx.field("reason") or None, by=ctx.person)
    told = " ".join(outcome.messages) or "Evaluated: out/evaluation.json written."
    return ctx.redirect("results", told)


def withdraw(ctx: Context) -> Response:
    """Record that a bidder withdrew its bid (``obc tender withdraw``); after the award only
    when asked to supersede it. The chair then evaluates again."""
    _, outcome = api.tender_withdraw(ctx.site.root, ctx.field("bidder"), ctx.field("reason"),
                                     supersede=ctx.field("supersede") == "yes", by=ctx.person)
    return ctx.redirect("results", " ".join(outcome.messages))


def results(ctx: Context) -> Response:
    """The ranking, scores, flags (abnormally low prices) and the weights' sensitivity,
    worded as the evaluation report words them (`api.evaluation_summary`)."""
    path = ctx.site.root / EVALUATION
    if not path.is_file():
        return ctx.page("results.html.j2", document=None, view=None, flash=ctx.flash(),
                        today=dt.date.today().isoformat())
    try:
        document = read_evaluation(path)
    except DocumentError as exc:
        return ctx.page("problem.html.j2", 409, summary=str(exc), problems=[])
    return ctx.page("results.html.j2", document=document,
                    view=api.evaluation_summary(document), flash=ctx.flash(),
                    today=dt.datetime.now(dt.UTC).date().isoformat())


def award(ctx: Context) -> Response:
    """Award the published evaluation (``obc tender award``)."""
    try:
        date = dt.date.fromisoformat(ctx.field("date")) if ctx.field("date") else None
    except ValueError:
        return ctx.page("problem.html.j2", 400, summary="Give the award date as YYYY-MM-DD.",
                        problems=[])
    evaluation, outcome = api.tender_award(ctx.site.root, date,
                                           supersede=ctx.field("supersede") == "yes",
                                           reason=ctx.field("reason") or None, by=ctx.person)
    winner = evaluation.winner.bidder if evaluation.winner else "no one"
    told = " ".join(outcome.messages) or f"Awarded to {winner}."
    return ctx.redirect("results", told)


def reports(ctx: Context) -> Response:
    """Write the evaluation report and each bidder's summary (``obc tender report``)."""
    api.tender_report(ctx.site.root, by=ctx.person)
    return ctx.redirect("files", "Reports written.")


def files(ctx: Context) -> Response:
    """Everything that may be downloaded."""
    return ctx.page("files.html.j2", files=api.tender_downloads(ctx.site.root),
                    flash=ctx.flash())


def download(ctx: Context) -> Response:
    """One file of the list, by its listed name only (never a path built from the request)."""
    wanted = ctx.param("path")
    listed = api.tender_downloads(ctx.site.root)
    if wanted not in listed:
        return ctx.page("refused.html.j2", 404, status=404, message="There is no such file.")
    path = ctx.site.root / listed[listed.index(wanted)]
    return FileResponse(path, filename=path.name, content_disposition_type="attachment")


def history(ctx: Context) -> Response:
    """The audit trail as a timeline (with who did what) and what verification finds."""
    return ctx.page("history.html.j2", history=api.tender_history(ctx.site.root),
                    verification=api.tender_verify(ctx.site.root))


CHAIR = Rule({"chair": scores_visible})
READ = Rule({"chair": scores_visible, "observer": scores_visible})
RECORD = Rule({"chair": tender_only, "observer": scores_visible})
"""The chair may read the record at any time; the observer once scores may be seen (the
record says who submitted when, which only the chair sees before then)."""

PAGES = [
    Page("/tender/moderation", moderation, "moderation", READ),
    Page("/tender/moderation", agree, "agree", CHAIR, ("POST",)),
    Page("/tender/evaluate", evaluate, "evaluate", CHAIR, ("POST",)),
    Page("/tender/results", results, "results", READ),
    Page("/tender/award", award, "award", CHAIR, ("POST",)),
    Page("/tender/withdraw", withdraw, "withdraw", CHAIR, ("POST",)),
    Page("/tender/reports", reports, "reports", CHAIR, ("POST",)),
    Page("/tender/files", files, "files", READ),
    Page("/tender/files/{path:path}", download, "download", READ),
    Page("/tender/history", history, "history", RECORD),
]
