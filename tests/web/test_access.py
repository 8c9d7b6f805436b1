"""Who may reach what (`obcrules.web.access`), tried over HTTP on every route of the app.

The matrix below is written here, independently of the app's rules: every route the
router has must be in it (a route added without a rule, or without a line here,
fails), and every route is tried with every method as every role. Then: no score
is seen by anyone before every evaluator has submitted, an evaluator never reads
another's sheet, CSRF is refused, sessions end on revocation, sign-in is limited,
bid text is rendered inert, and no file route leaves its list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from obcrules import api
from obcrules.web import access
from tests.web.conftest import Browser, Panel, declare, sheet_form

PANEL = {"evaluator", "chair", "observer"}
VIEWERS = {"monitoring", "chair", "observer", "policy"}
EVERY = {"evaluator", "chair", "observer", "monitoring", "policy"}
PUBLIC = EVERY | {"anonymous"}

MATRIX: dict[str, set[str]] = {
    "home": EVERY, "signin_form": PUBLIC, "signin": PUBLIC, "signout": EVERY,
    "signed_out": PUBLIC, "static": PUBLIC,
    "tender": PANEL, "declaration": PANEL, "declare": PANEL, "criteria": PANEL,
    "bids": PANEL, "bid": PANEL, "attachment": PANEL,
    "my_sheet": {"evaluator"}, "save_sheet": {"evaluator"}, "sheet_of": PANEL,
    "moderation": {"chair", "observer"}, "agree": {"chair"}, "evaluate": {"chair"},
    "results": {"chair", "observer"}, "award": {"chair"}, "reports": {"chair"},
    "withdraw": {"chair"},
    "files": {"chair", "observer"}, "download": {"chair", "observer"},
    "history": {"chair", "observer"},
    "playground": {"policy", "chair"}, "playground_check": {"policy", "chair"},
    "playground_preview": {"policy", "chair"}, "playground_save": {"policy", "chair"},
    "runs": VIEWERS, "grid": VIEWERS, "provider": VIEWERS, "invalid": {"monitoring"},
}
"""Route name → the roles that may use it once every sheet is in (``anonymous``: no session)."""

BEFORE_SUBMISSION = {"moderation", "agree", "evaluate", "results", "award", "reports",
                     "withdraw", "files", "download"}
"""Routes no one may use while a sheet is still out: they show or act on scores."""

ROLES = ("anonymous", "evaluator", "chair", "observer", "monitoring", "policy")


def _params(run: str, provider: str) -> dict[str, str]:
    return {"token": "p00000000.nothing", "bid": "p1.yaml", "name": "method.txt",
            "evaluator": "alice", "path": "out/audit.jsonl", "run": run, "provider": provider}


def _url(route: Route | Mount, params: dict[str, str]) -> str:
    if isinstance(route, Mount):
        return "/static/app.css"
    needed = set(route.param_convertors)
    return route.url_path_for(route.name, **{k: params[k] for k in needed})


def _all_submitted(panel: Panel) -> dict[str, Browser]:
    """Everyone signed in and declared; every evaluator's sheet submitted."""
    (panel.root / "bids" / "p1").mkdir()
    (panel.root / "bids" / "p1" / "method.txt").write_text("method statement\n")
    browsers = {who: panel.browser(who) for who in panel.tokens}
    for who in ("alice", "bob", "carol", "chair", "observer"):
        declare(browsers[who])
    for e in ("alice", "bob", "carol"):
        done = browsers[e].post("/tender/sheet", sheet_form(
            browsers[e], lambda i: "3", lambda i, e=e: f"reason {e} {i}", "submit"))
        assert done.status_code == 200, done.text  # type: ignore[attr-defined]
    return browsers


def test_every_route_has_a_rule_and_a_line_in_the_matrix(panel: Panel) -> None:
    names = {r.name for r in panel.app.routes if isinstance(r, Route | Mount)}
    assert names == set(panel.app.state.rules) == set(MATRIX)
    for name, rule in panel.app.state.rules.items():
        assert rule.roles() == MATRIX[name] or (rule.public and MATRIX[name] == PUBLIC), name


