"""The web app's fixtures: a sample tender workspace with its panel invited, and clients
signed in as each role (Starlette's TestClient: HTTP, no browser)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from obcrules import api
from obcrules.tender.config import parse_config, render_config
from obcrules.tender.demo import EVALUATORS, build_sample_tender
from obcrules.web import create_app, discover

ROOT = Path(__file__).parents[2]
RULESET = ROOT / "rulesets" / "continence.obc"
PROVIDERS = ("P1", "P2", "P3")
ROLE_NAMES = {"chair": "Chris Chair", "observer": "Olu Observer",
              "monitoring": "Mo Manager", "policy": "Pat Policy"}
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def make_workspace(root: Path, evaluators: tuple[str, ...] = EVALUATORS) -> Path:
    """The demo's sample tender (three bids, one excluded by a gate) with no sheet
    returned yet and no moderation.csv: the panel is to score it."""
    build_sample_tender(root, RULESET, "lot1", PROVIDERS, write_config=True)
    shutil.rmtree(root / "scores")
    (root / "scores").mkdir()
    (root / "moderation.csv").unlink()
    if evaluators != EVALUATORS:
        config = parse_config((root / "obc.toml").read_text(encoding="utf-8"))
        (root / "obc.toml").write_text(render_config(replace(config, evaluators=evaluators)),
                                       encoding="utf-8")
    return root


@dataclass
class Browser:
    """A signed-in client and its CSRF token."""

    client: TestClient
    csrf: str
    role: str

    def get(self, url: str) -> object:
        return self.client.get(url)

    def post(self, url: str, data: dict[str, str] | None = None) -> object:
        return self.client.post(url, data={"csrf": self.csrf, **(data or {})})


def sign_in(app: Starlette, token: str, role: str = "") -> Browser:
    """Follow a sign-in link and press the button, as a person would."""
    client = TestClient(app, follow_redirects=True)
    page = client.get(f"/signin/{token}")
    pre = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert pre is not None, page.text
    done = client.post("/signin", data={"token": token, "csrf": pre.group(1)})
    assert done.status_code == 200, done.text
    home = client.get("/")
    found = CSRF.search(home.text)
    assert found is not None
    return Browser(client, found.group(1), role)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@dataclass
class Panel:
    """The served workspace, its app and everyone's invitation token."""

    root: Path
    app: Starlette
    tokens: dict[str, str]

    def browser(self, who: str) -> Browser:
        role = who if who in ROLE_NAMES else "evaluator"
        return sign_in(self.app, self.tokens[who], role)


@pytest.fixture
def panel_factory(tmp_path: Path) -> Callable[..., Panel]:
    def make(root: Path | None = None, monitoring: tuple[Path, ...] = ()) -> Panel:
        root = root or make_workspace(tmp_path / "ws")
        tokens = {e: api.tender_invite(root, "evaluator", e).token for e in EVALUATORS}
        tokens |= {role: api.tender_invite(root, role, name).token
                   for role, name in ROLE_NAMES.items()}
        return Panel(root, create_app(discover(root, monitoring)), tokens)

    return make


@pytest.fixture
def panel(panel_factory: Callable[..., Panel]) -> Panel:
    return panel_factory()


def declare(browser: Browser) -> None:
    response = browser.post("/tender/declaration", {"conflict": "no"})
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]


def sheet_form(browser: Browser, scores: Callable[[int], str], why: Callable[[int], str],
               action: str = "save") -> dict[str, str]:
    """The evaluator's sheet form filled in: item ``i`` gets ``scores(i)`` and ``why(i)``."""
    page = browser.get("/tender/sheet").text  # type: ignore[attr-defined]
    count = len(re.findall(r'name="score-\d+"', page))
    assert count, page
    data = {"action": action}
    for i in range(count):
        data[f"score-{i}"] = scores(i)
        data[f"why-{i}"] = why(i)
    if action == "submit":
        data["confirm"] = "yes"
    return data


@pytest.fixture
def demo_monitoring(demo_out: Path) -> Iterator[Path]:
    """The demo's monitoring of the awarded contract (monitoring.json and its report)."""
    yield demo_out / "monitoring" / "awarded-contract"
