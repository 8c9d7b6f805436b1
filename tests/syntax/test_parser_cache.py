"""The analysed parser and the parse plan kept between runs equal a fresh build, and the cache
never breaks a run."""

from __future__ import annotations

import stat
from collections import deque
from pathlib import Path
from typing import Any

import lark
import pytest
from lark import Lark

from obcrules.syntax import parser_cache
from obcrules.syntax.direct import parse_to_model
from obcrules.syntax.indenter import ObcIndenter
from obcrules.syntax.parser import PARSER_OPTIONS, build_parser, grammar_text
from obcrules.syntax.parser_cache import cache_key, cached_parser, cached_plan, plan_key
from obcrules.syntax.plan import PLAN_FORMAT, ParsePlan, build_plan, dump_plan, load_plan
from obcrules.syntax.transformer import ToModel

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted([*ROOT.glob("rulesets/*.obc"), *ROOT.glob("tests/fixtures/**/*.obc")])
KEY = cache_key(grammar_text(), PARSER_OPTIONS, ObcIndenter.always_accept)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "obcrules"


def counting_build() -> tuple[list[Lark], Any]:
    built: list[Lark] = []

    def build() -> Lark:
        built.append(build_parser())
        return built[-1]

    return built, build


def terminals(parser: Lark) -> list[tuple[str, str, int]]:
    return sorted((t.name, repr(t.pattern), t.priority) for t in parser.terminals)


def rules(parser: Lark) -> list[str]:
    return sorted(f"{r.origin.name} -> {[s.name for s in r.expansion]} alias={r.alias} "
                  f"expand1={r.options.expand1} keep={r.options.keep_all_tokens}"
                  for r in parser.rules)


def tables(parser: Lark) -> list[dict[str, tuple[str, str | int]]]:
    """The LALR table with its states numbered in a canonical order (builds number them
    differently): breadth first from the start states, symbols in name order."""
    table = parser.parser.parser.parser.parse_table
    number: dict[Any, int] = {}
    queue = deque(table.start_states[name] for name in sorted(table.start_states))
    while queue:
        state = queue.popleft()
        if state not in number:
            number[state] = len(number)
            queue.extend(arg for _, (action, arg) in sorted(table.states[state].items())
                         if action.name == "Shift")
    assert len(number) == len(table.states)
    by_number = sorted(number, key=number.__getitem__)
    return [{symbol: (action.name, number[arg] if action.name == "Shift" else str(arg))
             for symbol, (action, arg) in table.states[state].items()} for state in by_number]


def test_the_second_run_loads_what_the_first_built(cache: Path) -> None:
    built, build = counting_build()
    first = cached_parser(KEY, build)
    second = cached_parser(KEY, build)
    assert len(built) == 1 and second is not first
    assert [p.name for p in cache.iterdir()] == [f"parser-{KEY[:40]}.pickle"]
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_the_loaded_parser_equals_a_fresh_build(cache: Path) -> None:
    fresh = build_parser()
    cached_parser(KEY, build_parser)
    loaded = cached_parser(KEY, lambda: pytest.fail("the cache was not used"))
    assert terminals(loaded) == terminals(fresh)
    assert rules(loaded) == rules(fresh)
    assert tables(loaded) == tables(fresh)
    assert isinstance(loaded.options.postlex, ObcIndenter)
    assert EXAMPLES
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        assert loaded.parse(text, start="start") == fresh.parse(text, start="start"), path


def test_an_unwritable_cache_folder_falls_back_to_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made under a file")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    built, build = counting_build()
    cached_parser(KEY, build)
    cached_parser(KEY, build)
    assert len(built) == 2


def test_a_damaged_file_is_rebuilt_and_replaced(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    path = cache / f"parser-{KEY[:40]}.pickle"
    path.write_bytes(b"not a pickle")
    path.chmod(0o600)
    built, build = counting_build()
    cached_parser(KEY, build)
    cached_parser(KEY, build)
    assert len(built) == 1
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left


def test_a_file_others_can_write_is_never_unpickled(cache: Path) -> None:
    built, build = counting_build()
    cached_parser(KEY, build)
    path = cache / f"parser-{KEY[:40]}.pickle"
    path.chmod(0o666)
    cached_parser(KEY, build)
    assert len(built) == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # replaced by a file of its own


def test_the_key_follows_the_grammar_the_postlexer_and_lark(monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    grammar = grammar_text()
    accept = ObcIndenter.always_accept
    assert cache_key(grammar + "\n", PARSER_OPTIONS, accept) != KEY
    assert cache_key(grammar, {**PARSER_OPTIONS, "propagate_positions": False}, accept) != KEY
    assert cache_key(grammar, PARSER_OPTIONS, (*accept, "STRING")) != KEY
    monkeypatch.setattr(lark, "__version__", "0.0.1")
    assert cache_key(grammar, PARSER_OPTIONS, accept) != KEY


def test_without_a_home_folder_the_parser_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(
        RuntimeError("no home"))))
    assert parser_cache.cache_dir() is None
    built, build = counting_build()
    cached_parser(KEY, build)
    assert len(built) == 1


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG spec says: ignore it
    folder = parser_cache.cache_dir()
    assert folder is not None and folder.is_absolute()


