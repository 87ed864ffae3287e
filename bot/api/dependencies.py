"""Typed FastAPI dependencies: routes resolve the services from ``app.state`` through these.

Each is a plain function so a test can replace it with ``app.dependency_overrides[...]``.
"""

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials

from bot.api.auth import bearer_scheme, refusal, same_secret
from bot.charts.service import ChartService
from bot.operations import Operations
from bot.prometheus import ServiceMetrics
from bot.rails import Fleet
from bot.services import Services
from bot.settings import Settings
from bot.telegram.context import ChatApplication
from core.audit import Actor
from core.deps import Deps


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


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
) -> None:
    """Refuse (401) a request without one of the API_TOKENS; per route, so the schema shows it."""
    given = credentials.credentials.strip() if credentials else None
    if not any(same_secret(given, token) for token in settings.api_tokens):
        raise refusal()


def rest_actor() -> Actor:
    """Who a REST call acts as: the one place to change when calls carry their own principal."""
    return Actor.service_token("API_TOKENS")


ActorDep = Annotated[Actor, Depends(rest_actor)]
