"""The ruleset playground: a policy lead types a ruleset and sees what the checker says.

The page is a form: without a script, "Check" posts the text and the page comes back
with the diagnostics, the outline and the logic model. With the script
(``static/app.js``), the text is checked as it is typed (debounced) through
``/playground/check``, which answers JSON. The framework report preview is posted to
a sandboxed frame. Nothing is written until "Save", which lays the text out as
``obc fmt`` does and refuses a name that is not a plain ``NAME.obc`` of the served
folder, or the tender's own ruleset (an input of its evaluation).
"""

from __future__ import annotations

import base64
import posixpath
from typing import Any

from markupsafe import escape
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from obcrules import api
from obcrules.diagnostics import Diagnostic
from obcrules.web.access import Context, Page, Rule
from obcrules.web.site import RULESET_NAME

MAX_TEXT = 512 * 1024
STARTER = '''ruleset example "An example ruleset":
    version "0.1"
    service adult_social_care
    period quarter
'''

PREVIEW_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                  "font-src data:; sandbox")
"""The preview is the report's own HTML (inline styles): shown in a frame that may run
nothing and fetch nothing."""


def playground(ctx: Context) -> Response:
    """The editor, opened on a ruleset of the folder (``?file=NAME.obc``) or a starter."""
    name = ctx.request.query_params.get("file", "")
    text = STARTER
    if name:
        if name not in ctx.site.rulesets():
            return ctx.page("refused.html.j2", 404, status=404, message="There is no such "
                            "ruleset in this folder.")
        text = (ctx.site.root / name).read_text(encoding="utf-8")
    return _page(ctx, name or "new.obc", text, ctx.flash())


def check(ctx: Context) -> Response:
    """The checker's findings for the posted text: JSON for the script, a page for a form."""
    if ctx.json is not None:
        text = str(ctx.json.get("text", "")) if isinstance(ctx.json, dict) else ""
        name = str(ctx.json.get("name", "new.obc")) if isinstance(ctx.json, dict) else ""
        return JSONResponse(insight(text[:MAX_TEXT], _name(name)))
    return _page(ctx, _name(ctx.field("name")), ctx.field("text")[:MAX_TEXT], "")


def preview(ctx: Context) -> Response:
    """The framework report of the posted text, for the sandboxed preview frame."""
    try:
        html = api.preview_framework(ctx.field("text")[:MAX_TEXT], _name(ctx.field("name")))
    except (api.UsageError, api.ReportError) as exc:
        html = f"<!DOCTYPE html><p>No preview: {escape(str(exc))}</p>"
    response = HTMLResponse(html)
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


def save(ctx: Context) -> Response:
    """Save the text under a plain name of the folder, laid out by the formatter."""
    name = ctx.field("name").strip()
    text = ctx.field("text")[:MAX_TEXT]
    if not RULESET_NAME.match(name):
        return _page(ctx, "new.obc", text, "Give a file name such as my-ruleset.obc "
                     "(letters, digits, - and _).", 400)
    if _is_tender_ruleset(ctx, name):
        return _page(ctx, name, text, f"{name} is the tender's ruleset, an input of its "
                     "evaluation: save under another name.", 409)
    formatted = api.save_ruleset(ctx.site.root / name, text)
    if formatted.failed:
        return _page(ctx, name, text, "Not saved: fix the syntax errors first (the saved "
                     "file is laid out by obc fmt, which needs a ruleset it can read).", 400)
    ctx.request.session["flash"] = f"Saved {name}, laid out by obc fmt."
    url = ctx.request.url_for("playground").include_query_params(file=name)
    return RedirectResponse(url, status_code=303)


def insight(text: str, name: str) -> dict[str, Any]:
    """What the page shows, as JSON: diagnostics, outline, the logic model as a data URI."""
    found = api.ruleset_insight(text, name)
    svg = found.logic_model
    return {
        "ok": found.checked.ok,
        "diagnostics": [_diagnostic(d) for d in found.diagnostics],
        "outline": [{"kind": e.kind, "name": e.name, "title": e.title, "line": e.line,
                     "depth": e.depth} for e in found.outline],
        "logic_model": ("data:image/svg+xml;base64,"
                        + base64.b64encode(svg.encode("utf-8")).decode("ascii"))
        if svg else None,
    }


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {"code": d.code, "severity": d.severity, "line": d.line, "column": d.column,
            "message": d.message, "suggestion": d.suggestion or ""}


def _page(ctx: Context, name: str, text: str, flash: str, status_code: int = 200
          ) -> Response:
    return ctx.page("playground.html.j2", status_code, name=name, text=text,
                    insight=insight(text, name), files=ctx.site.rulesets(), flash=flash)


def _is_tender_ruleset(ctx: Context, name: str) -> bool:
    """Is ``name`` the tender's ruleset, however obc.toml spells it (``./ruleset.obc``)
    and whatever the file system takes for the same file (``Ruleset.obc`` where case is
    ignored, a hard link)?"""
    if not ctx.site.tender:
        return False
    spelt = ctx.status.ruleset.replace("\\", "/")
    if posixpath.normpath(spelt) == name:
        return True
    target, ruleset = ctx.site.root / name, ctx.site.root / spelt
    try:
        return target.exists() and ruleset.exists() and target.samefile(ruleset)
    except OSError:
        return True  # cannot tell: do not risk the evaluation's input


def _name(name: str) -> str:
    return name if RULESET_NAME.match(name) else "new.obc"


AUTHORS = Rule({"policy": None, "chair": None})

PAGES = [
    Page("/playground", playground, "playground", AUTHORS),
    Page("/playground/check", check, "playground_check", AUTHORS, ("POST",)),
    Page("/playground/preview", preview, "playground_preview", AUTHORS, ("POST",)),
    Page("/playground/save", save, "playground_save", AUTHORS, ("POST",)),
]