# ---------------------------------------------------------------------------
# The parse plan: the fast path's tables, kept as marshal data and loaded without lark.

PLAN_KEY = plan_key(grammar_text(), PARSER_OPTIONS, ObcIndenter.always_accept)


def counting_plan_build() -> tuple[list[ParsePlan], Any]:
    built: list[ParsePlan] = []

    def build() -> ParsePlan:
        built.append(build_plan(build_parser()))
        return built[-1]

    return built, build


def test_the_loaded_plan_equals_a_fresh_one_and_parses_every_example_alike(cache: Path) -> None:
    fresh = build_plan(build_parser())
    cached_plan(PLAN_KEY, lambda: fresh)
    loaded = cached_plan(PLAN_KEY, lambda: pytest.fail("the cache was not used"))
    assert loaded is not fresh and loaded == fresh
    assert [p.name for p in cache.iterdir()] == [f"plan-{PLAN_KEY[:40]}.marshal"]
    assert EXAMPLES
    for path in EXAMPLES:
        text = "\n".join(line.rstrip(" ") for line in path.read_text(encoding="utf-8").split("\n"))
        assert parse_to_model(loaded, text, ToModel(path.name)) == parse_to_model(
            fresh, text, ToModel(path.name)), path


def test_a_damaged_or_foreign_plan_is_rebuilt(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    path = cache / f"plan-{PLAN_KEY[:40]}.marshal"
    built, build = counting_plan_build()
    for damaged in (b"not marshal data", b"", dump_plan(build_plan(build_parser()))[:-9]):
        path.write_bytes(damaged)
        path.chmod(0o600)
        cached_plan(PLAN_KEY, build)
    assert len(built) == 3
    cached_plan(PLAN_KEY, build)
    assert len(built) == 3  # the last rebuild replaced the damaged file
    path.chmod(0o666)
    cached_plan(PLAN_KEY, build)
    assert len(built) == 4  # a file others can write is never loaded
    assert sorted(p.name for p in cache.iterdir()) == [path.name]  # no temporary file left


def test_a_plan_of_another_format_is_refused() -> None:
    import marshal

    data = marshal.loads(dump_plan(build_plan(build_parser())))
    with pytest.raises(ValueError, match="format"):
        load_plan(marshal.dumps((PLAN_FORMAT + 1, *data[1:])))


def test_the_plan_key_follows_the_grammar_and_lark_without_importing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    grammar, accept = grammar_text(), ObcIndenter.always_accept
    assert plan_key(grammar + "\n", PARSER_OPTIONS, accept) != PLAN_KEY
    assert plan_key(grammar, {**PARSER_OPTIONS, "start": ["start"]}, accept) != PLAN_KEY
    assert plan_key(grammar, PARSER_OPTIONS, (*accept, "STRING")) != PLAN_KEY
    assert plan_key(grammar, PARSER_OPTIONS, accept) != cache_key(grammar, PARSER_OPTIONS, accept)
    other = tmp_path / "__init__.py"
    other.write_text('__version__: str = "9.9.9"\n', encoding="utf-8")
    real = parser_cache.importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        spec = real(name, *args)
        if name == "lark" and spec is not None:
            spec.origin = str(other)
        return spec

    monkeypatch.setattr(parser_cache.importlib.util, "find_spec", find_spec)
    assert plan_key(grammar, PARSER_OPTIONS, accept) != PLAN_KEY


def test_a_plan_that_cannot_be_made_leaves_parsing_to_lark_s_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from obcrules.syntax import parser
    from obcrules.syntax.plan import PlanError

    text = EXAMPLES[0].read_text(encoding="utf-8")
    expected = parser.parse_source(text, "a.obc")

    def refused() -> ParsePlan:
        raise PlanError("lark shapes ?_rules its own way")

    monkeypatch.setattr(parser, "plan", refused)
    result = parser.parse_source(text, "a.obc")
    assert result.ruleset is not None and result.ruleset == expected.ruleset
    assert result.diagnostics == expected.diagnostics
