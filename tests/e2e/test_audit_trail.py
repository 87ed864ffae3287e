"""The audit trail through the doors: Telegram taps, the scheduler and REST each name themselves."""

from typing import Any

import httpx

from bot.composition.container import Container
from bot.telegram.callbacks import parse_pay_answer
from core.audit import SubjectKind
from lab.offline_telegram import OfflineChat, buttons
from tests.e2e.conftest import API_HEADERS

People = dict[str, dict[str, Any]]


async def trail(http: httpx.AsyncClient, payment_id: str) -> list[tuple[str, str]]:
    response = await http.get("/v1/audit", params={"payment_id": payment_id}, headers=API_HEADERS)
    assert response.status_code == 200
    return [(e["actor"], e["action"]) for e in response.json()]


async def test_a_payment_confirmed_in_telegram_lists_the_payer_then_the_scheduler(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    [card] = await chat.say(people["alice"], "pay bob 10 usdc")
    confirm = buttons(card)["Confirm"]
    tapped = parse_pay_answer(confirm)
    assert tapped is not None
    await chat.tap(people["alice"], confirm, 1, people["alice"]["id"])
    alice = f"person {people['alice']['id']} via Telegram"
    assert await trail(http, tapped.payment_id) == [
        (alice, "propose"),
        (alice, "confirm"),
        ("scheduler", "run"),
        ("scheduler", "run"),
        ("scheduler", "close"),
    ]


async def test_a_series_cancelled_through_a_personal_token_names_the_token(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    [card] = await chat.say(people["alice"], "pay bob 5 usdc every monday")
    confirm = buttons(card)["Confirm"]
    tapped = parse_pay_answer(confirm)
    assert tapped is not None
    await chat.tap(people["alice"], confirm, 1, people["alice"]["id"])
    [made] = await chat.say(people["alice"], "/token new laptop pay")
    laptop = {"Authorization": f"Bearer {made.params['text'].splitlines()[1]}"}
    cancelled = await http.post(f"/v1/payments/{tapped.payment_id}/cancel", json={}, headers=laptop)
    assert cancelled.status_code == 200
    alice = people["alice"]["id"]
    assert (await trail(http, tapped.payment_id))[-1] == (
        f"person {alice} via token laptop",
        "cancel",
    )


async def test_a_payment_proposed_and_confirmed_through_a_token_names_the_token(
    http: httpx.AsyncClient, chat: OfflineChat, people: People
) -> None:
    for name in ("alice", "bob"):
        await chat.say(people[name], "/start")
    [made] = await chat.say(people["alice"], "/token new laptop pay")
    laptop = {"Authorization": f"Bearer {made.params['text'].splitlines()[1]}"}
    proposed = await http.post("/v1/commands", json={"text": "pay bob 7"}, headers=laptop)
    payment = proposed.json()["payment"]
    answer = {"details_hash": payment["details_hash"]}
    await http.post(f"/v1/payments/{payment['id']}/confirm", json=answer, headers=laptop)
    via = f"person {people['alice']['id']} via token laptop"
    assert (await trail(http, payment["id"]))[:2] == [(via, "propose"), (via, "confirm")]


async def test_the_audit_needs_a_token(http: httpx.AsyncClient) -> None:
    assert (await http.get("/v1/audit", params={"payment_id": "x"})).status_code == 401


async def subject_trail(container: Container, kind: SubjectKind, key: str) -> list[str]:
    async with container.deps.uow(read_only=True) as uow:
        entries = await uow.audit.for_subject(kind, key)
    return [f"{e.actor.describe()}: {e.action}" for e in entries]


async def test_operators_breaker_and_a_services_chaos_are_recorded_with_their_actor(
    http: httpx.AsyncClient, chat: OfflineChat, people: People, container: Container
) -> None:
    [opened] = await chat.say(people["olga"], "/breaker circle open")
    assert "open on every process" in opened.params["text"], opened.params["text"]
    chaos = {"action": "restore"}
    assert (
        await http.post("/v1/gateways/circle/chaos", json=chaos, headers=API_HEADERS)
    ).is_success
    olga = people["olga"]["id"]
    breaker = await subject_trail(container, SubjectKind.BREAKER, "breaker:circle")
    assert breaker == [f"operator {olga}: override"]
    chaos_trail = await subject_trail(container, SubjectKind.GATEWAY_OVERRIDE, "chaos:circle")
    assert chaos_trail == ["service token API_TOKENS: override"]


async def test_a_token_made_and_revoked_in_chat_is_recorded(
    chat: OfflineChat, people: People, container: Container
) -> None:
    alice = people["alice"]
    await chat.say(alice, "/start")
    await chat.say(alice, "/token new laptop read")
    await chat.say(alice, "/token revoke laptop")
    key = f"person:{alice['id']}/laptop"
    assert await subject_trail(container, SubjectKind.TOKEN, key) == [
        f"person {alice['id']} via Telegram: make",
        f"person {alice['id']} via Telegram: revoke",
    ]
