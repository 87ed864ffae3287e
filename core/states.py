"""Payment and run state machines: which transitions exist, and which states are final."""

from enum import StrEnum

from core.errors import InvalidTransition


class PaymentStatus(StrEnum):
    """Where a payment (a one-off or a standing mandate) is in its life."""

    AWAITING_CONFIRMATION = "awaiting_confirmation"
    AWAITING_SECOND_STEP = "awaiting_second_step"  # step-up: Confirm tapped, amount not typed yet
    AWAITING_REVIEW = "awaiting_review"  # guardian score ≥ 75: an operator decides first
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    DENIED = "denied"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    FAILED = "failed"


class RunStatus(StrEnum):
    """Where one execution of a payment is."""

    DUE = "due"
    EXECUTING = "executing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    MISSED = "missed"  # found too late (service was down beyond the grace window)
    SKIPPED = "skipped"  # held back before execution (e.g. the guardian said no)
    CANCELLED = "cancelled"  # its series was cancelled before it was claimed


PAYMENT_TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.AWAITING_CONFIRMATION: frozenset(
        {
            PaymentStatus.SCHEDULED,
            PaymentStatus.DENIED,
            PaymentStatus.REJECTED,
            PaymentStatus.EXPIRED,
            PaymentStatus.AWAITING_SECOND_STEP,
        }
    ),
    # The second step ends like a confirmation: typed amount, deny, or timeout.
    PaymentStatus.AWAITING_SECOND_STEP: frozenset(
        {PaymentStatus.SCHEDULED, PaymentStatus.DENIED, PaymentStatus.EXPIRED}
    ),
    # An operator's Approve reopens the confirmation (with a fresh expiry); Reject ends it.
    # Unreviewed for POLICY.review_ttl, it expires: an approval days later would pay a request
    # the payer may have long given up on.
    PaymentStatus.AWAITING_REVIEW: frozenset(
        {PaymentStatus.AWAITING_CONFIRMATION, PaymentStatus.REJECTED, PaymentStatus.EXPIRED}
    ),
    PaymentStatus.SCHEDULED: frozenset(
        {PaymentStatus.COMPLETED, PaymentStatus.CANCELLED, PaymentStatus.FAILED}
    ),
}

RUN_TRANSITIONS: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.DUE: frozenset(
        {
            RunStatus.EXECUTING,
            RunStatus.FAILED,
            RunStatus.MISSED,
            RunStatus.SKIPPED,
            RunStatus.CANCELLED,
        }
    ),
    # SKIPPED from EXECUTING: claimed, then held back by the pre-run checks before any send.
    RunStatus.EXECUTING: frozenset({RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.SKIPPED}),
}


def is_terminal(status: PaymentStatus | RunStatus) -> bool:
    """Terminal states never change again."""
    table = PAYMENT_TRANSITIONS if isinstance(status, PaymentStatus) else RUN_TRANSITIONS
    return status not in table


def check_payment_transition(current: PaymentStatus, target: PaymentStatus) -> None:
    """Raise InvalidTransition unless ``current → target`` is a payment transition."""
    if target not in PAYMENT_TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(f"payment cannot go from {current} to {target}")


def check_run_transition(current: RunStatus, target: RunStatus) -> None:
    """Raise InvalidTransition unless ``current → target`` is a run transition."""
    if target not in RUN_TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(f"run cannot go from {current} to {target}")
