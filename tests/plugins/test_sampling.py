"""Seeded Arrow sampling (`obcrules.plugins.sampling`): sizes add up, ids are unique, silent
periods stay silent."""

from __future__ import annotations

import pyarrow.compute as pc

from obcrules.plugins.sampling import (
    QUARTERS,
    ProviderProfile,
    Sampler,
    group_sizes,
    people_frame,
)

PROVIDERS = (
    ProviderProfile("Alpha", "A", 2.0, 0.9),
    ProviderProfile("Beta", "B", 1.0, 0.2, silent=("2025-Q2", "2026-Q4")),
)


def test_group_sizes_share_rows_by_size_and_add_up() -> None:
    sizes = group_sizes(1000, PROVIDERS, QUARTERS)
    assert sum(n for _, _, n in sizes) == 1000
    assert len(sizes) == 8 + 6
    alpha = sum(n for i, _, n in sizes if i == 0)
    assert alpha == 728  # 16 of 22 size units, plus the remainder spread from the start


def test_people_frame_is_reproducible_with_unique_ids() -> None:
    a = people_frame(500, Sampler(7), PROVIDERS, ages=(18, 65))
    b = people_frame(500, Sampler(7), PROVIDERS, ages=(18, 65))
    c = people_frame(500, Sampler(8), PROVIDERS, ages=(18, 65))
    assert all(a.columns[k].equals(b.columns[k]) for k in a.columns)
    assert not a.columns["age"].equals(c.columns["age"])
    ids = a.columns["person_id"]
    assert len(pc.unique(ids)) == 500
    assert ids[0].as_py() == "A-2025-Q1-000001"
    beta_periods = set(
        pc.filter(a.columns["period"], pc.equal(a.columns["provider"], "Beta")).to_pylist()
    )
    assert beta_periods == set(QUARTERS) - {"2025-Q2", "2026-Q4"}
    ages = pc.min_max(a.columns["age"])
    assert ages["min"].as_py() >= 18 and ages["max"].as_py() <= 65


def test_sampler_draws() -> None:
    s = Sampler(3)
    values = s.choice(2000, (("x", 3.0), ("y", 1.0)))
    share_x = pc.sum(pc.equal(values, "x")).as_py() / 2000
    assert 0.7 < share_x < 0.8
    near = s.around(2000, 10, 2, 0, 20)
    mean = pc.mean(near).as_py()
    assert 9.7 < mean < 10.3
    assert s.blank(near, 1.0).null_count == 2000
