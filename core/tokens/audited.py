"""Token changes in the audit trail: who made or revoked which token, through which door."""

from core.audit import Actor, Door, SubjectKind, change_of
from core.deps import Deps


def token_subject(owner: int | None, name: str) -> str:
    """A token's name in the trail: its holder and name (the raw token is never recorded)."""
    holder = f"person:{owner}" if owner is not None else "service"
    return f"{holder}/{name}"


async def record_token_change(
    deps: Deps, actor: Actor, door: Door, owner: int | None, name: str, action: str, **detail: str
) -> None:
    """Append one entry for a token made or revoked (the token store has its own transaction)."""
    subject = (SubjectKind.TOKEN, token_subject(owner, name))
    entry = change_of(deps.ids, deps.clock.now(), actor, door, subject, action, **detail)
    async with deps.uow() as uow:
        await uow.audit.add([entry])
        await uow.commit()
