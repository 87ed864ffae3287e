"""The audit trail: who changed what, through which door, from which state to which."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class ActorKind(StrEnum):
    """Who acted."""

    PERSON_TELEGRAM = "person_telegram"
    PERSON_TOKEN = "person_token"
    OPERATOR = "operator"
    SERVICE_TOKEN = "service_token"
    SCHEDULER = "scheduler"
    SYSTEM = "system"


class Door(StrEnum):
    """Where the change came in."""

    TELEGRAM = "telegram"
    REST = "rest"
    CLI = "cli"
    SCHEDULER = "scheduler"
    SYSTEM = "system"


class SubjectKind(StrEnum):
    """What was changed."""

    PAYMENT = "payment"
    RUN = "run"
    LIMIT = "limit"
    MANDATE = "mandate"
    TOKEN = "token"
    GATEWAY_OVERRIDE = "gateway_override"
    BREAKER = "breaker"


@dataclass(frozen=True, slots=True)
class Actor:
    """The one who caused a change; telegram_id for people and operators, name for tokens."""

    kind: ActorKind
    telegram_id: int | None = None
    name: str | None = None

    @classmethod
    def person(cls, telegram_id: int) -> "Actor":
        return cls(ActorKind.PERSON_TELEGRAM, telegram_id=telegram_id)

    @classmethod
    def person_token(cls, telegram_id: int, name: str) -> "Actor":
        return cls(ActorKind.PERSON_TOKEN, telegram_id=telegram_id, name=name)

    @classmethod
    def operator(cls, telegram_id: int) -> "Actor":
        return cls(ActorKind.OPERATOR, telegram_id=telegram_id)

    @classmethod
    def service_token(cls, name: str) -> "Actor":
        return cls(ActorKind.SERVICE_TOKEN, name=name)

    @classmethod
    def scheduler(cls) -> "Actor":
        return cls(ActorKind.SCHEDULER)

    @classmethod
    def system(cls, reason: str) -> "Actor":
        return cls(ActorKind.SYSTEM, name=reason)

    def describe(self) -> str:
        """A plain line such as 'person 123 via Telegram'."""
        match self.kind:
            case ActorKind.PERSON_TELEGRAM:
                return f"person {self.telegram_id} via Telegram"
            case ActorKind.PERSON_TOKEN:
                return f"person {self.telegram_id} via token {self.name}"
            case ActorKind.OPERATOR:
                return f"operator {self.telegram_id}"
            case ActorKind.SERVICE_TOKEN:
                return f"service token {self.name}"
            case ActorKind.SCHEDULER:
                return "scheduler"
            case ActorKind.SYSTEM:
                return f"system ({self.name})"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded change; entries are never edited or removed."""

    id: str
    at: datetime
    actor: Actor
    door: Door
    subject_kind: SubjectKind
    subject_id: str
    action: str
    payment_id: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


class AuditLog(Protocol):
    """Append-only: entries may be added and listed, never changed."""

    async def add(self, entries: Sequence[AuditEntry]) -> None:
        """Append entries in the caller's transaction."""
        ...

    async def for_payment(self, payment_id: str) -> Sequence[AuditEntry]:
        """A payment's entries, oldest first."""
        ...

    async def for_subject(self, kind: SubjectKind, subject_id: str) -> Sequence[AuditEntry]:
        """The entries of one token, override or breaker, oldest first."""
        ...


class _Ids(Protocol):
    def new_id(self) -> str: ...


def change_of(
    ids: _Ids,
    at: datetime,
    actor: Actor,
    door: Door,
    subject: tuple[SubjectKind, str],
    action: str,
    **detail: Any,
) -> AuditEntry:
    """An entry for a change of something that is not a payment (a token, an override...)."""
    kind, subject_id = subject
    return AuditEntry(ids.new_id(), at, actor, door, kind, subject_id, action, detail=dict(detail))


def payment_change(
    ids: _Ids,
    at: datetime,
    actor: Actor,
    door: Door,
    payment_id: str,
    action: str,
    from_state: str | None,
    to_state: str | None,
    **detail: Any,
) -> AuditEntry:
    """An entry for one move of a payment, to be added in the unit of work that made it."""
    return AuditEntry(
        id=ids.new_id(),
        at=at,
        actor=actor,
        door=door,
        subject_kind=SubjectKind.PAYMENT,
        subject_id=payment_id,
        payment_id=payment_id,
        action=action,
        from_state=None if from_state is None else str(from_state),
        to_state=None if to_state is None else str(to_state),
        detail=dict(detail),
    )


def run_change(
    ids: _Ids,
    at: datetime,
    run_id: str,
    payment_id: str,
    action: str,
    from_state: str | None,
    to_state: str | None,
) -> AuditEntry:
    """An entry for one move of a run made by the scheduler."""
    return AuditEntry(
        id=ids.new_id(),
        at=at,
        actor=Actor.scheduler(),
        door=Door.SCHEDULER,
        subject_kind=SubjectKind.RUN,
        subject_id=run_id,
        payment_id=payment_id,
        action=action,
        from_state=from_state,
        to_state=to_state,
    )


def scheduler_entries(
    ids: _Ids,
    at: datetime,
    runs: Sequence[tuple[str, str, str, str]],
    closed: Mapping[str, tuple[str, str]],
) -> list[AuditEntry]:
    """Entries for a batch: runs as (run, payment, from, to), closed payments as id → (from, to)."""
    entries = [run_change(ids, at, r, p, "run", old, new) for r, p, old, new in runs]
    return entries + [
        payment_change(ids, at, Actor.scheduler(), Door.SCHEDULER, p, "close", old, new)
        for p, (old, new) in closed.items()
    ]
