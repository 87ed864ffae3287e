"""Each webhook update handled once by the whole fleet (see core/handled_updates.py)."""

import asyncio
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Literal

from core.handled_updates import CLAIM_LEASE, ClaimState, UpdateClaim, UpdateClaims, handling
from core.ports import Clock

BUSY_WAIT_S = 10.0  # a duplicate waits this long for the other process before asking a retry
BUSY_POLL_S = 0.1

Handled = Literal["processed", "duplicate", "busy"]


async def handle_once(
    claims: UpdateClaims,
    clock: Clock,
    update_id: int,
    process: Callable[[], Awaitable[None]],
) -> Handled:
    """Run ``process`` unless another process handled (or is handling) this update.

    "busy": another process still holds a live claim; the caller answers so that Telegram
    delivers again later, when the update is handled (a duplicate) or the claim has expired
    (the holder died: this delivery takes it over).
    """
    claim = UpdateClaim(update_id, secrets.token_hex(8), clock.now())
    state = await claims.claim(claim, CLAIM_LEASE)
    if state is ClaimState.HANDLED:
        return "duplicate"
    if state is ClaimState.BUSY:
        return "duplicate" if await _handled_soon(claims, update_id) else "busy"
    try:
        with handling(claim):
            await process()
    except BaseException:
        await asyncio.shield(claims.release(claim))  # a re-delivery may try again at once
        raise
    await claims.finish(claim)
    return "processed"


async def _handled_soon(claims: UpdateClaims, update_id: int) -> bool:
    """Wait a little for the holder to finish: the usual duplicate arrives mid-handling."""
    deadline = time.monotonic() + BUSY_WAIT_S
    while time.monotonic() < deadline:
        if await claims.is_handled(update_id):
            return True
        await asyncio.sleep(BUSY_POLL_S)
    return await claims.is_handled(update_id)