def test_a_route_without_a_rule_cannot_be_made() -> None:
    with pytest.raises(TypeError):
        access.Page("/x", lambda ctx: None, "x")  # type: ignore[call-arg,arg-type,return-value]
    with pytest.raises(ValueError, match="allows no role"):
        access.check_rules([access.Page("/x", lambda ctx: None, "x", access.Rule())])  # type: ignore[arg-type,return-value]


def test_every_route_as_every_role(panel_factory: Callable[..., Panel],
                                   demo_monitoring: Path) -> None:
    panel = panel_factory(monitoring=(demo_monitoring,))
    browsers = _all_submitted(panel)
    browsers["evaluator"] = browsers["alice"]
    run = next(iter(panel.app.state.site.runs))
    document = (demo_monitoring / "monitoring.json").read_text()
    provider = re.search(r'"providers": \[\s*"([^"]+)"', document).group(1)  # type: ignore[union-attr]
    params = _params(run, provider)
    anonymous = TestClient(panel.app)
    failures = []
    routes = [r for r in panel.app.routes if isinstance(r, Route | Mount)]
    # sign-out last: it ends the session the other requests use
    routes.sort(key=lambda r: r.name == "signout")
    for route in routes:
        methods = sorted((route.methods or {"GET"}) - {"HEAD"}) if isinstance(route, Route) \
            else ["GET"]
        for method in methods:
            for role in ROLES:
                client = anonymous if role == "anonymous" else browsers[role].client
                csrf = "" if role == "anonymous" else browsers[role].csrf
                url = _url(route, params)
                response = client.request(method, url, data={"csrf": csrf} if method == "POST"
                                          else None, follow_redirects=False)
                allowed = role in MATRIX[route.name]
                denied = response.headers.get(access.REFUSED) in ("session", "role",
                                                                  "condition")
                if allowed == denied:
                    failures.append(f"{method} {url} as {role}: {response.status_code}")
                if denied and response.status_code not in (401, 403):
                    failures.append(f"{method} {url} as {role}: refused with "
                                    f"{response.status_code}")
                if not allowed and role == "anonymous" and response.status_code != 401:
                    failures.append(f"{method} {url} anonymous: {response.status_code}, not 401")
    assert failures == []


def test_no_score_is_seen_by_anyone_before_every_sheet_is_in(
        panel_factory: Callable[..., Panel], demo_monitoring: Path) -> None:
    panel = panel_factory(monitoring=(demo_monitoring,))
    browsers = {who: panel.browser(who) for who in panel.tokens}
    for who in ("alice", "bob", "carol", "chair", "observer"):
        declare(browsers[who])
    alice, bob = browsers["alice"], browsers["bob"]
    saved = alice.post("/tender/sheet", sheet_form(alice, lambda i: "4",
                                                   lambda i: f"SECRET-ALICE-{i}"))
    assert saved.status_code == 200  # type: ignore[attr-defined]
    submitted = bob.post("/tender/sheet", sheet_form(bob, lambda i: "2",
                                                     lambda i: f"SECRET-BOB-{i}", "submit"))
    assert submitted.status_code == 200  # type: ignore[attr-defined]
    run = next(iter(panel.app.state.site.runs))
    params = _params(run, "P1")
    secrets = {"alice": "SECRET-ALICE", "bob": "SECRET-BOB"}
    leaks = []
    for route in panel.app.routes:
        if not isinstance(route, Route) or "GET" not in (route.methods or set()):
            continue
        for evaluator in ("alice", "bob", "carol"):
            url = _url(route, {**params, "evaluator": evaluator})
            for who, browser in browsers.items():
                text = browser.client.get(url).text
                for owner, secret in secrets.items():
                    if owner != who and secret in text:
                        leaks.append(f"{url} as {who} shows {owner}'s sheet")
    assert leaks == []
    # the chair sees who has submitted, and nothing of what
    status = browsers["chair"].get("/tender").text  # type: ignore[attr-defined]
    assert re.search(r"<td>bob</td><td>submitted</td>", status)
    assert re.search(r"<td>alice</td><td>not yet</td>", status)
    chair = browsers["chair"]
    for method, url in (("GET", "/tender/moderation"), ("POST", "/tender/moderation"),
                        ("POST", "/tender/evaluate"), ("GET", "/tender/results"),
                        ("POST", "/tender/award"), ("POST", "/tender/reports"),
                        ("GET", "/tender/files"), ("GET", "/tender/files/out/audit.jsonl")):
        response = chair.get(url) if method == "GET" else chair.post(url)
        assert response.status_code == 403, url  # type: ignore[attr-defined]
    # an evaluator's own sheet, and never another's, even after every sheet is in
    assert "SECRET-ALICE-0" in alice.get("/tender/sheets/alice").text  # type: ignore[attr-defined]
    assert alice.get("/tender/sheets/bob").status_code == 403  # type: ignore[attr-defined]


