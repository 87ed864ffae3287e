import random
from dataclasses import replace

from core.gateways import GatewayRequest, GatewayResult, Outcome
from core.routing.breaker import BreakerConfig
from core.routing.config import RouterConfig
from core.routing.rail import NO_ROUTE, RoutedRail
from core.routing.router import Router
from tests.unit.routing.fakes import Clock, ScriptedGateway, request


def rail(
    a: list[Outcome], b: list[Outcome], **cfg: object
) -> tuple[RoutedRail, ScriptedGateway, ScriptedGateway, Router]:
    gw_a, gw_b = ScriptedGateway("a", a), ScriptedGateway("b", b)
    router = Router({"a": ["USDC"], "b": ["USDC"]}, random.Random(1), RouterConfig(**cfg))  # type: ignore[arg-type]
    router.set_weights("USDC", {"a": 100.0, "b": 0.0001})
    return RoutedRail(router, {"a": gw_a, "b": gw_b}, Clock()), gw_a, gw_b, router


async def test_a_gateway_fault_is_retried_once_elsewhere_with_the_same_key() -> None:
    r, gw_a, gw_b, _ = rail([Outcome.SERVER_ERROR], [Outcome.SUCCEEDED], explore=0.0)
    result = await r.send(request("run-42"))
    assert result.succeeded and result.gateway == "b"
    assert gw_a.keys == ["run-42"] and gw_b.keys == ["run-42"]


async def test_a_second_gateway_fault_is_not_retried_again() -> None:
    r, gw_a, gw_b, _ = rail([Outcome.TIMEOUT], [Outcome.NETWORK], explore=0.0)
    result = await r.send(request())
    assert result.outcome is Outcome.NETWORK
    assert len(gw_a.keys) + len(gw_b.keys) == 2


async def test_an_issuer_decline_is_final_and_not_retried() -> None:
    for outcome in (Outcome.ISSUER_DECLINE, Outcome.INSUFFICIENT_FUNDS):
        r, gw_a, gw_b, router = rail([outcome], [Outcome.SUCCEEDED], explore=0.0)
        before = router.score("a")
        result = await r.send(request())
        assert result.outcome is outcome
        assert gw_a.keys == ["run-1"] and gw_b.keys == []
        assert router.score("a") == before


async def test_retries_stop_when_the_budget_is_spent() -> None:
    r, _, gw_b, _ = rail(
        [Outcome.SERVER_ERROR], [Outcome.SUCCEEDED], explore=0.0, retry_ratio=0.0, retry_floor=2
    )
    results = [await r.send(request(f"run-{i}")) for i in range(5)]
    assert len(gw_b.keys) == 2
    assert [x.succeeded for x in results].count(True) == 2


async def test_no_carrier_means_a_failed_result_without_any_charge() -> None:
    r, gw_a, gw_b, _ = rail([Outcome.SUCCEEDED], [Outcome.SUCCEEDED])
    result = await r.send(request(asset="INR"))
    assert result.gateway == NO_ROUTE and not result.succeeded
    assert gw_a.keys == gw_b.keys == []


def single_carrier(
    outcomes: list[Outcome], **breaker: int
) -> tuple[RoutedRail, ScriptedGateway, Router]:
    gw = ScriptedGateway("paypal", outcomes, assets=("EUR",))
    cfg = RouterConfig(explore=0.0, breaker=BreakerConfig(**breaker))  # type: ignore[arg-type]
    router = Router({"paypal": ["EUR"]}, random.Random(1), cfg)
    return RoutedRail(router, {"paypal": gw}, Clock()), gw, router


async def test_a_fast_fault_on_the_only_carrier_is_tried_once_more_there_with_the_same_key() -> (
    None
):
    for fault in (Outcome.SERVER_ERROR, Outcome.NETWORK):
        r, gw, _ = single_carrier([fault, Outcome.SUCCEEDED])
        result = await r.send(request("run-7", asset="EUR"))
        assert result.succeeded
        assert gw.keys == ["run-7", "run-7"]


