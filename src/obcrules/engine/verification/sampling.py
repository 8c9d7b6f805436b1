"""Drawing an audit sample that anyone can draw again by hand.

For a verification method (``verify case_file_audit sample 10% every quarter``) and a
period, the claims paid on the outcomes the method samples are split into strata, one
per provider and outcome. In each stratum of ``n`` claims the sample takes

    k = min(n, max(minimum, ceil(share × n)))

claims: the share of the outcome's ``verify … sample`` line, rounded up, but at least
``minimum`` (5 unless told otherwise), and never more than there are. The claims taken
are the ``k`` with the smallest SHA-256 digest (as lower-case hexadecimal) of the text

    SEED|PERIOD|METHOD|PROVIDER|LINE|PERSON

in UTF-8, where SEED is the SHA-256 of the contract file (of the ruleset file when the
run has no contract), PERIOD the period sampled as written (``2026-Q1``), METHOD the
method's name, PROVIDER the provider's code, LINE the rate-card line's number (from 1)
and PERSON the person_id, all as the data write them. The same inputs always give the
same people, no one can steer the draw without changing the contract, and a person's
place in it can be checked with any SHA-256 tool (``docs/verification.md``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from obcrules.engine.verification.claims import Claim

MINIMUM = 5
"""The fewest claims drawn from a stratum that has that many."""


@dataclass(frozen=True)
class Drawn:
    """One claim drawn, with its digest and its place in the stratum (1: smallest)."""

    claim: Claim
    digest: str
    rank: int


@dataclass
class Stratum:
    """The claims of one provider on one outcome in the period, and those drawn."""

    provider: str
    outcome: str
    share: Decimal
    claims: int
    size: int
    drawn: list[Drawn] = field(default_factory=list)


def digest_text(seed: str, period: str, method: str, claim: Claim) -> str:
    """``SEED|PERIOD|METHOD|PROVIDER|LINE|PERSON``: the text whose digest ranks a claim."""
    return f"{seed}|{period}|{method}|{claim.provider}|{claim.line}|{claim.person}"


def digest(seed: str, period: str, method: str, claim: Claim) -> str:
    """The SHA-256 of `digest_text`, as lower-case hexadecimal."""
    return hashlib.sha256(digest_text(seed, period, method, claim).encode("utf-8")).hexdigest()


def sample_size(share: Decimal, claims: int, minimum: int = MINIMUM) -> int:
    """``min(n, max(minimum, ceil(share × n)))``."""
    wanted = int((share * claims).to_integral_value(rounding=ROUND_CEILING))
    return min(claims, max(minimum, wanted))


def draw(claims: Iterable[Claim], shares: Mapping[str, Decimal], *, seed: str, period: str,
         method: str, minimum: int = MINIMUM) -> list[Stratum]:
    """The sample of ``claims`` on the outcomes in ``shares`` (outcome → share sampled),
    stratified by provider and outcome, strata in order of provider then outcome."""
    grouped: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        if claim.outcome in shares:
            grouped.setdefault((claim.provider, claim.outcome), []).append(claim)
    strata = []
    for (provider, outcome), members in sorted(grouped.items()):
        share = shares[outcome]
        ranked = sorted((digest(seed, period, method, c), c) for c in members)
        size = sample_size(share, len(members), minimum)
        strata.append(Stratum(provider, outcome, share, len(members), size,
                              [Drawn(c, d, i) for i, (d, c) in enumerate(ranked[:size], 1)]))
    return strata
