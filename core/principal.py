"""Who a REST request acts as, and what each token scope allows: pure rules, no I/O."""

from dataclasses import dataclass
from typing import Literal

Kind = Literal["person_token", "service_token"]
Scope = Literal["read", "pay", "ops"]

PERSON_SCOPES: tuple[Scope, ...] = ("pay", "read")
SERVICE_SCOPES: tuple[Scope, ...] = ("ops", "read")


@dataclass(frozen=True)
class Principal:
    """The holder of a bearer token: a person's token (acts for its owner) or a service's."""

    kind: Kind
    name: str
    scope: Scope
    owner_telegram_id: int | None = None  # set for person tokens only

    @property
    def is_person(self) -> bool:
        """True for a personal token, which acts only for its owner."""
        return self.kind == "person_token"


def may_read(principal: Principal) -> bool:
    """Every scope reads: a person's own data, or a service's read-only routes."""
    return principal.scope in ("read", "pay", "ops")


def may_pay(principal: Principal) -> bool:
    """Only a person's ``pay`` token proposes, confirms, denies and cancels."""
    return principal.is_person and principal.scope == "pay"


def may_operate(principal: Principal) -> bool:
    """Only a service's ``ops`` token reaches operator routes (chaos, cycles, validate)."""
    return principal.kind == "service_token" and principal.scope == "ops"


def acting_for(principal: Principal, named: int | None) -> int | None:
    """The Telegram id the request acts for; None when it may not act for ``named``.

    A personal token acts for its owner, and naming anyone else is refused. A service token
    never acts for a person, so naming anyone at all is refused.
    """
    if not principal.is_person:
        return None
    if named is not None and named != principal.owner_telegram_id:
        return None
    return principal.owner_telegram_id