def test_a_submitted_sheet_is_read_only(panel: Panel) -> None:
    alice = panel.browser("alice")
    declare(alice)
    form = sheet_form(alice, lambda i: "3", lambda i: "fine", "submit")
    assert alice.post("/tender/sheet", form).status_code == 200  # type: ignore[attr-defined]
    page = alice.get("/tender/sheet").text  # type: ignore[attr-defined]
    assert 'id="submitted"' in page and 'name="score-0"' not in page
    again = alice.post("/tender/sheet", {**form, "score-0": "5"})
    assert again.status_code == 409  # type: ignore[attr-defined]
    assert (panel.root / "scores" / "alice.csv").read_text().count(",3,") == 4


def test_bids_are_shown_only_after_a_declaration_and_never_to_a_conflicted_evaluator(
        panel: Panel) -> None:
    alice, bob = panel.browser("alice"), panel.browser("bob")
    assert alice.get("/tender/bids").status_code == 403  # type: ignore[attr-defined]
    assert alice.get("/tender/sheet").status_code == 403  # type: ignore[attr-defined]
    declare(alice)
    assert alice.get("/tender/bids").status_code == 200  # type: ignore[attr-defined]
    refused = bob.post("/tender/declaration", {"conflict": "yes", "details": ""})
    assert refused.status_code == 409  # type: ignore[attr-defined]
    bob.post("/tender/declaration", {"conflict": "yes", "details": "I advise Acme Care"})
    assert bob.get("/tender/bids/p1.yaml").status_code == 403  # type: ignore[attr-defined]
    chair = panel.browser("chair")
    assert "I advise Acme Care" in chair.get("/tender").text  # type: ignore[attr-defined]
    history = api.tender_history(panel.root)
    assert any(e.command == "panel declare" and "by bob (evaluator)" in e.lines
               for e in history.events)


def test_a_state_changing_request_without_the_csrf_token_is_refused(panel: Panel) -> None:
    alice = panel.browser("alice")
    for data in ({}, {"csrf": "forged"}, {"csrf": ""}):
        response = alice.client.post("/tender/declaration", data={"conflict": "no", **data})
        assert response.status_code == 403
        assert "expired" in response.text
    assert api.panel_person(panel.root, _id(panel, "alice")).declaration is None  # type: ignore[union-attr]
    # another session's token does not do either
    bob = panel.browser("bob")
    assert alice.client.post("/tender/declaration",
                             data={"conflict": "no", "csrf": bob.csrf}).status_code == 403
    # the header works as the field does
    ok = alice.client.post("/tender/declaration", data={"conflict": "no"},
                           headers={"X-CSRF-Token": alice.csrf})
    assert ok.status_code == 200


