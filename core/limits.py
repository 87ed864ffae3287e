"""Per-user spending limits: users may lower them at once; raising is an operator action."""

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

LimitKind = Literal["payment", "daily", "recipient"]
LIMIT_KINDS: tuple[LimitKind, ...] = ("payment", "daily", "recipient")
LIMIT_LABELS: dict[LimitKind, str] = {
    "payment": "Per payment",
    "daily": "Per day",
    "recipient": "Per person per day",
}


@dataclass(frozen=True)
class UserLimits:
    """A user's limits in the default asset; ``None`` means the product default applies."""

    per_payment: Decimal | None = None
    per_day: Decimal | None = None
    per_recipient_day: Decimal | None = None

    def get(self, kind: LimitKind) -> Decimal | None:
        """The stored value of one limit."""
        return {"payment": self.per_payment, "daily": self.per_day}.get(
            kind, self.per_recipient_day
        )

    def with_value(self, kind: LimitKind, value: Decimal) -> "UserLimits":
        """A copy with one limit changed."""
        field = {"payment": "per_payment", "daily": "per_day"}.get(kind, "per_recipient_day")
        return replace(self, **{field: value})

    def effective(self, defaults: "UserLimits") -> "UserLimits":
        """These limits with every unset one taken from ``defaults``."""
        if self.per_payment is None and self.per_day is None and self.per_recipient_day is None:
            return defaults  # most users never set one: no copy per pre-run check
        return UserLimits(
            self.per_payment if self.per_payment is not None else defaults.per_payment,
            self.per_day if self.per_day is not None else defaults.per_day,
            self.per_recipient_day
            if self.per_recipient_day is not None
            else defaults.per_recipient_day,
        )
