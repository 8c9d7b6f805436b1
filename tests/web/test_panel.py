"""A whole tender through the web app over HTTP (`obcrules.web.panel` and `decision`), with
the command line taking turns on the same folder, and 50 evaluators saving at once."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from click.testing import CliRunner

from obcrules import api
from obcrules.cli import main
from obcrules.tender.demo import AWARD_DATE
from obcrules.web import create_app, discover
from tests.web.conftest import Panel, declare, make_workspace, sheet_form, sign_in

SCORES = {"alice": ("4", "3"), "bob": ("4", "2"), "carol": ("2", "3")}
"""Each evaluator's score for the first and the other items: the first item spreads 2."""


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_tender_in_the_browser_and_the_command_line_agree(panel: Panel) -> None:
    root = str(panel.root)
    browsers = {who: panel.browser(who) for who in ("alice", "bob", "carol", "chair")}
    for who in ("alice", "bob", "carol", "chair"):
        declare(browsers[who])
    # the command line sees each draft as nothing returned, then each submitted sheet
    for number, evaluator in enumerate(("alice", "bob", "carol")):
        first, other = SCORES[evaluator]
        form = sheet_form(browsers[evaluator], lambda i, f=first, o=other: f if i == 0 else o,
                          lambda i, e=evaluator: f"{e}: evidence for item {i}", "submit")
        response = browsers[evaluator].post("/tender/sheet", form)
        assert response.status_code == 200, response.text  # type: ignore[attr-defined]
        checked = CliRunner().invoke(main, ["tender", "check", root])
        assert f"scores/{evaluator}.csv" in checked.output
        assert checked.output.count("not returned yet") == 2 - number
    # moderation: the item over the threshold, agreed by the chair in the browser
    chair = browsers["chair"]
    page = chair.get("/tender/moderation").text  # type: ignore[attr-defined]
    assert "1 item still needs an agreed score" in page
    assert "alice: evidence for item 0" in page and "carol: evidence for item 0" in page
    todo, _ = api.tender_moderate(panel.root)
    assert len(todo) == 1
    item = todo[0]
    agreed = chair.post("/tender/moderation", {"bidder": item.bidder,
                                                "criterion": item.criterion, "score": "3",
                                                "note": "agreed at the panel meeting"})
    assert "0 items still need" in agreed.text  # type: ignore[attr-defined]
    assert _cli("tender", "moderate", root).startswith("no item needs moderation")
    # evaluate in the browser; the command line finds the same evaluation unchanged
    results = chair.post("/tender/evaluate")
    assert results.status_code == 200, results.text  # type: ignore[attr-defined]
    published = (panel.root / "out" / "evaluation.json").read_bytes()
    document = json.loads(published)
    assert f'id="winner">{document["winner"]}<' in results.text  # type: ignore[attr-defined]
    _cli("tender", "evaluate", root)
    assert (panel.root / "out" / "evaluation.json").read_bytes() == published
    # award in the browser, reports from the command line, downloads in the browser
    awarded = chair.post("/tender/award", {"date": AWARD_DATE.isoformat()})
    assert f"Awarded to {document['winner']}" in awarded.text  # type: ignore[attr-defined]
    _cli("tender", "report", root, "--no-pdf")
    listed = chair.get("/tender/files").text  # type: ignore[attr-defined]
    for name in ("out/evaluation.json", "out/contract.yaml", "out/ocds.json",
                 "out/evaluation.html", "out/audit.jsonl"):
        assert name in listed
        download = chair.client.get(f"/tender/files/{name}")
        assert download.content == (panel.root / name).read_bytes()
    # a second award without a reason is refused, as on the command line
    again = chair.post("/tender/award", {"date": "2030-01-01"})
    assert again.status_code == 409 and "already awarded" in again.text  # type: ignore[attr-defined]
    # the record: who did what, and nothing unexplained
    history = chair.get("/tender/history").text  # type: ignore[attr-defined]
    assert "by Chris Chair (chair)" in history and "by alice (evaluator)" in history
    assert "Verified:" in history
    assert _cli("tender", "verify", root).splitlines()[-1].startswith("ok:")
    events = api.tender_history(panel.root).events
    award = next(e for e in events if e.command == "tender award")
    assert "by Chris Chair (chair)" in award.lines
    # a bidder withdraws after the award: refused unless the chair supersedes the award
    loser = next(b for b in document["bids"] if b["bidder"] != document["winner"])
    form = {"bidder": loser["file"], "reason": "Letter of 3 March"}
    refused = chair.post("/tender/withdraw", form)
    assert refused.status_code == 409 and "--supersede" in refused.text  # type: ignore[attr-defined]
    withdrawn = chair.post("/tender/withdraw", {**form, "supersede": "yes"})
    assert withdrawn.status_code == 200  # type: ignore[attr-defined]
    assert f"withdrew the bid of {loser['bidder']}" in withdrawn.text  # type: ignore[attr-defined]
    assert "Not evaluated yet" in withdrawn.text  # type: ignore[attr-defined]
    entry = next(e for e in api.tender_history(panel.root).events
                 if e.command == "tender withdraw")
    assert "by Chris Chair (chair)" in entry.lines
    results = chair.post("/tender/evaluate")
    assert "withdrawn by the bidder on" in results.text  # type: ignore[attr-defined]
    assert _cli("tender", "verify", root).splitlines()[-1].startswith("ok:")


