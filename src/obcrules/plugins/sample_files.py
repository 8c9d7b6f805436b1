"""Write a service's sample data to files, one per table, each written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from obcrules.io.atomic import atomic_path
from obcrules.model import GamingPattern
from obcrules.plugins.common_tables import REFERRALS
from obcrules.plugins.declarations import SampleDataDecl
from obcrules.plugins.gaming_samples import GamingSampleError, inject
from obcrules.plugins.manager import Registry
from obcrules.plugins.sampling import sample_referrals

SampleFormat = Literal["csv", "parquet"]


class SampleDataError(Exception):
    """The service has no sample data, or the request cannot be met; the message says why."""


def sample_data_for(registry: Registry, service: str) -> SampleDataDecl:
    """The sample-data generator of ``service``, or `SampleDataError` naming those there are."""
    found = {d.service: d for _, d in registry.declared("register_sample_data", SampleDataDecl)}
    if service in found:
        return found[service]
    known = ", ".join(sorted(found)) or "none"
    raise SampleDataError(f"no sample data for service {service!r} (installed: {known})")


def write_sample_data(
    registry: Registry,
    service: str,
    rows: int,
    out: Path,
    fmt: SampleFormat = "csv",
    seed: int = 1,
    gaming: GamingPattern | None = None,
) -> list[Path]:
    """Generate ``rows`` rows of ``service`` data and write ``<table>.<fmt>`` files in ``out``.

    With a ``people`` table, the commissioner's ``referrals`` for it are written too
    (`obcrules.plugins.sampling.sample_referrals`). Each file is written to a temporary
    file in ``out`` and renamed into place, so a reader never sees half a file. Returns
    the paths written, in table order. With ``gaming``, one provider games that way
    (`obcrules.plugins.gaming_samples.inject`).
    """
    if rows < 1:
        raise SampleDataError(f"--rows must be at least 1, not {rows}")
    decl = sample_data_for(registry, service)
    tables = decl.generate(rows, seed)
    if gaming is not None:
        try:
            tables = inject(tables, gaming, seed)
        except GamingSampleError as exc:
            raise SampleDataError(f"{service}: {exc}") from None
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in decl.tables:
        target = out / f"{name}.{fmt}"
        _write_atomically(tables[name], target, fmt)
        written.append(target)
    if "people" in tables:  # the commissioner's referrals, for `cohort referrals`
        target = out / f"{REFERRALS}.{fmt}"
        _write_atomically(sample_referrals(tables["people"], seed), target, fmt)
        written.append(target)
    return written


def _write_atomically(table: Any, target: Path, fmt: SampleFormat) -> None:
    with atomic_path(target) as temporary:
        if fmt == "csv":
            pa_csv.write_csv(table, str(temporary))
        else:
            pq.write_table(table, str(temporary))
