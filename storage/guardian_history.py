"""The guardian's reads of a payer's history, bounded by its window whatever the history's size.

A payer's succeeded runs are reached through ``ix_runs_payer_executed``: the newest
first, stopping at the window's start. Callers run these reads inside ``index_lookups`` so that
the plan is a lookup per payer even on a database whose statistics are stale.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    Integer,
    Select,
    String,
    Subquery,
    Table,
    and_,
    bindparam,
    case,
    exists,
    func,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.assessment_ports import FeatureFacts, HistoryWindow, listing_keys
from core.entities import AccountKind, Payment
from core.money import from_minor_units
from core.payment_ports import Spend
from core.states import PaymentStatus, RunStatus
from storage import mapping
from storage.dialects import among, index_lookups
from storage.models import AccountRow, PaymentRow, RunRow, UserLimitRow, UserRow
from storage.types import UTCDateTime
from storage.user_repos import limits_from_micros

USERS = cast(Table, UserRow.__table__)
ACCOUNTS = cast(Table, AccountRow.__table__)
LIMITS = cast(Table, UserLimitRow.__table__)
PAYMENTS = cast(Table, PaymentRow.__table__)
RUNS = cast(Table, RunRow.__table__)
_SUCCEEDED = RunStatus.SUCCEEDED.value
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# The window's bounds travel as parameters, so each statement is built and compiled once.
_SINCE = bindparam("since", type_=UTCDateTime())
_EPOCH_AT = bindparam("epoch", type_=UTCDateTime())
_SKIP = bindparam("skip", type_=Integer())


def window_parameters(window: HistoryWindow) -> dict[str, Any]:
    """The parameters of a recent_runs statement for ``window``."""
    return {"since": window.since, "epoch": _EPOCH, "skip": window.newest - 1}


def succeeded(status: Any) -> Any:
    """``status`` is succeeded, as a filter on the payer's index and never a way into runs.

    Without fresh statistics both SQLite and PostgreSQL would start from every succeeded run
    (the status index) and look each one's payer up; an expression of the column (here
    ``status || ''``) matches no index, so the planner enters runs by payer instead.
    """
    return status.concat("") == _SUCCEEDED


def _nth_newest(pairs: Subquery) -> Any:
    """The time of the pair's newest-but-``skip`` succeeded run (NULL when it has fewer)."""
    older, its_payment = RUNS.alias("older"), PAYMENTS.alias("older_payment")
    return (
        select(older.c.executed_at)
        .select_from(older.join(its_payment, its_payment.c.id == older.c.payment_id))
        .where(
            older.c.payer_id == pairs.c.payer_id,
            succeeded(older.c.status),
            its_payment.c.asset == pairs.c.asset,
        )
        .order_by(older.c.executed_at.desc())
        .limit(1)
        .offset(_SKIP)
        .scalar_subquery()
    )


def recent_runs(pairs: Subquery, postgres: bool) -> Select[Any]:
    """Succeeded runs of each (payer_id, asset) row of ``pairs`` in a window, newest first.

    Run with window_parameters: a pair's window starts at ``since`` or at its ``newest``-th
    most recent run, whichever is earlier; nothing older is read.
    """
    nth = func.coalesce(_nth_newest(pairs), _EPOCH_AT)
    starts = select(
        pairs.c.payer_id, pairs.c.asset, case((nth < _SINCE, nth), else_=_SINCE).label("start")
    ).subquery("starts")
    in_window = and_(
        RUNS.c.payer_id == starts.c.payer_id,
        succeeded(RUNS.c.status),
        RUNS.c.executed_at >= starts.c.start,
    )
    found = (
        PAYMENTS.c.id,
        PAYMENTS.c.payee_id,
        PAYMENTS.c.amount_units,
        PAYMENTS.c.asset,
        RUNS.c.executed_at,
    )
    of_pair = and_(PAYMENTS.c.id == RUNS.c.payment_id, PAYMENTS.c.asset == starts.c.asset)
    if postgres:
        # A lateral lookup per pair with its payments joined inside: OFFSET 0 keeps the planner
        # from flattening it, which once paired every payer with every payment of the asset.
        joined = RUNS.join(PAYMENTS, of_pair)
        lookup = select(*found).select_from(joined).where(in_window).offset(0).lateral("in_window")
        return (
            select(starts.c.payer_id, *(lookup.c[c.name] for c in found))
            .select_from(starts.join(lookup, true()))
            .order_by(lookup.c.executed_at.desc())
        )
    return (
        select(starts.c.payer_id, *found)
        .select_from(starts.join(RUNS, in_window).join(PAYMENTS, of_pair))
        .order_by(RUNS.c.executed_at.desc())
    )


PAIR = select(
    bindparam("payer_id", type_=String()).label("payer_id"),
    bindparam("asset", type_=String()).label("asset"),
).subquery("pair")


def spends_of(rows: Sequence[Any]) -> dict[tuple[str, str], list[Spend]]:
    """recent_runs rows grouped by (payer, asset), newest first as read."""
    found: dict[tuple[str, str], list[Spend]] = {}
    for payer_id, payment_id, payee_id, units, asset, executed_at in rows:
        spend = Spend(payment_id, payee_id, from_minor_units(units, asset), asset, executed_at)
        found.setdefault((payer_id, asset), []).append(spend)
    return found


