"""OperationsStore on SQLAlchemy: each call is its own short transaction."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.metrics import GatewayPoint
from core.routing.incidents import Incident, IncidentStatus
from core.routing.minutes import GatewayMinute
from storage.ops_models import AgentActionRow, GatewayMinuteRow, IncidentRow


def _copy(incident: Incident, row: IncidentRow) -> None:
    """Every field of ``incident`` onto its row."""
    row.gateway = incident.gateway
    row.status = incident.status.value
    row.opened_at = incident.opened_at
    row.updated_at = incident.updated_at
    row.resolved_at = incident.resolved_at
    row.summary = incident.summary[:500]
    row.explanation = incident.explanation[:2000]
    row.actions = list(incident.actions)[-50:]
    row.acknowledged_by = incident.acknowledged_by


def _weight_by_attempts(rows: Sequence[GatewayMinuteRow]) -> float | None:
    """Processes' traffic shares weighted by their attempts: the share the fleet actually used."""
    if not rows:
        return None
    attempts = sum(r.attempts for r in rows)
    if attempts == 0:
        return sum(r.weight or 0.0 for r in rows) / len(rows)
    return sum((r.weight or 0.0) * r.attempts for r in rows) / attempts


def _incident(row: IncidentRow) -> Incident:
    return Incident(
        id=row.id,
        gateway=row.gateway,
        status=IncidentStatus(row.status),
        opened_at=row.opened_at,
        updated_at=row.updated_at,
        summary=row.summary,
        explanation=row.explanation,
        actions=tuple(row.actions),
        resolved_at=row.resolved_at,
        acknowledged_by=row.acknowledged_by,
    )


class SqlOperations:
    """Gateway minutes, incidents and the agent's action log."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add_minutes(self, minutes: Sequence[GatewayMinute], source: str = "") -> None:
        """Insert finished minutes counted by process ``source``."""
        if not minutes:
            return
        async with self._sessions() as s, s.begin():
            s.add_all(
                GatewayMinuteRow(
                    gateway=m.gateway,
                    minute=m.minute,
                    attempts=m.attempts,
                    successes=m.successes,
                    gateway_faults=m.gateway_faults,
                    payer_faults=m.payer_faults,
                    p50_ms=m.p50_ms,
                    p95_ms=m.p95_ms,
                    errors=m.errors,
                    weight=m.weight,
                    source=source or None,
                )
                for m in minutes
            )

    async def totals_of_others(self, since: datetime, source: str) -> Mapping[str, tuple[int, int]]:
        """Per gateway (judged attempts, successes) other processes counted since ``since``."""
        row = GatewayMinuteRow
        judged = func.sum(row.attempts - row.payer_faults)
        async with self._sessions() as s:
            rows = await s.execute(
                select(row.gateway, judged, func.sum(row.successes))
                .where(row.minute >= since, or_(row.source.is_(None), row.source != source))
                .group_by(row.gateway)
            )
            return {gateway: (int(j or 0), int(ok or 0)) for gateway, j, ok in rows.all()}

    async def prune_minutes(self, before: datetime) -> int:
        """Retention: drop old minutes."""
        async with self._sessions() as s, s.begin():
            result = await s.execute(
                delete(GatewayMinuteRow).where(GatewayMinuteRow.minute < before)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def gateway_points(self, since: datetime, until: datetime) -> Sequence[GatewayPoint]:
        """Sum rows per (gateway, minute); latency quantiles are attempt-weighted means."""
        async with self._sessions() as s:
            rows = (
                await s.scalars(
                    select(GatewayMinuteRow).where(
                        GatewayMinuteRow.minute >= since, GatewayMinuteRow.minute < until
                    )
                )
            ).all()
        groups: dict[tuple[str, datetime], list[GatewayMinuteRow]] = defaultdict(list)
        for row in rows:
            groups[(row.gateway, row.minute)].append(row)
        points = []
        for (gateway, minute), group in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            attempts = sum(r.attempts for r in group)
            judged = attempts - sum(r.payer_faults for r in group)
            weighed = [r for r in group if r.weight is not None]
            points.append(
                GatewayPoint(
                    gateway=gateway,
                    minute=minute,
                    attempts=judged,  # payer faults say nothing about the gateway
                    successes=sum(r.successes for r in group),
                    p50_ms=sum(r.p50_ms * r.attempts for r in group) / max(attempts, 1),
                    p95_ms=sum(r.p95_ms * r.attempts for r in group) / max(attempts, 1),
                    weight=_weight_by_attempts(weighed),
                )
            )
        return points

    async def active_incidents(self) -> Sequence[Incident]:
        """Open or acknowledged incidents."""
        async with self._sessions() as s:
            rows = await s.scalars(
                select(IncidentRow).where(IncidentRow.status != IncidentStatus.RESOLVED.value)
            )
            return [_incident(r) for r in rows.all()]

    async def recent_incidents(self, limit: int) -> Sequence[Incident]:
        """Newest first."""
        async with self._sessions() as s:
            rows = await s.scalars(
                select(IncidentRow).order_by(IncidentRow.opened_at.desc()).limit(limit)
            )
            return [_incident(r) for r in rows.all()]

    async def get_incident(self, incident_id: str) -> Incident | None:
        """One incident."""
        async with self._sessions() as s:
            row = await s.get(IncidentRow, incident_id)
            return _incident(row) if row else None

    async def save_incident(self, incident: Incident) -> bool:
        """Upsert by id; False when the database already holds an active one for the gateway."""
        try:
            async with self._sessions() as s, s.begin():
                row = await s.get(IncidentRow, incident.id)
                if row is None:
                    row = IncidentRow(id=incident.id)
                    s.add(row)
                _copy(incident, row)
        except IntegrityError:  # uq_incidents_one_active: another process opened it first
            return False
        return True

    async def acknowledge(self, incident_id: str, operator_id: int, at: datetime) -> bool:
        """Compare-and-set open → acknowledged."""
        async with self._sessions() as s, s.begin():
            result = await s.execute(
                update(IncidentRow)
                .where(
                    IncidentRow.id == incident_id,
                    IncidentRow.status == IncidentStatus.OPEN.value,
                )
                .values(
                    status=IncidentStatus.ACKNOWLEDGED.value,
                    acknowledged_by=operator_id,
                    updated_at=at,
                )
            )
            return result.rowcount == 1  # type: ignore[attr-defined]

    async def log_cycle(
        self, at: datetime, explanation: str, chooser: str, actions: Sequence[dict[str, Any]]
    ) -> None:
        """Record a cycle that did something."""
        async with self._sessions() as s, s.begin():
            s.add(
                AgentActionRow(
                    at=at,
                    chooser=chooser,
                    explanation=explanation[:2000],
                    actions=list(actions),
                    effect=None,
                )
            )

    async def log_effect(self, at: datetime, effect: dict[str, Any]) -> None:
        """The learn step's verdict on the latest cycle that acted."""
        async with self._sessions() as s, s.begin():
            row = await s.scalar(
                select(AgentActionRow)
                .where(AgentActionRow.at < at, AgentActionRow.effect.is_(None))
                .order_by(AgentActionRow.at.desc())
                .limit(1)
            )
            if row is not None:
                row.effect = effect
