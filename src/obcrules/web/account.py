"""Signing in and out, and the home page each role starts from.

A sign-in link (``/signin/TOKEN``) shows a button; only pressing it (a POST, so a
mail scanner that follows links does not spend the token) signs in. Attempts are
limited per address and per person, and a refusal never says which part of the
token was wrong.
"""

from __future__ import annotations

from starlette.responses import Response

from obcrules import api
from obcrules.web.access import (
    PUBLIC,
    ROLES,
    Context,
    Page,
    RateLimit,
    Rule,
    csrf_token,
    log,
    start_session,
)

PER_PERSON = (5, 900.0)
"""Sign-in attempts naming one person: 5 per 15 minutes."""


class SignInLimits:
    """The sign-in rate limits of one app: per address and per person."""

    def __init__(self, per_minute: int) -> None:
        self.address = RateLimit(per_minute, 60.0)
        self.person = RateLimit(*PER_PERSON)


def home(ctx: Context) -> Response:
    """What the signed-in person can do, by role."""
    return ctx.page("home.html.j2", flash=ctx.flash())


def signin_form(ctx: Context) -> Response:
    """The page a sign-in link opens: one button, so that following the link spends nothing."""
    csrf_token(ctx.request)
    return ctx.page("signin.html.j2", token=ctx.param("token"))


def signin(ctx: Context) -> Response:
    """Spend the token and start a session."""
    token = ctx.field("token")
    address = ctx.request.client.host if ctx.request.client else "?"
    person_id = token.partition(".")[0][:16]
    limits: SignInLimits = ctx.request.app.state.sign_in_limits
    if not limits.address.allow(address) or not limits.person.allow(person_id):
        log.warning("sign-in rate-limited from %s", address)
        return ctx.page("refused.html.j2", 429, status=429, message="Too many sign-in "
                        "attempts: wait a few minutes, then use the link again.")
    try:
        person = api.panel_sign_in(ctx.site.root, token)
    except api.SignInRefused:
        log.warning("sign-in refused from %s", address)
        return ctx.page("refused.html.j2", 403, status=403, message="This link does not "
                        "sign anyone in: it was used already, replaced or revoked. Ask the "
                        "chair for a new one.")
    start_session(ctx.request, person, ctx.site.session_hours)
    log.info("signed in %s (%s)", person.id, person.role)
    return ctx.redirect("home", f"Signed in as {person.name} ({person.role}).")


def signout(ctx: Context) -> Response:
    """End the session, on the server too: a copy of its cookie no longer signs in."""
    assert ctx.person is not None
    since = ctx.request.session.get("since")
    if isinstance(since, str):
        api.panel_sign_out(ctx.site.root, ctx.person, since)
    log.info("signed out %s (%s)", ctx.person.id, ctx.person.role)
    ctx.request.session.clear()
    return ctx.redirect("signed_out")


def signed_out(ctx: Context) -> Response:
    """Said after signing out (public)."""
    return ctx.page("refused.html.j2", 200, status=200, message="You are signed out.")


EVERYONE = Rule(dict.fromkeys(ROLES))

PAGES = [
    Page("/", home, "home", EVERYONE),
    Page("/signin/{token}", signin_form, "signin_form", PUBLIC),
    Page("/signin", signin, "signin", PUBLIC, ("POST",)),
    Page("/signout", signout, "signout", EVERYONE, ("POST",)),
    Page("/signed-out", signed_out, "signed_out", PUBLIC),
]