def _paid(payer: Any, payee: Any) -> Any:
    """Has ``payer`` a succeeded run to ``payee``? From their payments; stops at the first."""
    theirs = PAYMENTS.alias("theirs")
    return exists().where(
        theirs.c.payer_id == payer,
        theirs.c.payee_id == payee,
        RUNS.c.payment_id == theirs.c.id,
        succeeded(RUNS.c.status),
    )


def pairs_of(session: AsyncSession, payment_ids: Collection[str]) -> Subquery:
    """The distinct (payer_id, asset) rows of these payments, for recent_runs."""
    return (
        select(PAYMENTS.c.payer_id, PAYMENTS.c.asset)
        .where(among(session, PAYMENTS.c.id, payment_ids))
        .distinct()
        .subquery("pairs")
    )


def paid_pairs_query(session: AsyncSession, payment_ids: Collection[str]) -> Select[Any]:
    """The (payer, payee) pairs of these payments with a succeeded run between them."""
    asked = (
        select(PAYMENTS.c.payer_id, PAYMENTS.c.payee_id)
        .where(among(session, PAYMENTS.c.id, payment_ids))
        .distinct()
        .subquery("asked")
    )
    paid = _paid(asked.c.payer_id, asked.c.payee_id)
    return select(asked.c.payer_id, asked.c.payee_id).where(paid)


async def paid_pairs(session: AsyncSession, payment_ids: Collection[str]) -> set[tuple[str, str]]:
    """paid_pairs_query's answer as a set."""
    if not payment_ids:
        return set()
    rows = await session.execute(paid_pairs_query(session, payment_ids))
    return {(payer, payee) for payer, payee in rows}


async def runs_done(session: AsyncSession, payments: Sequence[Payment]) -> dict[str, int]:
    """Succeeded runs of the payments limited by a count or budget (their limit bounds it)."""
    limited = {p.id for p in payments if p.max_runs is not None or p.total_budget is not None}
    if not limited:
        return {}
    rows = await session.execute(
        select(RUNS.c.payment_id, func.count())
        .where(among(session, RUNS.c.payment_id, limited), RUNS.c.status == _SUCCEEDED)
        .group_by(RUNS.c.payment_id)
    )
    return {payment_id: int(count) for payment_id, count in rows}


def mandates_query(session: AsyncSession, payer_ids: Collection[str]) -> Select[Any]:
    """The payers' scheduled recurring payments."""
    return select(PAYMENTS).where(
        among(session, PAYMENTS.c.payer_id, payer_ids),
        PAYMENTS.c.status == PaymentStatus.SCHEDULED.value,
        PAYMENTS.c.rrule.is_not(None),
    )


def _one(column: Any, *where: Any) -> Any:
    """A scalar subquery of ``column`` where ``where`` holds."""
    return select(column).where(*where).scalar_subquery()


def _standing() -> Select[Any]:
    """One row: available units, the payer's limits, paid before, the payee's listing keys."""
    payer = bindparam("payer_id", type_=String())
    payee = bindparam("payee_id", type_=String())
    asset = bindparam("asset", type_=String())
    mine = LIMITS.c.user_id == payer
    theirs = USERS.c.id == payee
    return select(
        _one(
            ACCOUNTS.c.balance_units - ACCOUNTS.c.reserved_units,
            ACCOUNTS.c.owner_id == payer,
            ACCOUNTS.c.asset == asset,
            ACCOUNTS.c.kind == AccountKind.WALLET.value,
        ),
        _one(LIMITS.c.per_payment_micros, mine),
        _one(LIMITS.c.per_day_micros, mine),
        _one(LIMITS.c.per_recipient_day_micros, mine),
        _paid(payer, payee),
        _one(USERS.c.telegram_id, theirs),
        _one(USERS.c.username, theirs),
    )


@dataclass(frozen=True)
class _OneRequest:
    """The three statements of feature_facts, built once per dialect."""

    standing: Select[Any]
    recent: Select[Any]
    mandates: Select[Any]


@cache
def _one_request(postgres: bool) -> _OneRequest:
    mandates = select(PAYMENTS).where(
        PAYMENTS.c.payer_id == bindparam("payer_id"),
        PAYMENTS.c.status == PaymentStatus.SCHEDULED.value,
        PAYMENTS.c.rrule.is_not(None),
    )
    return _OneRequest(_standing(), recent_runs(PAIR, postgres), mandates)


async def feature_facts(
    session: AsyncSession, payer_id: str, payee_id: str, asset: str, window: HistoryWindow
) -> FeatureFacts:
    """One request's facts in three reads: standing, history window, mandates."""
    asked = _one_request(session.get_bind().dialect.name == "postgresql")
    keys = {"payer_id": payer_id, "payee_id": payee_id, "asset": asset}
    async with index_lookups(session):
        standing = (await session.execute(asked.standing, keys)).one()
        history = await session.execute(
            asked.recent, {"payer_id": payer_id, "asset": asset, **window_parameters(window)}
        )
    units, per_payment, per_day, per_recipient, paid, telegram_id, username = standing
    mandates = await session.execute(asked.mandates, {"payer_id": payer_id})
    return FeatureFacts(
        available=Decimal(0) if units is None else from_minor_units(units, asset),
        limits=limits_from_micros(per_payment, per_day, per_recipient),
        paid_before=bool(paid),
        payee_keys=listing_keys(telegram_id, username),
        recent=spends_of(history.all()).get((payer_id, asset), []),
        mandates=[mapping.payment_at(row) for row in mandates],
    )
