"""The app: every page's route with its rule, the templates, sessions and headers.

`create_app` builds a Starlette app over a `Site`. Routes come only from the pages'
`Page` lists, each with its rule (`obcrules.web.access`); ``app.state.rules`` maps
every route name to its rule (the static files are public), and the tests try every
route as every role from it. Responses carry a strict Content-Security-Policy (no
inline script or style), ``nosniff``, ``no-referrer`` (a sign-in link never leaks
in a Referer) and ``no-store``. A request body over `MAX_BODY` is refused with 413
before the app reads it (`BodyLimit`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from obcrules import __version__, api
from obcrules.figures import count_text, number_text
from obcrules.web import account, dashboard, decision, panel, playground
from obcrules.web.access import PUBLIC, Page, Rule, check_rules, guard
from obcrules.web.site import Site

HERE = Path(__file__).resolve().parent
COOKIE = "obc_session"
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; "
          "object-src 'none'")
STATIC = "static"
MAX_BODY = 4 * 1024 * 1024
"""The largest request body taken: twice the playground's 512 K characters of ruleset
text sent as JSON at four bytes a character (forms are smaller: Starlette holds each of
their fields to 256 KB)."""


def pages() -> list[Page]:
    """Every page of the app, in routing order."""
    return [*account.PAGES, *panel.PAGES, *decision.PAGES, *playground.PAGES,
            *dashboard.PAGES]


def environment() -> jinja2.Environment:
    """Autoescaping, strict Jinja over the app's templates, then the reports' (whose
    macros the pages share)."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(HERE / "templates")),
                                  jinja2.FileSystemLoader(str(api.report_templates()))])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    env.filters["number"] = number_text
    env.filters["counted"] = count_text
    return env


def create_app(site: Site) -> Starlette:
    """The web app over ``site``."""
    env = environment()

    def render(template: str, **values: Any) -> str:
        ctx = values["ctx"]
        return env.get_template(template).render(site=site, person=ctx.person,
                                                 csrf=ctx.csrf(), request=ctx.request,
                                                 **values)

    every = pages()
    rules: dict[str, Rule] = {**check_rules(every), STATIC: PUBLIC}
    routes: list[Route | Mount] = [
        Route(p.path, guard(p, site, render), name=p.name, methods=list(p.methods))
        for p in every]
    routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name=STATIC))
    key = api.panel_session_key(site.root)
    app = Starlette(routes=routes, middleware=[
        Middleware(SecurityHeaders),
        Middleware(BodyLimit, limit=MAX_BODY),
        Middleware(SessionMiddleware, secret_key=key.hex(), session_cookie=COOKIE,
                   max_age=int(site.session_hours * 3600), same_site="strict",
                   https_only=site.secure_cookies),
    ], exception_handlers={404: _not_found, 405: _not_allowed})
    app.state.rules = rules
    app.state.site = site
    app.state.sign_in_limits = account.SignInLimits(site.sign_ins_per_minute)
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    return HTMLResponse("<!DOCTYPE html><title>Not found</title><p>There is no such page.",
                        status_code=404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return HTMLResponse("<!DOCTYPE html><title>Not allowed</title><p>This page does not "
                        "take that request.", status_code=405)


class SecurityHeaders:
    """Adds the security headers to every response (a page may set its own policy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (
                        (b"content-security-policy", POLICY.encode()),
                        (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"no-referrer"),
                        (b"x-frame-options", b"SAMEORIGIN"),
                        (b"cache-control", b"no-store")):
                    if name not in present:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


class _TooLarge(Exception):
    """The body went over the limit while it was being read."""


class BodyLimit:
    """Refuses, with 413, a request whose body is over ``limit`` bytes: at once when its
    Content-Length says so (or is not a number), else as soon as the bytes read pass it,
    so a body sent in chunks without a length is never held whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def receiving() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receiving, sending)
        except _TooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        megabytes = self.limit // (1024 * 1024)
        body = (f"<!DOCTYPE html><title>Too large</title><p>The request is larger than the "
                f"{megabytes} MB this site takes.").encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
