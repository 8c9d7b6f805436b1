"""``monitoring.json`` (schema ``obcrules.monitoring/1``): what ``obc monitor`` writes.

Each class is a `TypedDict`: the engine builds these documents as plain
dictionaries (so writing them costs nothing and gives the same bytes as ever),
mypy checks every key it writes, the reports and the plugins' report sections
read the same types, and `obcrules.results.schemas` generates the published
JSON Schema from them. Numbers that someone is paid on are exact decimal
strings (``"12150.00"``); measured values are JSON numbers rounded to six
decimals. See docs/monitoring.md for what each figure means.
"""

from __future__ import annotations

from typing import Literal, NotRequired

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

from obcrules.results.gaming import GamingAlert, GamingCheck
from obcrules.results.verification import ConfirmationMismatch, SampleResult

SCHEMA = "obcrules.monitoring/1"

Number = int | float
ItemKind = Literal["outcome", "output", "process", "input"]
MeasureKind = Literal["share", "count", "mean", "median", "total", "milestone"]
Status = Literal["met", "missed", "no data", "no target", "not yet due"]
TrajectoryStatus = Literal["first period", "no data", "no direction", "improving",
                           "not improving", "no worse", "worse"]
Direction = Literal["lower", "higher", "none"]

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@with_config(_STRICT)
class RulesetRef(TypedDict):
    """The ruleset the run was checked against."""

    name: str | None
    title: NotRequired[str | None]
    """The ruleset's title, as people know it (absent in documents written before it was
    recorded)."""
    version: str | None
    sha256: str
    """SHA-256 of the ruleset file's bytes."""
    file: str
    """The ruleset's file name."""


@with_config(_STRICT)
class ContractRef(TypedDict):
    """The awarded contract (``--contract``) whose targets and terms replaced the ruleset's."""

    path: str
    sha256: str
    provider: str
    """The winning bidder."""
    provider_id: str
    """The code the provider uses in the data's ``provider`` column."""
    lot: str


@with_config(_STRICT)
class InputFile(TypedDict):
    """A data file (or warehouse table) the run read."""

    path: str
    table: str
    sha256: str | None
    """The file's SHA-256; null for a warehouse table, which has no file bytes."""
    rows: int
    ignored_columns: list[str]
    """Columns present in the file that no declaration names."""


@with_config(_STRICT)
class GoalBounds(TypedDict):
    """The values that meet the target, so that a reader never parses its text.

    A missing bound is unbounded; a bound is on the measure's scale (a share as a
    fraction of one), rounded to six decimals.
    """

    low: Number | None
    low_closed: bool
    high: Number | None
    high_closed: bool
    direction: Direction
    """Which values are better: ``lower``, ``higher``, or ``none`` for a range."""


@with_config(_STRICT)
class TrajectoryResult(TypedDict):
    """The trajectory rule's verdict for one period."""

    rule: str
    """The rule as the ruleset states it (``improves every quarter by 1 point``)."""
    status: TrajectoryStatus
    previous_period: str | None
    previous: Number | None
    change: Number | None


@with_config(_STRICT)
class ItemResult(TypedDict):
    """One item (outcome, output, process, input) of one provider in one period."""

    provider: str
    period: str
    name: str
    kind: ItemKind
    title: str
    measure: MeasureKind | None
    value: Number | str | None
    """The measured value (a share as a fraction of one); a process's evidence date."""
    numerator: int | None
    denominator: int | None
    target: str | None
    """The target as the ruleset (or the contract) states it."""
    goal: GoalBounds | None
    """The target as bounds; None when there is no target or it cannot be judged."""
    status: Status
    trajectory: TrajectoryResult | None
    baseline: Number | None
    note: str | None
    """Why there is no value, where there is none."""


@with_config(_STRICT)
class EqualityGroup(TypedDict):
    """One group of an outcome broken down by one equality field; small groups are
    suppressed. For a share: the people who met the condition of those counted, and the
    share; for a mean: the sum of the values over the people with one, and the mean. The
    outcome's ``measure`` in ``results`` says which."""

    provider: str
    period: str
    name: str
    field: str
    group: str
    suppressed: bool
    numerator: Number | None
    denominator: int | None
    value: Number | None


@with_config(_STRICT)
class Helped(TypedDict):
    """People helped to an outcome, against the number the winning bid expected."""

    provider: str
    name: str
    helped: int
    expected: int | None
    share_of_expected: Number | None
    to_period: str | None


@with_config(_STRICT)
class GroupPeople(TypedDict):
    """The people of a line with price groups paid at one price."""

    group: str | None
    """The price group; null for the line's own price (people in none of its groups)."""
    rate: str
    people: int


@with_config(_STRICT)
class PeriodPayment(TypedDict):
    """People first paid for on a rate-card line in one period, and the amount.

    Above a deadweight, ``qualifying`` (n) people first met the line's condition, the
    line's population had ``population`` (N) members and ``people`` = max(0, n −
    ``deadweight``) were paid, ``deadweight`` being floor(``deadweight_share`` × N).
    """

    period: str
    people: int
    """People paid for."""
    amount: str
    """What the period pays, after the line's cap."""
    qualifying: NotRequired[int]
    """People who first met the line's condition in the period (n)."""
    population: NotRequired[int | None]
    """Members of the line's population in the period (N); null without deadweight."""
    deadweight_share: NotRequired[str | None]
    """D, as a fraction: the line's share, or its comparison group's rate in the period."""
    deadweight: NotRequired[int | None]
    """floor(D × N): the outcomes expected anyway, not paid for."""
    groups: NotRequired[list[GroupPeople]]
    """People paid per price group (empty for a line without groups)."""
    note: NotRequired[str | None]
    """Why nobody was paid, where that is not the formula's doing (no comparison rate)."""