def test_no_page_without_a_session_and_sessions_end_on_revocation(panel: Panel) -> None:
    anonymous = TestClient(panel.app)
    assert anonymous.get("/").status_code == 401
    assert anonymous.get("/tender/bids").status_code == 401
    forged = TestClient(panel.app, cookies={"obc_session": "eyJwZXJzb24iOiJwMSJ9.x.y"})
    assert forged.get("/").status_code == 401
    alice = panel.browser("alice")
    assert alice.get("/").status_code == 200  # type: ignore[attr-defined]
    api.tender_revoke(panel.root, "alice")
    assert alice.get("/").status_code == 401  # type: ignore[attr-defined]
    # a new link for her: the old session does not come back
    again = api.tender_invite(panel.root, "evaluator", "alice")
    assert alice.get("/").status_code == 401  # type: ignore[attr-defined]
    cookie = alice.client.cookies.get("obc_session")
    assert cookie is not None
    from tests.web.conftest import sign_in

    assert sign_in(panel.app, again.token).get("/").status_code == 200  # type: ignore[attr-defined]


def test_a_copy_of_the_cookie_stops_working_when_its_session_ends(panel: Panel) -> None:
    """Signing out, a new link and a revocation end the session on the server: a copy of
    its cookie (on another machine, in a proxy's log) no longer signs anyone in, and a
    person revoked and invited again does not get the old session back."""
    from tests.web.conftest import sign_in

    def copy(browser: Browser) -> TestClient:
        cookie = browser.client.cookies.get("obc_session")
        assert cookie is not None
        return TestClient(panel.app, cookies={"obc_session": cookie})

    chair = panel.browser("chair")
    kept = copy(chair)
    assert kept.get("/").status_code == 200
    assert chair.post("/signout").status_code == 200  # type: ignore[attr-defined]
    assert kept.get("/").status_code == 401
    chair_person = api.panel_person(panel.root, _id(panel, "Chris Chair"))
    assert chair_person is not None and chair_person.state == "signed out"
    assert any(e.command == "panel sign-out" and "by Chris Chair (chair)" in e.lines
               for e in api.tender_history(panel.root).events)

    alice = panel.browser("alice")
    kept = copy(alice)
    again = api.tender_invite(panel.root, "evaluator", "alice")
    assert alice.get("/").status_code == 401  # type: ignore[attr-defined]
    assert kept.get("/").status_code == 401
    fresh = sign_in(panel.app, again.token)
    assert fresh.get("/").status_code == 200  # type: ignore[attr-defined]

    kept = copy(fresh)
    api.tender_revoke(panel.root, "alice")
    api.tender_invite(panel.root, "evaluator", "alice")
    assert kept.get("/").status_code == 401


