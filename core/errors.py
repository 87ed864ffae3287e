"""Errors a user can cause, each carrying one plain sentence to show them."""


class DomainError(Exception):
    """A rule was broken; ``message`` is safe to show to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAmount(DomainError):
    """The amount breaks a money rule (zero, negative, precision, cap)."""


class UnknownAsset(DomainError):
    """The asset code is not one ArcFlux carries."""


class UnknownPayee(DomainError):
    """Nobody matching the payee is known."""


class SelfPayment(DomainError):
    """The payer named themselves as the payee."""


class InsufficientFunds(DomainError):
    """The payer's available balance does not cover the amount."""


class NotRegistered(DomainError):
    """The Telegram user has not pressed /start yet."""


class PaymentBlocked(DomainError):
    """The guardian blocked the payment."""


class ConfirmationRefused(DomainError):
    """A Confirm/Deny tap that must not move anything (wrong user, stale, replayed)."""


class InvalidTransition(Exception):
    """A state change the state machine does not allow (a bug, not a user error)."""


class ReadOnly(DomainError):
    """A read-only token asked for something that would change or move money."""
