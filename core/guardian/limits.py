"""/limits: show a user's limits, let them lower one at once, let operators set any."""

from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from core.audit import Actor, AuditEntry, Door, SubjectKind, change_of
from core.deps import Deps
from core.entities import User
from core.errors import DomainError, InvalidAmount
from core.limits import LIMIT_LABELS, LimitKind, UserLimits
from core.money import format_amount, validate_amount
from core.people import registered_user


class LimitRefused(DomainError):
    """A limit change the actor may not make."""


@dataclass(frozen=True)
class LimitsView:
    """A user's effective limits and what they used in the last 24 hours."""

    user: User
    limits: UserLimits
    asset: str
    spent_day: Decimal
    changed: LimitKind | None = None


async def _view(deps: Deps, user: User, changed: LimitKind | None = None) -> LimitsView:
    asset = deps.policy.default_asset
    async with deps.uow(read_only=True) as uow:
        custom = await uow.users.limits(user.id)
        spends = await uow.payments.spends(user.id, deps.clock.now() - timedelta(days=1))
    spent = sum((s.amount for s in spends if s.asset == asset), Decimal(0))
    return LimitsView(user, custom.effective(deps.policy.default_limits), asset, spent, changed)


async def show(deps: Deps, telegram_id: int) -> LimitsView:
    """The sender's limits."""
    async with deps.uow(read_only=True) as uow:
        user = await registered_user(uow, telegram_id)
    return await _view(deps, user)


def _checked(deps: Deps, kind: LimitKind, value: Decimal) -> Decimal:
    asset = deps.policy.default_asset
    value = validate_amount(value, asset)
    if kind == "payment" and value > deps.policy.per_payment_cap:
        cap = format_amount(deps.policy.per_payment_cap, asset)
        raise InvalidAmount(f"The per-payment limit can't be above the product cap of {cap}.")
    return value


async def lower(deps: Deps, telegram_id: int, kind: LimitKind, value: Decimal) -> LimitsView:
    """Lower one of the sender's limits; it applies to the next payment at once."""
    value = _checked(deps, kind, value)
    async with deps.uow() as uow:
        user = await registered_user(uow, telegram_id)
        custom = await uow.users.limits(user.id)
        current = custom.effective(deps.policy.default_limits).get(kind)
        if current is not None and value > current:
            shown = format_amount(current, deps.policy.default_asset)
            raise LimitRefused(
                f"Only an operator can raise a limit; your {LIMIT_LABELS[kind].lower()} "
                f"limit stays at {shown}."
            )
        await uow.users.set_limits(user.id, custom.with_value(kind, value))
        await uow.audit.add(
            [_limit_entry(deps, Actor.person(telegram_id), user, kind, current, value)]
        )
        await uow.commit()
    return await _view(deps, user, kind)


def _limit_entry(
    deps: Deps, actor: Actor, user: User, kind: LimitKind, was: Decimal | None, now: Decimal
) -> AuditEntry:
    """The audit entry of one limit change (subject: the user's limit of that kind)."""
    entry = change_of(
        deps.ids,
        deps.clock.now(),
        actor,
        Door.TELEGRAM,
        (SubjectKind.LIMIT, f"{user.id}/{kind}"),
        "set",
    )
    return replace(entry, from_state=None if was is None else str(was), to_state=str(now))


async def _names_sender(deps: Deps, telegram_id: int, handle: str) -> bool:
    async with deps.uow(read_only=True) as uow:
        sender = await uow.users.by_telegram_id(telegram_id)
    return sender is not None and handle in ((sender.username or "").lower(), str(telegram_id))


async def operator_set(
    deps: Deps, operator_telegram_id: int, who: str, kind: LimitKind, value: Decimal
) -> LimitsView:
    """An operator sets (raises or lowers) a user's limit; ``who`` is @username or Telegram id.

    Anyone else naming themselves gets what ``lower`` gives them: their own limit lowered.
    """
    handle = who.removeprefix("@").lower()
    if operator_telegram_id not in deps.policy.operators:
        if await _names_sender(deps, operator_telegram_id, handle):
            return await lower(deps, operator_telegram_id, kind, value)
        raise LimitRefused("Only an operator can change someone else's limits.")
    value = _checked(deps, kind, value)
    async with deps.uow() as uow:
        people = await uow.users.all()
        matches = [u for u in people if handle in ((u.username or "").lower(), str(u.telegram_id))]
        user = matches[0] if matches else None
        if user is None:
            raise LimitRefused(f"I don't know anyone called {who}.")
        custom = await uow.users.limits(user.id)
        was = custom.effective(deps.policy.default_limits).get(kind)
        await uow.users.set_limits(user.id, custom.with_value(kind, value))
        by = Actor.operator(operator_telegram_id)
        await uow.audit.add([_limit_entry(deps, by, user, kind, was, value)])
        await uow.commit()
    return await _view(deps, user, kind)
