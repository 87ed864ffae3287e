"""ClarificationStore on SQLAlchemy: each person's latest question, shared by every process.

One row per person. Asking replaces the row only when the new question was asked no earlier
than the stored one (answered or not), so a slow process can never reopen a stale question
over a newer one; answering closes the row in one UPDATE, so one answer takes it once.
The webhook update that closed it may take it again: a re-delivery of an update whose
process died before its effect committed finds the question it was answering.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, Update, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.handled_updates import claim_in_hand
from core.intent import Intent
from core.pending import Pending
from core.schedule import Schedule
from storage.fleet_models import PendingQuestionRow

_TABLE = cast(Table, PendingQuestionRow.__table__)


class SqlClarifications:
    """Open questions in the ``pending_questions`` table; each call is its own transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def take(self, telegram_id: int, now: datetime) -> Pending | None:
        """Close the person's open question and return it, unless it had expired."""
        async with self._sessions() as session, session.begin():
            row = (await session.execute(_closing(telegram_id))).mappings().first()
        if row is None or row["expires_at"] <= now:
            return None
        return Pending(
            text=row["text"],
            intent=intent_from_json(row["intent"]),
            expires_at=row["expires_at"],
            chosen_payee=row["chosen_payee"],
            asked_at=row["asked_at"],
        )

    async def put(self, telegram_id: int, pending: Pending) -> None:
        """Open ``pending`` unless the stored question (open or answered) was asked later."""
        asked_at = pending.asked_at or pending.expires_at  # unknown: as late as it can be
        values = {
            "telegram_id": telegram_id,
            "text": pending.text,
            "intent": intent_to_json(pending.intent),
            "chosen_payee": pending.chosen_payee,
            "asked_at": asked_at,
            "expires_at": pending.expires_at,
            "open": True,
            "answered_by": None,
        }
        async with self._sessions() as session, session.begin():
            insert = _insert(session).values(values)
            newer_or_same = _TABLE.c.asked_at <= insert.excluded.asked_at
            await session.execute(
                insert.on_conflict_do_update(
                    index_elements=["telegram_id"],
                    set_={name: insert.excluded[name] for name in values if name != "telegram_id"},
                    where=newer_or_same,
                )
            )


def _closing(telegram_id: int) -> Update:
    """Close the person's question: an open one, or one this very update closed before."""
    claim = claim_in_hand()
    answering = None if claim is None else claim.update_id
    askable: ColumnElement[bool] = PendingQuestionRow.open.is_(True)
    if answering is not None:
        askable = or_(askable, PendingQuestionRow.answered_by == answering)
    return (
        update(PendingQuestionRow)
        .where(PendingQuestionRow.telegram_id == telegram_id, askable)
        .values(open=False, answered_by=answering)
        .returning(*_TABLE.c)
    )


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO UPDATE … WHERE."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(_TABLE)
    return sqlite.insert(_TABLE)


def intent_to_json(intent: Intent) -> dict[str, Any]:
    """An Intent as JSON: Decimals as strings, the schedule's first run in ISO 8601."""
    schedule = intent.schedule
    return {
        "kind": intent.kind,
        "parser": intent.parser,
        "recipient": intent.recipient,
        "recipient_text": intent.recipient_text,
        "amount": _text(intent.amount),
        "asset": intent.asset,
        "schedule": None
        if schedule is None
        else {
            "first_run": schedule.first_run.isoformat(),
            "timezone": schedule.timezone,
            "rrule": schedule.rrule,
            "count": schedule.count,
        },
        "note": intent.note,
        "cancel_all": intent.cancel_all,
        "payment_ref": intent.payment_ref,
        "missing": list(intent.missing),
        "candidates": list(intent.candidates),
        "max_runs": intent.max_runs,
        "total_budget": _text(intent.total_budget),
        "amount_doubts": list(intent.amount_doubts),
    }


def intent_from_json(data: dict[str, Any]) -> Intent:
    """The Intent ``intent_to_json`` wrote."""
    schedule = data["schedule"]
    return Intent(
        kind=data["kind"],
        parser=data["parser"],
        recipient=data["recipient"],
        recipient_text=data["recipient_text"],
        amount=_decimal(data["amount"]),
        asset=data["asset"],
        schedule=None
        if schedule is None
        else Schedule(
            first_run=datetime.fromisoformat(schedule["first_run"]),
            timezone=schedule["timezone"],
            rrule=schedule["rrule"],
            count=schedule["count"],
        ),
        note=data["note"],
        cancel_all=data["cancel_all"],
        payment_ref=data["payment_ref"],
        missing=tuple(data["missing"]),
        candidates=tuple(data["candidates"]),
        max_runs=data["max_runs"],
        total_budget=_decimal(data["total_budget"]),
        amount_doubts=tuple(data["amount_doubts"]),
    )


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