def test_fifty_evaluators_save_at_once_and_nothing_is_lost_or_torn(tmp_path: Path) -> None:
    evaluators = tuple(f"e{n:02d}" for n in range(50))
    root = make_workspace(tmp_path / "ws", evaluators)
    tokens = {e: api.tender_invite(root, "evaluator", e).token for e in evaluators}
    app = create_app(discover(root))
    app.state.sign_in_limits.address.limit = 1000
    browsers = {}
    for e in evaluators:
        browsers[e] = sign_in(app, tokens[e])
        declare(browsers[e])
    forms = {e: sheet_form(browsers[e], lambda i: "3", lambda i, e=e: f"draft of {e}, item {i}")
             for e in evaluators}
    start = threading.Barrier(len(evaluators))
    codes: dict[str, int] = {}

    def save(evaluator: str) -> None:
        start.wait()
        codes[evaluator] = browsers[evaluator].post("/tender/sheet", forms[evaluator]
                                                    ).status_code  # type: ignore[attr-defined]

    threads = [threading.Thread(target=save, args=(e,)) for e in evaluators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == dict.fromkeys(evaluators, 200)
    for e in evaluators:
        draft = json.loads((root / "out" / "panel" / f"{e}.json").read_text())
        assert {i["justification"] for i in draft["items"]} == {
            f"draft of {e}, item {i}" for i in range(len(draft["items"]))}
    saves = [e for e in api.tender_history(root).events if e.command == "panel save"]
    assert len(saves) == 50
    assert api.tender_verify(root).ok


def test_a_monitoring_folder_is_served_for_the_dashboard_alone(
        demo_monitoring: Path, tmp_path: Path,
        panel_factory: Callable[..., Panel]) -> None:
    import shutil

    folder = tmp_path / "results"
    shutil.copytree(demo_monitoring, folder)
    token = api.tender_invite(folder, "monitoring", "Mo").token
    site = discover(folder)
    assert not site.tender and list(site.runs) == ["results"]
    browser = sign_in(create_app(site), token)
    assert browser.get("/tender").status_code == 403  # type: ignore[attr-defined]
    assert "providers × outcomes" in browser.get("/monitoring/results").text  # type: ignore[attr-defined]


def test_the_results_page_words_the_evaluation_as_the_published_report(panel: Panel) -> None:
    """The chair decides the award on the Results page: it gives prices as money, criteria
    and outcomes by their titles and the sensitivity in a sentence, as the evaluation
    report does, not evaluation.json's raw fields (``1150000.00``, ``ambition``,
    `` `untreated_continence` ``)."""
    browsers = {who: panel.browser(who) for who in ("alice", "bob", "carol", "chair")}
    for who, browser in browsers.items():
        declare(browser)
        if who != "chair":
            done = browser.post("/tender/sheet", sheet_form(
                browser, lambda i: "3", lambda i, w=who: f"{w}: evidence {i}", "submit"))
            assert done.status_code == 200, done.text  # type: ignore[attr-defined]
    page = browsers["chair"].post("/tender/evaluate").text  # type: ignore[attr-defined]
    document = json.loads((panel.root / "out" / "evaluation.json").read_text())
    winner = next(b for b in document["bids"] if b["bidder"] == document["winner"])
    assert winner["price"] == "1150000.00"
    assert "£1,150,000" in page and "1150000.00" not in page
    excluded = next(b for b in document["bids"] if b["status"] == "excluded")
    assert "`untreated_continence`" in excluded["reasons"][0]
    assert "Fewer residents live with an untreated continence problem: the offered target " \
           "“less than 11%”" in page
    assert "`" not in page
    for criterion in document["criteria"]:
        assert f"<td>{criterion['name']}</td>" not in page
    assert '<p id="sensitivity">The smallest shift' in page or \
        '<p id="sensitivity">No shift of weight' in page


def test_the_moderation_page_gives_scores_as_numbers_and_each_settle_rule_in_words(
        panel: Panel) -> None:
    """On a 0 to 100 criterion the chair read scores of 70 and a threshold of 40 as
    ``7E+1`` and ``4E+1``; and under ``settle = "median"`` the page settled 70, 80 and 90
    on the most common score, 70, while the evaluation settles them on the median, 80
    (and a page that knew the rule would have said the item "needs an agreed score")."""
    from dataclasses import replace

    from obcrules.tender.config import parse_config, render_config

    config_file = panel.root / "obc.toml"
    config = parse_config(config_file.read_text(encoding="utf-8"))
    config_file.write_text(render_config(replace(config, settle="median")), encoding="utf-8")
    browsers = {who: panel.browser(who) for who in ("alice", "bob", "carol", "chair")}
    items = api.panel_sheet(panel.root, "alice").items
    wide = {i for i, item in enumerate(items) if item.scale.endswith("100")}
    assert wide, [item.scale for item in items]
    for n, who in enumerate(("alice", "bob", "carol")):
        declare(browsers[who])
        done = browsers[who].post("/tender/sheet", sheet_form(
            browsers[who], lambda i, n=n: ("70", "80", "90")[n] if i in wide else "3",
            lambda i, w=who: f"{w}: evidence {i}", "submit"))
        assert done.status_code == 200, done.text  # type: ignore[attr-defined]
    page = browsers["chair"].get("/tender/moderation").text  # type: ignore[attr-defined]
    assert "E+" not in page
    assert "<td>70</td>" in page and "<td>90</td>" in page
    assert "Spread 20 (threshold 40); settled by the median score, 80" in page
    assert "0 items still need an agreed score" in page
    assert "needs an agreed score</strong>" not in page
    assert "× Social value" in page and "× social_value" not in page
    # the evaluation settles each item on the score the page gave
    assert browsers["chair"].post("/tender/evaluate").status_code == 200  # type: ignore[attr-defined]
    document = json.loads((panel.root / "out" / "evaluation.json").read_text())
    settled = [m for m in document["moderation"] if m["criterion"] == "social_value"]
    assert settled and {m["agreed"] for m in settled} == {"80"}
    assert {m["method"] for m in settled} == {"median"}


def test_a_bid_page_and_a_refused_evaluation_speak_the_panels_language(panel: Panel) -> None:
    """A bid's page gave the gates' reasons in backticks and its outcomes by raw name, and
    an evaluation waiting for agreed scores told the chair to run `obc tender moderate`;
    both now read as the evaluation report and the web app do, with no server path."""
    browsers = {who: panel.browser(who) for who in ("alice", "bob", "carol", "chair")}
    for who, browser in browsers.items():
        declare(browser)
        if who != "chair":
            first, other = SCORES[who]
            done = browser.post("/tender/sheet", sheet_form(
                browser, lambda i, f=first, o=other: f if i == 0 else o,
                lambda i, w=who: f"{w}: evidence {i}", "submit"))
            assert done.status_code == 200, done.text  # type: ignore[attr-defined]
    refused = browsers["chair"].post("/tender/evaluate")
    assert refused.status_code == 409  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert ("1 item needs an agreed score before the evaluation can complete. Agree it on "
            "the Moderation page, then evaluate again.") in text
    assert 'href="/tender/moderation">Go to the Moderation page</a>' in text
    assert "obc tender moderate" not in text and "`" not in text
    assert str(panel.root) not in text and "(s)" not in text
    found = api.panel_bids(panel.root)
    bidder, (reason, *_) = next(iter(found.excluded.items()))
    bid = next(b for b in found.valid if b.bidder == bidder)
    assert reason.startswith("Fewer residents live with an untreated continence problem: "
                             "the offered target “less than 11%”")
    page = browsers["chair"].get(f"/tender/{quote(bid.file)}").text  # type: ignore[attr-defined]
    assert reason in page
    assert "`" not in page
    assert "<td>Fewer residents live with an untreated continence problem</td>" in page
    assert "<td>untreated_continence</td>" not in page
    # the price as the evaluation report gives it: in the ruleset's currency, thousands
    # grouped, pennies only when there are any (it was "1,150,000.00", with no sign)
    price = f"{bid.price:,.2f}".removesuffix(".00")
    assert f'<th scope="row">Price</th><td>£{price}</td>' in page
