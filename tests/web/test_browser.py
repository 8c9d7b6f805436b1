"""The web app in a real browser: Playwright driving Debian's Chromium (`/usr/bin/chromium`).

No browser is downloaded: `.ci/run` installs Debian's Chromium with apt and these
tests launch that executable. Without it they are skipped, with a message, except
under CI (``CI=true``), where they fail. Playwright's `launch` gives the browser a
fresh temporary user-data-dir; each person gets a context of their own, so three
evaluators score independently in three browser sessions with separate cookies.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from obcrules import api
from obcrules.cli import main
from obcrules.tender.demo import AWARD_DATE
from obcrules.web import create_app, discover
from tests.web.conftest import RULESET, make_workspace

CHROMIUM = Path(os.environ.get("OBC_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCORES = {"alice": ("4", "3"), "bob": ("4", "2"), "carol": ("2", "3")}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright (skipped without it, failed under CI)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.is_file():
        _missing(f"no Chromium at {CHROMIUM}: apt-get install chromium (as .ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=ARGS)
        yield chromium
        chromium.close()


def _missing(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {why}")
    pytest.skip(f"browser tests skipped: {why}")


@pytest.fixture
def serve() -> Iterator[Any]:
    """``serve(app)`` runs the app under uvicorn on a free port; returns its address."""
    import uvicorn

    servers: list[Any] = []

    def start(app: Starlette) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


def _sign_in(browser: Any, base: str, token: str) -> Any:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/signin/{token}")
    page.click("#signin")
    page.wait_for_url(f"{base}/")
    return page


def _declare(page: Any, base: str) -> None:
    page.goto(f"{base}/tender/declaration")
    page.check("input[name=conflict][value=no]")
    page.click("#declare")
    page.wait_for_url(f"{base}/tender/bids")


def test_a_panel_runs_a_tender_in_three_browsers_and_gets_the_command_lines_bytes(
        browser: Any, serve: Any, tmp_path: Path) -> None:
    started = time.monotonic()
    root = make_workspace(tmp_path / "ws")
    tokens = {e: api.tender_invite(root, "evaluator", e).token for e in SCORES}
    tokens["chair"] = api.tender_invite(root, "chair", "Chris Chair").token
    base = serve(create_app(discover(root)))
    pages = {who: _sign_in(browser, base, token) for who, token in tokens.items()}
    for who in ("alice", "bob", "carol", "chair"):
        _declare(pages[who], base)
    # each evaluator, in their own browser context, sees only their own sheet
    for evaluator, (first, other) in SCORES.items():
        page = pages[evaluator]
        page.goto(f"{base}/tender/bids")
        assert page.locator("#bids tbody tr").count() == 3
        page.goto(f"{base}/tender/sheet")
        count = page.locator("input[name^=score-]").count()
        for i in range(count):
            page.fill(f"#score-{i}", first if i == 0 else other)
            page.fill(f"#why-{i}", f"{evaluator} read the evidence for item {i}")
        page.click("#save")
        page.wait_for_selector("text=Draft saved.")
        page.check("#confirm")
        page.click("#submit")
        page.wait_for_selector("#submitted")
        response = page.goto(f"{base}/tender/sheets/{'bob' if evaluator != 'bob' else 'alice'}")
        assert response.status == 403
    # the chair moderates the item over the threshold, evaluates, awards, publishes
    chair = pages["chair"]
    chair.goto(f"{base}/tender/moderation")
    assert chair.locator("#pending").inner_text().startswith("1 item still needs")
    over = chair.locator("section.item.over").first
    over.locator("input[name=score]").fill("3")
    over.locator("input[name=note]").fill("agreed at the panel meeting")
    over.locator("button").click()
    chair.wait_for_selector("text=0 items still need an agreed score.")
    chair.click("#evaluate button")
    chair.wait_for_selector("#winner")
    winner = chair.locator("#winner").inner_text()
    chair.fill("#award input[name=date]", AWARD_DATE.isoformat())
    chair.click("#award button")
    chair.wait_for_selector(f"text=Awarded to {winner}.")
    chair.click("#reports button")
    chair.wait_for_selector("#files")
    downloaded = {}
    for name in [link.inner_text() for link in chair.locator("#files a").all()]:
        # a page of its own for each file: Chromium stops a page's many downloads
        tab = chair.context.new_page()
        tab.goto(f"{base}/tender/files")
        with tab.expect_download(timeout=10_000) as info:
            tab.click(f"#files a:text-is('{name}')")
        downloaded[name] = Path(info.value.path()).read_bytes()
        tab.close()
    # the same inputs through the command line give the same bytes
    again = tmp_path / "cli"
    again.mkdir()
    for name in ("obc.toml", "ruleset.obc", "moderation.csv"):
        shutil.copy(root / name, again / name)
    for folder in ("bids", "scores"):
        shutil.copytree(root / folder, again / folder)
    for args in (["evaluate"], ["award", "--date", AWARD_DATE.isoformat()], ["report"]):
        result = CliRunner().invoke(main, ["tender", args[0], str(again), *args[1:]])
        assert result.exit_code == 0, result.output
    compared = [n for n in downloaded if n != "out/audit.jsonl" and not n.endswith(".pdf")]
    assert {"out/evaluation.json", "out/contract.yaml", "out/ocds.json",
            "out/evaluation.html"} <= set(compared)
    for name in compared:
        assert downloaded[name] == (again / name).read_bytes(), name
    for name in (n for n in downloaded if n.endswith(".pdf")):
        assert _pdf_text(downloaded[name]) == _pdf_text((again / name).read_bytes()), name
    assert json.loads(downloaded["out/evaluation.json"])["winner"] == winner
    assert api.tender_verify(root).ok
    print(f"\nbrowser tender: {time.monotonic() - started:.1f} s")


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_playground_shows_a_diagnostic_on_a_typo_within_one_second(
        browser: Any, serve: Any, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    token = api.tender_invite(root, "policy", "Pat Policy").token
    base = serve(create_app(discover(root)))
    page = _sign_in(browser, base, token)
    page.goto(f"{base}/playground")
    page.fill("#source", RULESET.read_text())
    page.wait_for_selector("#verdict.ok")
    page.wait_for_selector("#logic-model")
    page.click("#source")
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    page.keyboard.type("x")  # `version "2026.1"x`: not a string any more
    started = time.monotonic()
    page.wait_for_selector("#diagnostics li.error", timeout=1000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert "2:" in page.locator("#diagnostics li.error").first.inner_text()
    print(f"\nplayground: diagnostic shown {elapsed * 1000:.0f} ms after the keystroke")


def test_the_dashboard_on_the_demos_data(browser: Any, serve: Any, tmp_path: Path,
                                         demo_monitoring: Path) -> None:
    folder = tmp_path / "results"
    shutil.copytree(demo_monitoring, folder)
    document = json.loads((folder / "monitoring.json").read_text())
    token = api.tender_invite(folder, "monitoring", "Mo Manager").token
    base = serve(create_app(discover(folder)))
    page = _sign_in(browser, base, token)
    page.goto(f"{base}/monitoring")
    page.wait_for_selector("#grid")
    assert page.locator("#grid tbody tr").count() == len(document["providers"])
    assert page.locator("#grid svg.sparkline").count() >= len(document["providers"])
    provider = document["providers"][0]
    page.click(f"#grid tbody th a:text-is('{provider}')")
    page.wait_for_selector("table.periods")
    assert document["periods"][-1] in page.content()
    page.click("text=its invalid records")
    page.wait_for_selector("#invalid")
