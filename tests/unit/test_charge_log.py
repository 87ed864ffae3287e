"""The simulated gateways' charge log: what a restarted process remembers of earlier lives."""

import random
from decimal import Decimal
from pathlib import Path

from bot.rails import ChargeLog
from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.routing.simulated import Profile, RandomDraws, SimulatedGateway


def gateway() -> SimulatedGateway:
    return SimulatedGateway(
        "stripe", ["USDC"], Profile(1.0, 100, 200), RandomDraws(random.Random(1))
    )


def request(key: str) -> GatewayRequest:
    return GatewayRequest(key, Decimal(1), "USDC", "payer", "payee")


def answered(outcome: Outcome) -> GatewayResult:
    return GatewayResult("stripe", outcome, 1.0)


async def test_a_restart_remembers_answered_keys_but_not_fast_failures(tmp_path: Path) -> None:
    log = ChargeLog(str(tmp_path / "charges.log"))
    log("stripe", request("refused"), answered(Outcome.SERVER_ERROR))
    log("stripe", request("paid"), answered(Outcome.SUCCEEDED))
    log("stripe", request("late"), answered(Outcome.TIMEOUT))
    reborn = gateway()
    log.recall({"stripe": reborn})
    paid, late = await reborn.lookup("paid"), await reborn.lookup("late")
    assert paid is not None and paid.succeeded
    assert late is not None and late.outcome is Outcome.TIMEOUT  # it may have executed: kept
    assert await reborn.lookup("refused") is None  # a 5xx executed nothing
    assert (await reborn.charge(request("refused"))).succeeded  # so the key is tried afresh
