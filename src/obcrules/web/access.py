"""Who may reach each route: sessions, role rules (deny by default) and CSRF.

Every route of the app is a `Page`: a path, a handler and an explicit `Rule` saying
which roles may use it and on what condition (``allow``), or that it is public.
There is no other way to add a route, and the app refuses to start with a route
that has no rule (`check_rules`), so a route someone forgets to protect cannot
exist. Before a handler runs, `guard`:

1. finds the signed-in person: the session cookie (signed, HttpOnly,
   SameSite=Strict, expiring) names a person who must still be on the panel and
   signed in with the same link (revoking or re-inviting someone, or their signing
   out, ends their session, copies of its cookie included); no person → 401;
2. checks the person's role is allowed, then the rule's condition for that role
   (scores are hidden until every evaluator has submitted; an evaluator sees only
   their own sheet; bids only after a declaration of interests) → 403;
3. for every state-changing request (any method but GET and HEAD), checks the
   CSRF token the session issued against the form's ``csrf`` field or the
   ``X-CSRF-Token`` header → 403.

Handlers are plain functions of a `Context`, run in a worker thread (the api
they call reads and writes files, and may wait for the workspace lock).
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from obcrules import api
from obcrules.api import PanelStatus, Person
from obcrules.web.site import Site

log = logging.getLogger("obcrules.web")

ANONYMOUS = "anonymous"
ROLES = ("evaluator", "chair", "observer", "monitoring", "policy")
SAFE_METHODS = ("GET", "HEAD")
REFUSED = "X-Obc-Refused"
"""The header on a refusal by the guard: ``session``, ``role``, ``condition`` or ``csrf``
(a handler's own answers, a wrong sign-in token say, never carry it)."""

Condition = Callable[["Context"], str | None]
"""Given the request, why it is refused (a sentence), or None to let it through."""


@dataclass(frozen=True)
class Rule:
    """Who may use a route: each allowed role with its condition (None: always)."""

    allow: Mapping[str, Condition | None] = field(default_factory=dict)
    public: bool = False

    def roles(self) -> frozenset[str]:
        """The roles allowed (every role and the anonymous for a public route)."""
        return frozenset((*ROLES, ANONYMOUS)) if self.public else frozenset(self.allow)


PUBLIC = Rule(public=True)

Handler = Callable[["Context"], Response]


@dataclass(frozen=True)
class Page:
    """A route: path, handler, name, methods and its rule (there is no default rule)."""

    path: str
    handler: Handler
    name: str
    rule: Rule
    methods: tuple[str, ...] = ("GET",)


@dataclass
class Context:
    """One request as a handler sees it: the site, the person, the form, the templates."""

    request: Request
    site: Site
    person: Person | None
    form: FormData | None = None
    json: Any = None
    render_page: Callable[..., str] | None = None

    @property
    def role(self) -> str:
        """The person's role, or ``anonymous``."""
        return self.person.role if self.person is not None else ANONYMOUS

    @cached_property
    def status(self) -> PanelStatus:
        """The panel's state, read once per request."""
        return api.panel_status(self.site.root)

    def param(self, name: str) -> str:
        """A path parameter."""
        return str(self.request.path_params[name])

    def field(self, name: str, default: str = "") -> str:
        """A form field as text."""
        value = self.form.get(name) if self.form is not None else None
        return value if isinstance(value, str) else default

    def page(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        """A rendered page."""
        assert self.render_page is not None
        return HTMLResponse(self.render_page(template, ctx=self, **values),
                            status_code=status_code)

    def redirect(self, name: str, message: str = "", **params: str) -> RedirectResponse:
        """See-other to a named route, with a message to show there once."""
        if message:
            self.request.session["flash"] = message
        return RedirectResponse(self.request.url_for(name, **params), status_code=303)

    def flash(self) -> str:
        """The message left by the last redirect (shown once)."""
        return str(self.request.session.pop("flash", ""))

    def csrf(self) -> str:
        """This session's CSRF token (issued on first use)."""
        return csrf_token(self.request)


# ---------------------------------------------------------------- conditions


def scores_visible(ctx: Context) -> str | None:
    """Scores are hidden from everyone until every evaluator has submitted."""
    if not ctx.site.tender:
        return "this folder is not a tender workspace"
    if ctx.status.all_submitted:
        return None
    return ("scores stay hidden until every evaluator has submitted their sheet "
            f"({len(ctx.status.submitted)} of {len(ctx.status.evaluators)} so far)")


def declared(ctx: Context) -> str | None:
    """The bids are shown only after a declaration of no conflict of interest."""
    if not ctx.site.tender:
        return "this folder is not a tender workspace"
    person = ctx.person
    assert person is not None
    if person.declaration is None:
        return "declare your interests first (Declaration, in the menu)"
    if person.declaration.conflict:
        return ("you declared a conflict of interest, so the bids are not shown to you; "
                "the chair has been told")
    return None


def own_sheet(ctx: Context) -> str | None:
    """An evaluator sees their own sheet, and no one else's, ever."""
    refused = declared(ctx)
    if refused:
        return refused
    person = ctx.person
    assert person is not None
    if ctx.request.path_params.get("evaluator", person.evaluator) != person.evaluator:
        return "an evaluator sees only their own sheet"
    return None


def tender_only(ctx: Context) -> str | None:
    """The route needs a tender workspace."""
    return None if ctx.site.tender else "this folder is not a tender workspace"


def monitoring_only(ctx: Context) -> str | None:
    """The route needs monitoring results."""
    return None if ctx.site.runs else "this folder holds no monitoring results"


# ---------------------------------------------------------------- sessions and CSRF


def csrf_token(request: Request) -> str:
    """The session's CSRF token, issued on first use (also before sign-in)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def start_session(request: Request, person: Person, hours: float) -> None:
    """A fresh session for ``person`` (the old one's contents dropped: no fixation)."""
    request.session.clear()
    request.session.update({"person": person.id, "since": person.signed_in,
                            "expires": time.time() + hours * 3600,
                            "csrf": secrets.token_urlsafe(32)})


def session_person(request: Request, site: Site) -> Person | None:
    """The person the session names, if it is current: not expired, not revoked, and
    from their latest sign-in."""
    person_id = request.session.get("person")
    if not isinstance(person_id, str):
        return None
    expires = request.session.get("expires")
    if not isinstance(expires, int | float) or expires < time.time():
        request.session.clear()
        return None
    person = api.panel_person(site.root, person_id)
    since = request.session.get("since")
    if person is None or not person.active or since is None or person.signed_in != since:
        request.session.clear()
        return None
    return person


class RateLimit:
    """At most ``limit`` events per key in a sliding ``window`` of seconds (in memory)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.events: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record one event for ``key``; False when it is over the limit."""
        now = time.monotonic()
        with self.lock:
            events = self.events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True


# ---------------------------------------------------------------- the guard


def guard(page: Page, site: Site, render: Callable[..., str]
          ) -> Callable[[Request], Any]:
    """The endpoint of ``page``: sign-in, role, condition and CSRF checks, then the handler."""
    rule = page.rule

    async def endpoint(request: Request) -> Response:
        person = await run_in_threadpool(session_person, request, site)
        ctx = Context(request, site, person, render_page=render)
        if not rule.public:
            if person is None:
                return _refuse(ctx, 401, "Sign in with the link you were sent.", "session")
            if person.role not in rule.allow:
                log.info("refused %s %s to %s (%s)", request.method, page.name, person.id,
                         person.role)
                return _refuse(ctx, 403, "Your role does not give you this page.", "role")
            condition = rule.allow[person.role]
            reason = await run_in_threadpool(condition, ctx) if condition else None
            if reason is not None:
                return _refuse(ctx, 403, reason, "condition")
        if request.method not in SAFE_METHODS:
            if "application/json" in request.headers.get("content-type", ""):
                try:
                    ctx.json = await request.json()
                except ValueError:
                    return _refuse(ctx, 400, "The request is not JSON.", "json")
            else:
                ctx.form = await request.form(max_files=0, max_fields=2000,
                                              max_part_size=256 * 1024)
            sent = request.headers.get("x-csrf-token") or ctx.field("csrf")
            expected = request.session.get("csrf")
            if not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
                return _refuse(ctx, 403, "The form has expired or did not come from this "
                               "site: reload the page and try again.", "csrf")
        return await run_in_threadpool(_run, page, ctx)

    endpoint.__name__ = page.name
    return endpoint


def _run(page: Page, ctx: Context) -> Response:
    try:
        return page.handler(ctx)
    except api.TenderError as exc:
        return ctx.page("problem.html.j2", 409, summary=exc.summary,
                        problems=[str(p) for p in exc.problems])
    except api.UsageError as exc:
        return ctx.page("problem.html.j2", 400, summary=str(exc), problems=[])


def _refuse(ctx: Context, status: int, message: str, why: str) -> Response:
    response: Response
    if ctx.json is not None or "application/json" in ctx.request.headers.get("accept", ""):
        response = JSONResponse({"error": message}, status_code=status)
    else:
        response = ctx.page("refused.html.j2", status, message=message, status=status)
    response.headers[REFUSED] = why
    return response


def check_rules(pages: list[Page]) -> dict[str, Rule]:
    """The rule of every page by route name; `ValueError` for a name used twice or a
    rule that allows no one (a route nobody may use is a mistake)."""
    rules: dict[str, Rule] = {}
    for page in pages:
        if page.name in rules:
            raise ValueError(f"two routes are called {page.name}")
        if not page.rule.public and not page.rule.allow:
            raise ValueError(f"route {page.name} allows no role")
        unknown = set(page.rule.allow) - set(ROLES)
        if unknown:
            raise ValueError(f"route {page.name} names unknown roles {sorted(unknown)}")
        rules[page.name] = page.rule
    return rules