@with_config(_STRICT)
class DeadweightTerms(TypedDict, total=False):
    """What a line pays above: a fixed ``share`` (a fraction) or a ``comparison`` group."""

    share: str
    comparison: str


@with_config(_STRICT)
class LinePayment(TypedDict):
    """What one rate-card line pays one provider over the contract so far."""

    provider: str
    line: str
    """The outcome the line pays on."""
    rate_line: int
    """The line's position in the rate card, from 1."""
    per: str
    rate: str
    cap: str | None
    capped: bool
    people: int
    amount: str
    by_period: list[PeriodPayment]
    deadweight: NotRequired[DeadweightTerms | None]
    qualifying: NotRequired[int]
    """People who first met the line's condition (before any deadweight)."""
    groups: NotRequired[list[GroupPeople]]


@with_config(_STRICT)
class AdjustmentResult(TypedDict):
    """A bonus or penalty of the payment terms, and whether it applies."""

    kind: Literal["bonus", "penalty"]
    outcome: str
    period: str | None
    applies: bool
    amount: str


@with_config(_STRICT)
class PaymentTotals(TypedDict):
    """A provider's payment summary: earned, limited, adjusted, capped, fixed and due."""

    provider: str
    contract_value: str | None
    at_risk_amount: str | None
    rate_card: str
    rate_card_after_at_risk: str
    adjustments: list[AdjustmentResult]
    cap_total: str | None
    outcome_payments: str
    fixed: str
    total: str
    clawback: NotRequired[str]
    """With returned audit samples: clawed back for failed samples, already taken off
    ``total``."""


@with_config(_STRICT)
class SavingsLine(TypedDict):
    """What a rate-card line would pay a provider without deadweight and cohort."""

    line: str
    rate_line: int
    people: int
    amount: str


@with_config(_STRICT)
class Savings(TypedDict):
    """What a deadweight and a referred cohort save: the outcome payments due, against the
    same contract paid for everyone who met a line's condition."""

    provider: str
    outcome_payments: str
    """As paid (``payment_totals[].outcome_payments``)."""
    without: str
    """The outcome payments of the same contract without deadweight and cohort."""
    saved: str
    lines: list[SavingsLine]
    """Each line as it would pay without them."""


@with_config(_STRICT)
class CohortCounts(TypedDict):
    """Under ``cohort referrals``: a provider's referrals, and the people it is not paid for."""

    provider: str
    referred: int
    """People the commissioner referred to the provider."""
    not_referred: int
    """People in the provider's returns with no referral to it (never paid for)."""
    double_referred: int
    """People referred to the provider who are paid for through an earlier referral to
    another (or through none, when two are on the same day)."""


@with_config(_STRICT)
class Reach(TypedDict):
    """Under ``cohort referrals``: a provider's reach by the end of one period."""

    provider: str
    period: str
    referred: int
    """People referred to the provider by the period's end."""
    engaged: int
    """Of them, those in any of its returns by then."""
    never_seen: int
    """Of them, those in none."""


@with_config(_STRICT)
class DataProblem(TypedDict):
    """An invalid record, with the file, row and field, and what is wrong."""

    table: str
    file: str
    row: int
    provider: str | None
    period: str | None
    field: str
    problem: str


@with_config(_STRICT)
class InvalidCount(TypedDict):
    """Records and invalid records of a table for one provider and period."""

    table: str
    provider: str | None
    period: str | None
    rows: int
    invalid: int


ALERT_STATUSES = ("missed",)
"""An outcome's latest status that raises an alert (the terminal summary, the dashboard)."""
ALERT_TRAJECTORIES = ("worse", "not improving")
"""A trajectory verdict that raises an alert."""


@with_config(_STRICT)
class MonitoringDocument(TypedDict):
    """The whole of ``monitoring.json``."""

    schema: Literal["obcrules.monitoring/1"]
    ruleset: RulesetRef
    contract: ContractRef | None
    inputs: list[InputFile]
    ignored_files: list[str]
    plugins: dict[str, str]
    """Each plugin used and its version."""
    period_unit: Literal["month", "quarter", "year"]
    currency: str | None
    periods: list[str]
    providers: list[str]
    results: list[ItemResult]
    equality: list[EqualityGroup]
    helped: list[Helped]
    payments: list[LinePayment]
    payment_totals: list[PaymentTotals]
    savings: NotRequired[list[Savings]]
    """With a deadweight or a referred cohort: what they save per provider."""
    cohort: NotRequired[list[CohortCounts]]
    reach: NotRequired[list[Reach]]
    gaming_checks: NotRequired[list[GamingCheck]]
    """The gaming checks made (docs/gaming.md), each with its threshold."""
    gaming_alerts: NotRequired[list[GamingAlert]]
    """Each provider whose figures cross a gaming threshold, with the figures behind it."""
    verification: NotRequired[list[SampleResult]]
    """With returned audit samples (``obc monitor --verification``): per sample and
    provider, the findings, the claims not paid and any clawback."""
    confirmations: NotRequired[list[ConfirmationMismatch]]
    """Under ``confirm with TABLE``: the claims the table does not confirm (not paid)."""
    data_quality: list[DataProblem]
    data_quality_summary: list[InvalidCount]
    data_quality_complete: bool
    """False when more invalid records were found than are listed."""