async def test_a_timeout_on_the_only_carrier_is_not_waited_for_twice() -> None:
    r, gw, _ = single_carrier([Outcome.TIMEOUT, Outcome.SUCCEEDED])
    result = await r.send(request(asset="EUR"))
    assert result.outcome is Outcome.TIMEOUT
    assert len(gw.keys) == 1


async def test_the_only_carrier_is_not_retried_once_the_fault_opened_its_breaker() -> None:
    r, gw, _ = single_carrier([Outcome.SERVER_ERROR, Outcome.SUCCEEDED], consecutive=1)
    result = await r.send(request(asset="EUR"))
    assert result.outcome is Outcome.SERVER_ERROR
    assert len(gw.keys) == 1


async def test_a_fast_fault_goes_to_another_carrier_before_the_same_one() -> None:
    r, gw_a, gw_b, _ = rail([Outcome.NETWORK], [Outcome.SUCCEEDED], explore=0.0)
    result = await r.send(request("run-9"))
    assert result.gateway == "b" and gw_a.keys == ["run-9"] and gw_b.keys == ["run-9"]


async def test_a_resend_after_a_crash_returns_the_success_another_gateway_gave_the_key() -> None:
    r, gw_a, gw_b, router = rail([Outcome.SUCCEEDED], [Outcome.SUCCEEDED], explore=0.0)
    first = await r.send(request("run-7"))  # charged at a, then the worker died before posting
    router.set_weights("USDC", {"a": 0.0001, "b": 100.0})  # the router now prefers b
    again = await r.send(replace(request("run-7"), resend=True))
    assert again == first and again.gateway == "a"
    assert gw_a.keys == ["run-7"] and gw_b.keys == []  # no second charge anywhere


async def test_a_resend_of_a_key_no_gateway_took_is_routed_as_a_fresh_attempt() -> None:
    r, gw_a, gw_b, _ = rail([Outcome.SUCCEEDED], [Outcome.SUCCEEDED], explore=0.0)
    result = await r.send(replace(request("run-8"), resend=True))
    assert result.succeeded and gw_a.keys == ["run-8"] and gw_b.keys == []


class LateGateway(ScriptedGateway):
    """Times out, yet charged: a later lookup of the key reports the success."""

    async def charge(self, request: GatewayRequest) -> GatewayResult:
        await super().charge(request)
        self.results[request.idempotency_key] = GatewayResult(self.name, Outcome.SUCCEEDED, 1.0)
        return GatewayResult(self.name, Outcome.TIMEOUT, 5000.0)


class SilentGateway(ScriptedGateway):
    """Times out and cannot be asked about it afterwards."""

    async def lookup(self, idempotency_key: str) -> GatewayResult | None:
        raise ConnectionError("status endpoint down")


def two_gateways(first: ScriptedGateway) -> tuple[RoutedRail, ScriptedGateway]:
    second = ScriptedGateway("b", [Outcome.SUCCEEDED])
    router = Router({"a": ["USDC"], "b": ["USDC"]}, random.Random(1), RouterConfig(explore=0.0))
    router.set_weights("USDC", {"a": 100.0, "b": 0.0001})
    return RoutedRail(router, {"a": first, "b": second}, Clock()), second


async def test_a_timeout_that_charged_after_all_is_not_charged_again_elsewhere() -> None:
    r, other = two_gateways(LateGateway("a", [Outcome.TIMEOUT]))
    result = await r.send(request("run-5"))
    assert result.succeeded and result.gateway == "a"
    assert other.keys == []


async def test_a_timeout_nobody_can_explain_is_not_sent_elsewhere() -> None:
    r, other = two_gateways(SilentGateway("a", [Outcome.TIMEOUT]))
    result = await r.send(request("run-6"))
    assert result.outcome is Outcome.TIMEOUT and other.keys == []


async def test_a_timeout_the_gateway_confirms_as_failed_is_retried_elsewhere() -> None:
    r, other = two_gateways(ScriptedGateway("a", [Outcome.TIMEOUT]))
    result = await r.send(request("run-8"))
    assert result.succeeded and result.gateway == "b" and other.keys == ["run-8"]
