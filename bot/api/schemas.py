"""REST request and response bodies."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field


class CommandIn(BaseModel):
    """A chat command sent over REST on behalf of a registered Telegram user."""

    telegram_id: int
    text: str = Field(min_length=1, max_length=1000)


class PaymentOut(BaseModel):
    """A payment as the API shows it."""

    id: str
    status: str
    payee: str
    amount: str
    asset: str
    runs: list[datetime]
    details_hash: str
    risk_level: str | None = None
    risk_score: int | None = None
    reasons: list[str] = []


class CommandOut(BaseModel):
    """What the pipeline did with a command."""

    kind: Literal[
        "proposal", "answer", "question", "help", "not_understood", "not_supported", "error"
    ]
    message: str
    payment: PaymentOut | None = None


class AnswerIn(BaseModel):
    """A Confirm or Deny over REST, bound to the hash the user was shown."""

    telegram_id: int
    details_hash: str = Field(pattern=r"^[0-9a-f]{10}$")
    amount: Decimal | None = None  # step-up: the typed amount, sent with the second confirm
