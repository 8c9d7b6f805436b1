"""The core verification methods usable in ``verify``."""

from __future__ import annotations

from obcrules.plugins.declarations import VerificationMethodDecl

CORE_VERIFICATION_METHODS: tuple[VerificationMethodDecl, ...] = (
    VerificationMethodDecl(
        name="provider_return",
        title="Provider's monitoring return",
        objective=False,
        description="Person-level data the provider returns each period.",
    ),
    VerificationMethodDecl(
        name="case_file_audit",
        title="Case file audit",
        objective=True,
        description="The commissioner audits a sample of case files against the return.",
    ),
    VerificationMethodDecl(
        name="survey",
        title="Survey of people served",
        objective=False,
        description="People served report on their own experience or wellbeing.",
    ),
    VerificationMethodDecl(
        name="service_user_confirmation",
        title="Confirmation by the person served",
        objective=False,
        description="The person served confirms the outcome was achieved.",
    ),
    VerificationMethodDecl(
        name="admin_data",
        title="Administrative data",
        objective=True,
        description="Records held by the commissioner or another public body.",
    ),
    VerificationMethodDecl(
        name="independent_evaluation",
        title="Independent evaluation",
        objective=True,
        description="An evaluator independent of the provider measures the outcome.",
    ),
)
