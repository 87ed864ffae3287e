import pytest

from core.errors import InvalidTransition
from core.states import (
    PaymentStatus,
    RunStatus,
    check_payment_transition,
    check_run_transition,
    is_terminal,
)

TERMINAL_PAYMENTS = [
    PaymentStatus.COMPLETED,
    PaymentStatus.DENIED,
    PaymentStatus.REJECTED,
    PaymentStatus.EXPIRED,
    PaymentStatus.CANCELLED,
    PaymentStatus.FAILED,
]


@pytest.mark.parametrize("status", TERMINAL_PAYMENTS)
def test_terminal_payment_states_never_change(status: PaymentStatus) -> None:
    assert is_terminal(status)
    for target in PaymentStatus:
        with pytest.raises(InvalidTransition):
            check_payment_transition(status, target)


def test_a_confirmation_can_be_answered_scheduled_denied_rejected_or_expired() -> None:
    for target in ("scheduled", "denied", "rejected", "expired"):
        check_payment_transition(PaymentStatus.AWAITING_CONFIRMATION, PaymentStatus(target))
    with pytest.raises(InvalidTransition):
        check_payment_transition(PaymentStatus.AWAITING_CONFIRMATION, PaymentStatus.COMPLETED)


def test_a_run_goes_due_executing_then_succeeded_or_failed() -> None:
    check_run_transition(RunStatus.DUE, RunStatus.EXECUTING)
    check_run_transition(RunStatus.EXECUTING, RunStatus.SUCCEEDED)
    check_run_transition(RunStatus.EXECUTING, RunStatus.FAILED)
    with pytest.raises(InvalidTransition):
        check_run_transition(RunStatus.DUE, RunStatus.SUCCEEDED)
    assert is_terminal(RunStatus.SUCCEEDED) and is_terminal(RunStatus.FAILED)
    assert not is_terminal(RunStatus.EXECUTING)


def test_a_due_run_may_be_missed_skipped_or_cancelled_and_those_are_final() -> None:
    for target in (RunStatus.MISSED, RunStatus.SKIPPED, RunStatus.CANCELLED):
        check_run_transition(RunStatus.DUE, target)
        assert is_terminal(target)
    for target in (RunStatus.MISSED, RunStatus.CANCELLED):
        with pytest.raises(InvalidTransition):
            check_run_transition(RunStatus.EXECUTING, target)


def test_a_claimed_run_may_still_be_skipped_by_the_pre_run_checks() -> None:
    check_run_transition(RunStatus.EXECUTING, RunStatus.SKIPPED)
