"""REST request and response bodies."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from core.people import MAX_TELEGRAM_ID

# Telegram ids have at most 52 significant bits; bounding them keeps the database's integers safe.
TelegramId = Annotated[int, Field(ge=1, le=MAX_TELEGRAM_ID)]


class ErrorOut(BaseModel):
    """Why a request was refused, in one plain sentence."""

    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the given error status codes, each with an ErrorOut body."""
    said = {
        400: "The body is not JSON, or the request makes no sense for this resource.",
        401: "No valid bearer token.",
        403: "The token's holder or scope does not open this door.",
        404: "No such resource.",
        409: "The payment cannot take this answer (state, hash, or who is answering).",
        503: "A dependency is down.",
    }
    return {code: {"model": ErrorOut, "description": said[code]} for code in codes}


class CommandIn(BaseModel):
    """A chat command sent over REST by a personal token's owner."""

    telegram_id: TelegramId | None = None  # the owner's own id, or left out
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


class CancelIn(BaseModel):
    """A series stopped over REST, as its payer."""

    telegram_id: TelegramId | None = None  # the owner's own id, or left out


class AuditEntryOut(BaseModel):
    """One recorded change and who made it."""

    at: str
    actor: str
    door: str
    subject: str
    action: str
    from_state: str | None
    to_state: str | None


class AnswerIn(BaseModel):
    """A Confirm or Deny over REST, bound to the hash the user was shown."""

    telegram_id: TelegramId | None = None  # the owner's own id, or left out
    details_hash: str = Field(pattern=r"^[0-9a-f]{10}$")
    # step-up: the typed amount, sent with the second confirm; a plain decimal string, so
    # JSON floats cannot round it and the schema says exactly what is accepted.
    amount: str | None = Field(default=None, pattern=r"^[0-9]{1,15}(\.[0-9]{1,18})?$")
