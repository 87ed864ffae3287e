"""OperationsStore on SQLAlchemy: each call is its own short transaction."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.metrics import GatewayPoint
from core.routing.incidents import Incident, IncidentStatus
from core.routing.minutes import GatewayMinute
from storage.ops_models import AgentActionRow, GatewayMinuteRow, IncidentRow


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

    async def add_minutes(self, minutes: Sequence[GatewayMinute]) -> None:
        """Insert finished minutes."""
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
                )
                for m in minutes
            )

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
            weights = [r.weight for r in group if r.weight is not None]
            points.append(
                GatewayPoint(
                    gateway=gateway,
                    minute=minute,
                    attempts=judged,  # payer faults say nothing about the gateway
                    successes=sum(r.successes for r in group),
                    p50_ms=sum(r.p50_ms * r.attempts for r in group) / max(attempts, 1),
                    p95_ms=sum(r.p95_ms * r.attempts for r in group) / max(attempts, 1),
                    weight=sum(weights) / len(weights) if weights else None,
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

    async def save_incident(self, incident: Incident) -> None:
        """Upsert by id."""
        async with self._sessions() as s, s.begin():
            row = await s.get(IncidentRow, incident.id)
            if row is None:
                row = IncidentRow(id=incident.id)
                s.add(row)
            row.gateway = incident.gateway
            row.status = incident.status.value
            row.opened_at = incident.opened_at
            row.updated_at = incident.updated_at
            row.resolved_at = incident.resolved_at
            row.summary = incident.summary[:500]
            row.explanation = incident.explanation[:2000]
            row.actions = list(incident.actions)[-50:]
            row.acknowledged_by = incident.acknowledged_by

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