def test_the_session_cookie_is_httponly_strict_and_expires(panel: Panel) -> None:
    client = TestClient(panel.app)
    page = client.get(f"/signin/{panel.tokens['chair']}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/signin", data={"token": panel.tokens["chair"], "csrf": csrf},
                           follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=" in cookie
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["referrer-policy"] == "no-referrer"


def test_a_link_signs_in_once_and_attempts_are_limited(panel: Panel) -> None:
    from tests.web.conftest import sign_in

    sign_in(panel.app, panel.tokens["chair"])
    with pytest.raises(AssertionError):
        sign_in(panel.app, panel.tokens["chair"])
    client = TestClient(panel.app)
    page = client.get("/signin/x")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    person = _id(panel, "Olu Observer")
    codes = [client.post("/signin", data={"token": f"{person}.wrong{i}", "csrf": csrf}
                         ).status_code for i in range(7)]
    assert codes[:5] == [403] * 5 and codes[5:] == [429, 429]
    # the right token is now refused too, for a while: the limit is per person
    assert client.post("/signin", data={"token": panel.tokens["observer"], "csrf": csrf}
                       ).status_code == 429


def test_bid_text_with_markup_is_rendered_inert(panel: Panel) -> None:
    bid = (panel.root / "bids" / "p1.yaml").read_text()
    bid = bid.replace("bidder: Acme Care Ltd",
                      "bidder: \"<script>alert('bidder')</script> Acme\"")
    bid += "track_record: \"<img src=x onerror=alert(1)> ten years\"\n"
    (panel.root / "bids" / "p1.yaml").write_text(bid)
    (panel.root / "bids" / "p1").mkdir()
    (panel.root / "bids" / "p1" / "<i>x.html").write_text("<script>alert(2)</script>")
    alice = panel.browser("alice")
    declare(alice)
    for url in ("/tender/bids", "/tender/bids/p1.yaml"):
        text = alice.get(url).text  # type: ignore[attr-defined]
        assert "<script>alert" not in text and "<img src=x" not in text and "<i>x" not in text
        assert "&lt;script&gt;alert(" in text
    attachment = alice.client.get("/tender/bids/p1.yaml/attachments/%3Ci%3Ex.html")
    assert attachment.status_code == 200
    assert attachment.headers["content-disposition"].startswith("attachment")
    assert attachment.headers["content-type"] == "application/octet-stream"


TRAVERSALS = ("../obc.toml", "..%2Fobc.toml", "%2e%2e%2fobc.toml", "....//obc.toml",
              "/etc/passwd", "%2Fetc%2Fpasswd", "../../../../../../etc/passwd",
              "..%5C..%5Cobc.toml", "out/people.json", "out/panel/alice.json",
              "out/.session-key", "p1.yaml/../../obc.toml", "%00", "..", ".")
SECRETS = ("evaluators =", "root:x:", "scrypt$", "SECRET-DRAFT", "ruleset =")


def test_no_file_route_leaves_its_list(panel_factory: Callable[..., Panel],
                                       demo_monitoring: Path) -> None:
    panel = panel_factory(monitoring=(demo_monitoring,))
    browsers = _all_submitted(panel)
    (panel.root / "out" / "panel" / "alice.json").write_text("SECRET-DRAFT")
    targets = [
        "/tender/bids/{x}", "/tender/bids/p1.yaml/attachments/{x}",
        "/tender/bids/{x}/attachments/method.txt", "/tender/files/{x}",
        "/tender/files/out/{x}", "/tender/sheets/{x}", "/static/{x}",
        "/playground?file={x}", "/monitoring/{x}", "/monitoring/{x}/invalid",
        "/monitoring/RUN/providers/{x}",
    ]
    run = next(iter(panel.app.state.site.runs))
    leaks = []
    for who in ("chair", "alice", "monitoring"):
        client = browsers[who].client
        for target in targets:
            for value in TRAVERSALS:
                url = target.replace("{x}", value).replace("RUN", run)
                response = client.get(url)
                if response.status_code == 200 and any(s in response.text for s in SECRETS):
                    leaks.append(f"{url} as {who}")
                if response.status_code == 200 and "attachment" in response.headers.get(
                        "content-disposition", "") and "method" not in url:
                    leaks.append(f"{url} as {who} downloaded {response.headers}")
    assert leaks == []


def _id(panel: Panel, name: str) -> str:
    return next(p.id for p in api.tender_people(panel.root) if p.name == name)


def test_a_body_over_the_limit_is_refused_before_it_is_read(panel: Panel) -> None:
    """413 with a sentence, whether the length is declared or the body comes in chunks
    without one; a body within the limit goes on to the page's own checks."""
    from obcrules.web.app import MAX_BODY

    client = TestClient(panel.app)
    declared = client.post("/signin", content=b"x" * (MAX_BODY + 1),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert declared.status_code == 413
    assert "larger than the 4 MB this site takes" in declared.text

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"token=" + b"x" * (1024 * 1024)

    streamed = client.post("/signin", content=chunks(),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413
    not_a_length = client.post("/signin", content=b"token=x",
                               headers={"content-length": "nine"})
    assert not_a_length.status_code == 413
    within = client.post("/signin", data={"token": "x" * 1000})
    assert within.status_code not in (413, 500)
