"""The webhook door: only Telegram (holding the secret) gets updates processed."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.composition.container import Container
from lab.offline_telegram import OfflineChat
from tests.conftest import WEBHOOK_SECRET
from tests.e2e.conftest import WEBHOOK_HEADERS


async def test_an_update_with_the_right_secret_is_processed(
    http: httpx.AsyncClient, chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    update = chat.updates.message(people["alice"], "/start")
    response = await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
    assert response.status_code == 200
    replies = chat.api.sent()
    assert len(replies) == 1 and "Welcome, Alice" in replies[0].params["text"]


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_processed(
    http: httpx.AsyncClient, chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    update = chat.updates.message(people["alice"], "/start")
    wrong = await http.post(
        "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
    )
    missing = await http.post("/telegram/webhook", json=update)
    assert (wrong.status_code, missing.status_code) == (403, 403)
    assert chat.api.sent() == []


async def test_a_malformed_body_is_a_bad_request(
    http: httpx.AsyncClient, chat: OfflineChat
) -> None:
    response = await http.post("/telegram/webhook", content=b"{not json", headers=WEBHOOK_HEADERS)
    assert response.status_code == 400
    assert chat.api.sent() == []


async def test_an_oversized_body_is_refused(http: httpx.AsyncClient) -> None:
    body = json.dumps({"update_id": 1, "padding": "x" * 1_100_000})
    response = await http.post("/telegram/webhook", content=body, headers=WEBHOOK_HEADERS)
    assert response.status_code == 413


async def test_health_reports_ok_and_leadership_with_the_database_up(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get("/healthz")
    # One process on SQLite is its own leader: it runs the duties that must happen once.
    assert response.status_code == 200 and response.json() == {"status": "ok", "leader": True}


# --- abuse: forged secrets, replays, strangers, groups and channels, junk, floods ---------


@pytest.mark.parametrize(
    "given",
    [
        WEBHOOK_SECRET[:-1],
        WEBHOOK_SECRET + "x",
        WEBHOOK_SECRET.upper(),
        f" {WEBHOOK_SECRET}",
        "",
        "x" * 4096,
        WEBHOOK_SECRET.replace("-", "_"),
    ],
    ids=["prefix", "suffix", "case", "space", "empty", "huge", "lookalike"],
)
async def test_any_forged_secret_is_refused_before_the_body_is_read(
    http: httpx.AsyncClient, chat: OfflineChat, people, given: str
) -> None:  # type: ignore[no-untyped-def]
    update = chat.updates.message(people["alice"], "/start")
    headers = {"X-Telegram-Bot-Api-Secret-Token": given}
    assert (await http.post("/telegram/webhook", json=update, headers=headers)).status_code == 403
    # Nor does the secret count anywhere else than in its header.
    elsewhere = await http.post(
        f"/telegram/webhook?secret_token={WEBHOOK_SECRET}",
        json=update,
        headers={"Authorization": f"Bearer {WEBHOOK_SECRET}"},
    )
    assert elsewhere.status_code == 403
    assert chat.api.sent() == []


async def test_a_replayed_update_is_handled_once(
    http: httpx.AsyncClient, chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    await chat.say(people["bob"], "/start")
    await chat.say(people["alice"], "/start")
    before = len(chat.api.sent())
    update = chat.updates.message(people["alice"], "pay bob 5")
    for _ in range(3):
        response = await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
        assert response.status_code == 200
    cards = chat.api.sent()[before:]
    assert len(cards) == 1 and "Pay 5.00 USDC to “Bob”?" in cards[0].params["text"]


async def test_a_stranger_without_a_wallet_is_told_to_start_and_nothing_else_happens(
    http: httpx.AsyncClient, chat: OfflineChat, container: Container
) -> None:
    stranger = chat.updates.user(99_123, "Eve")
    update = chat.updates.message(stranger, "pay bob 5")
    assert (await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)).is_success
    [reply] = chat.api.sent()
    assert reply.params["text"] == "Send /start first so I can open your wallet."
    async with container.deps.uow() as uow:
        assert await uow.users.all() == []


@pytest.mark.parametrize("text", ["pay bob 5", "/start", "/balance", "/payments"])
async def test_groups_never_open_wallets_or_start_payments(
    http: httpx.AsyncClient, chat: OfflineChat, people, container: Container, text: str
) -> None:  # type: ignore[no-untyped-def]
    await chat.say(people["bob"], "/start")
    for kind in ("group", "supergroup"):
        update = chat.updates.message(people["alice"], text, chat_type=kind)
        assert (
            await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
        ).is_success
    for call in chat.api.sent()[1:]:  # at most a 'private chats only' note, never a card
        assert "reply_markup" not in call.params and "Balance" not in call.params["text"]
    async with container.deps.uow() as uow:
        assert [u.telegram_id for u in await uow.users.all()] == [people["bob"]["id"]]


async def test_channel_posts_and_update_kinds_without_a_user_are_ignored(
    http: httpx.AsyncClient, chat: OfflineChat
) -> None:
    post = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": -100_555, "type": "channel", "title": "News"},
        "text": "pay bob 5",
    }
    for update in (
        {"update_id": 9_001, "channel_post": post},
        {"update_id": 9_002, "edited_channel_post": post},
        {"update_id": 9_003, "my_chat_member": None},
        {"update_id": 9_004},
    ):
        response = await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
        assert response.status_code in (200, 400), update
    assert chat.api.sent() == []
    assert (await http.get("/healthz")).status_code == 200


@given(
    body=st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    ["update_id", "message", "callback_query", "chat", "from", "text", "id"]
                )
                | st.text(max_size=8),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
async def test_malformed_json_is_refused_or_ignored_never_a_server_error(
    body: object, http: httpx.AsyncClient
) -> None:
    response = await http.post("/telegram/webhook", json=body, headers=WEBHOOK_HEADERS)
    assert response.status_code in (200, 400), (body, response.status_code)


@pytest.mark.parametrize(
    "raw", [b"", b"\xff\xfe\x00garbage", b"[]", b"null", b'"text"', b"1e999", b"{" * 10_000]
)
async def test_bodies_that_are_not_an_update_are_bad_requests(
    http: httpx.AsyncClient, chat: OfflineChat, raw: bytes
) -> None:
    response = await http.post("/telegram/webhook", content=raw, headers=WEBHOOK_HEADERS)
    assert response.status_code == 400
    assert chat.api.sent() == []


async def test_a_giant_body_is_refused_even_without_a_content_length(
    http: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(200):
            yield b"x" * 65_536  # 13 MB in total, streamed: no Content-Length header

    response = await http.post("/telegram/webhook", content=chunks(), headers=WEBHOOK_HEADERS)
    assert response.status_code == 413


async def test_a_flood_from_one_user_is_throttled_and_the_service_stays_up(
    http: httpx.AsyncClient, chat: OfflineChat, people
) -> None:  # type: ignore[no-untyped-def]
    await chat.say(people["alice"], "/start")
    await chat.say(people["bob"], "/start")
    before = len(chat.api.sent())
    for _ in range(200):
        update = chat.updates.message(people["alice"], "/balance")
        assert (
            await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
        ).is_success
    answered = chat.api.sent()[before:]
    # A short burst is answered, then one 'slow down', then silence: far fewer than 200 replies.
    assert 1 <= sum("Balance" in c.params["text"] for c in answered) < 50
    assert sum("faster than I can read" in c.params["text"] for c in answered) == 1
    # Others are unaffected, and the service answers.
    assert "Balance" in (await chat.say(people["bob"], "/balance"))[0].params["text"]
    assert (await http.get("/healthz")).status_code == 200


@pytest.mark.parametrize("forged_id", [2**70, 2**52 + 1, -5, 0])
async def test_a_webhook_update_from_an_id_no_person_can_have_does_nothing(
    http: httpx.AsyncClient, chat: OfflineChat, container: Container, forged_id: int
) -> None:
    forged = chat.updates.user(forged_id, "Forged", "forged")
    for text in ("/start", "pay bob 5"):
        update = chat.updates.message(forged, text)
        response = await http.post("/telegram/webhook", json=update, headers=WEBHOOK_HEADERS)
        assert response.status_code == 200
    assert [c.method for c in chat.api.calls if c.method != "getMe"] == []  # no reply, no alert
    async with container.deps.uow(read_only=True) as uow:
        assert await uow.users.count() == 0  # nobody got a wallet
