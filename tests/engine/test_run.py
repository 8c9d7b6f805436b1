"""`monitor` (`obcrules.engine.run`): a share of an example ruleset's sample data, recounted
independently with pyarrow."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from obcrules.api import default_registry, load_ruleset
from obcrules.plugins.declarations import SampleDataDecl
from obcrules.plugins.sample_files import write_sample_data

RULESETS = sorted((Path(__file__).parents[2] / "rulesets").glob("*.obc"))


def _sample(ruleset: Path, directory: Path, rows: int = 2000) -> None:
    checked = load_ruleset(ruleset)
    assert checked.ruleset is not None and checked.ruleset.header is not None
    services = {s.name for s in checked.ruleset.header.services}
    registry = default_registry()
    directory.mkdir()
    for _, decl in registry.declared("register_sample_data", SampleDataDecl):
        if decl.service in services:  # with the commissioner's sample referrals
            write_sample_data(registry, decl.service, rows, directory, "parquet", 3)


def test_a_share_recounted_with_pyarrow(tmp_path: Path) -> None:
    from obcrules.engine import monitor

    ruleset = next(p for p in RULESETS if p.stem == "continence")
    _sample(ruleset, tmp_path / "data")
    result = monitor(load_ruleset(ruleset), tmp_path / "data")
    people = pq.read_table(tmp_path / "data" / "people.parquet")
    residents = people.filter(pc.fill_null(pc.and_kleene(
        pc.equal(people["setting"], "care_home"), pc.greater_equal(people["age"], 65)), False))
    untreated = pc.fill_null(pc.and_kleene(residents["continence_problem"],
                                           pc.invert(residents["continence_treated"])), False)
    checked = 0
    for entry in result.document["results"]:
        if entry["name"] != "untreated_continence" or entry["denominator"] is None:
            continue
        mine = pc.and_(pc.equal(residents["provider"], entry["provider"]),
                       pc.equal(residents["period"], entry["period"]))
        assert entry["denominator"] == (pc.sum(mine).as_py() or 0)
        assert entry["numerator"] == pc.sum(pc.and_(mine, untreated)).as_py()
        checked += 1
    assert checked >= 30
