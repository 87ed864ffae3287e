"""Typed FastAPI dependencies: routes resolve the services from ``app.state`` through these.

Each is a plain function so a test can replace it with ``app.dependency_overrides[...]``.
"""

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials

from bot.api.auth import bearer_scheme, forbidden, refusal
from bot.api.principals import principal_for
from bot.api.token_gate import PRINCIPAL
from bot.charts.service import ChartService
from bot.operations import Operations
from bot.prometheus import ServiceMetrics
from bot.rails import Fleet
from bot.services import Services
from bot.settings import Settings
from bot.telegram.context import ChatApplication
from core.audit import Actor
from core.deps import Deps
from core.principal import Principal, acting_for, may_operate, may_pay, may_read


def services_of(request: Request) -> Services:
    """The one bag of services the composition root put on the app."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(services_of)]


def settings_of(services: ServicesDep) -> Settings:
    """The process settings."""
    return services.settings


def deps_of(services: ServicesDep) -> Deps:
    """The use cases' dependency record."""
    return services.deps


def charts_of(services: ServicesDep) -> ChartService:
    """The chart renderer."""
    return services.charts


def ops_of(services: ServicesDep) -> Operations:
    """The routing runtime: agent cycles and the operations store."""
    return services.ops


def fleet_of(services: ServicesDep) -> Fleet:
    """The gateways and their router."""
    return services.fleet


def metrics_of(services: ServicesDep) -> ServiceMetrics:
    """The Prometheus counters."""
    return services.metrics


def telegram_of(request: Request) -> ChatApplication | None:
    """The Telegram application fed by the webhook, or None when Telegram is off."""
    telegram: ChatApplication | None = request.app.state.telegram
    return telegram


SettingsDep = Annotated[Settings, Depends(settings_of)]
DepsDep = Annotated[Deps, Depends(deps_of)]
ChartsDep = Annotated[ChartService, Depends(charts_of)]
OpsDep = Annotated[Operations, Depends(ops_of)]
FleetDep = Annotated[Fleet, Depends(fleet_of)]
MetricsDep = Annotated[ServiceMetrics, Depends(metrics_of)]
TelegramDep = Annotated[ChatApplication | None, Depends(telegram_of)]


async def principal_of(
    request: Request,
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
) -> Principal:
    """Who the request acts as (resolved once by the /v1 gate); 401 without a valid token."""
    principal: Principal | None = getattr(request.state, PRINCIPAL, None)
    if principal is None:  # a route outside the gate's /v1 prefix
        given = f"Bearer {credentials.credentials}" if credentials else None
        principal = await principal_for(services, given)
    if principal is None:
        raise refusal()
    return principal


PrincipalDep = Annotated[Principal, Depends(principal_of)]


def require_read(principal: PrincipalDep) -> Principal:
    """Any valid token reads (whose data is up to the route)."""
    if not may_read(principal):
        raise forbidden("This token cannot read.")
    return principal


def require_service(principal: PrincipalDep) -> Principal:
    """Fleet-wide read-only routes (gateways, incidents): a service token of either scope."""
    if principal.is_person:
        raise forbidden("This needs a service token; a personal token sees its owner's data.")
    return principal


def require_ops(principal: PrincipalDep) -> Principal:
    """Operator routes: a service token of scope ops only."""
    if not may_operate(principal):
        raise forbidden("This needs a service token of scope ops.")
    return principal


def person_of(principal: Principal, named: int | None) -> int:
    """The Telegram id a personal token acts for; 403 for a service token or someone else."""
    if not principal.is_person:
        raise forbidden("A service token never acts for a person.")
    acting = acting_for(principal, named)
    if acting is None:
        raise forbidden("This token acts only for its owner.")
    return acting


def paying_person(principal: Principal, named: int | None) -> int:
    """``person_of``, and the token may move money (scope pay)."""
    acting = person_of(principal, named)
    if not may_pay(principal):
        raise forbidden("This token can only read; make one with scope pay to pay.")
    return acting


def actor_of(principal: Principal) -> Actor:
    """The audit trail's name for a token holder: a person via their named token, or a service."""
    if principal.is_person and principal.owner_telegram_id is not None:
        return Actor.person_token(principal.owner_telegram_id, principal.name)
    return Actor.service_token(principal.name)


def rest_actor(principal: PrincipalDep) -> Actor:
    """Who a REST call acts as, for the audit trail."""
    return actor_of(principal)


ActorDep = Annotated[Actor, Depends(rest_actor)]
