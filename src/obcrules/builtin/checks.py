"""The core lint checks: the warnings the language spec lists.

Each check is a `CheckDecl` registered through the core plugin, exactly as a
service plugin registers its own. ``bad`` and ``better`` become the docs.
"""

from __future__ import annotations

from collections.abc import Iterator

from obcrules.diagnostics import Diagnostic
from obcrules.plugins.declarations import CheckContext, CheckDecl
from obcrules.semantics.goals import direction_of
from obcrules.semantics.scope import resolve_source


def _counts_services(ctx: CheckContext) -> Iterator[Diagnostic]:
    for item in ctx.ruleset.outcomes:
        if item.measure is None:
            continue
        source = resolve_source(ctx.ruleset, item.measure.source.name)
        table = ctx.vocabulary.table(source.table) if source else None
        if table is not None and table.subject == "services":
            yield ctx.diagnostic(
                OUTCOME_COUNTS_SERVICES, item.measure,
                f"the outcome `{item.name}` measures `{table.name}`, which records services "
                "delivered, not people served: it is an output",
                "make it an `output`, or measure a change for people (e.g. a share of people)",
            )


def _no_verification(ctx: CheckContext) -> Iterator[Diagnostic]:
    for item in ctx.ruleset.outcomes:
        if not item.verifications:
            yield ctx.diagnostic(
                OUTCOME_WITHOUT_VERIFICATION, item,
                f"the outcome `{item.name}` says not how it will be verified",
                "add e.g. `verify provider_return every quarter`",
            )


def _no_target(ctx: CheckContext) -> Iterator[Diagnostic]:
    for item in ctx.ruleset.outcomes:
        if item.target is None:
            yield ctx.diagnostic(
                OUTCOME_WITHOUT_TARGET, item,
                f"the outcome `{item.name}` has no target, so it can be neither met nor missed",
                "add e.g. `target at least 60%`",
            )


def _unbalanced_evidence(ctx: CheckContext) -> Iterator[Diagnostic]:
    kinds = [item.evidence for item in ctx.ruleset.outcomes if item.evidence is not None]
    if len(kinds) < 2 or len(set(kinds)) != 1:
        return
    only = kinds[0].replace("_", "-")
    first = next(item for item in ctx.ruleset.outcomes if item.evidence is not None)
    yield ctx.diagnostic(
        UNBALANCED_EVIDENCE, first,
        f"every outcome's evidence is {only}: the framework leans on one kind of evidence",
        "seek a balance of objective and self-reported evidence",
    )


def _interim_to_nothing(ctx: CheckContext) -> Iterator[Diagnostic]:
    for item in ctx.ruleset.outcomes:
        if item.level == "interim" and not item.contributes_to:
            yield ctx.diagnostic(
                INTERIM_CONTRIBUTES_TO_NOTHING, item,
                f"the interim outcome `{item.name}` contributes to no other outcome",
                "add `contributes to FINAL_OUTCOME`, or make it `level final`",
            )


def _trajectory_on_between(ctx: CheckContext) -> Iterator[Diagnostic]:
    for item in ctx.ruleset.items:
        if (item.trajectory is not None and item.target is not None
                and direction_of(item.target) == "none"):
            yield ctx.diagnostic(
                TRAJECTORY_ON_BETWEEN, item.trajectory,
                f"`{item.name}` has a `between` target, which has no direction to improve in",
                "drop the trajectory, or use a one-sided target such as `at least`",
            )


OUTCOME_COUNTS_SERVICES = CheckDecl(
    code="OBC201", name="outcome-counts-services", severity="warning",
    summary="An outcome whose measure counts services rather than people is an output.",
    bad='outcome clinics "Clinic sessions":\n    measure count of sessions',
    better='output clinics "Clinic sessions":\n    measure count of sessions',
    run=_counts_services,
)
OUTCOME_WITHOUT_VERIFICATION = CheckDecl(
    code="OBC202", name="outcome-without-verification", severity="warning",
    summary="An outcome that says not how it will be verified.",
    bad='outcome falls "Fewer falls":\n    measure share of people where falls_12m = 0\n'
        "    target at least 70%",
    better='outcome falls "Fewer falls":\n    measure share of people where falls_12m = 0\n'
           "    target at least 70%\n    verify provider_return every quarter",
    run=_no_verification,
)
OUTCOME_WITHOUT_TARGET = CheckDecl(
    code="OBC203", name="outcome-without-target", severity="warning",
    summary="An outcome without a target can be neither met nor missed.",
    bad='outcome falls "Fewer falls":\n    measure share of people where falls_12m = 0',
    better='outcome falls "Fewer falls":\n    measure share of people where falls_12m = 0\n'
           "    target at least 70%",
    run=_no_target,
)
UNBALANCED_EVIDENCE = CheckDecl(
    code="OBC204", name="unbalanced-evidence", severity="warning",
    summary="Every outcome relies on self-reported evidence, or every one on objective evidence.",
    bad="outcome a \"A\":\n    evidence self_reported\n"
        "outcome b \"B\":\n    evidence self_reported",
    better="outcome a \"A\":\n    evidence self_reported\noutcome b \"B\":\n    evidence objective",
    run=_unbalanced_evidence,
)
INTERIM_CONTRIBUTES_TO_NOTHING = CheckDecl(
    code="OBC205", name="interim-contributes-to-nothing", severity="warning",
    summary="An interim outcome that contributes to no other outcome hangs loose in the "
            "logic model.",
    bad='outcome wellbeing "Better wellbeing":\n    level interim',
    better='outcome wellbeing "Better wellbeing":\n    level interim\n'
           "    contributes to independence",
    run=_interim_to_nothing,
)
TRAJECTORY_ON_BETWEEN = CheckDecl(
    code="OBC206", name="trajectory-on-between", severity="warning",
    summary="A trajectory on a `between` target has no direction to improve in.",
    bad="    target between 40% and 60%\n    trajectory improves every quarter",
    better="    target at least 40%\n    trajectory improves every quarter",
    run=_trajectory_on_between,
)

CORE_CHECKS: tuple[CheckDecl, ...] = (
    OUTCOME_COUNTS_SERVICES,
    OUTCOME_WITHOUT_VERIFICATION,
    OUTCOME_WITHOUT_TARGET,
    UNBALANCED_EVIDENCE,
    INTERIM_CONTRIBUTES_TO_NOTHING,
    TRAJECTORY_ON_BETWEEN,
)
