"""Voice notes: transcribed when enabled, handled like text; otherwise a plain refusal."""

from dataclasses import replace
from typing import Any

from agents.llm import LlmConfig, Transcriber
from bot.composition.container import Container
from bot.telegram.app import build_application
from lab.offline_telegram import OfflineChat, OfflineTelegram, UpdateFactory, voice_update
from tests.conftest import BOT_TOKEN
from tests.fakes import FrozenClock
from tests.llm_stub import StubBehaviour, running_stub

People = dict[str, dict[str, Any]]


async def test_voice_is_refused_politely_when_not_enabled(
    chat: OfflineChat, people: People
) -> None:
    await chat.say(people["alice"], "/start")
    calls = await chat._process(voice_update(chat.updates, people["alice"], "v1"))
    assert [c.params["text"] for c in calls] == [
        "Voice messages are not enabled here; please type your request."
    ]


async def test_a_transcribed_voice_note_becomes_a_payment_card(
    container: Container, clock: FrozenClock, people: People
) -> None:
    behaviour = StubBehaviour(transcript="pay bobby 10 usdc")
    with running_stub(behaviour) as url:
        transcriber = Transcriber(LlmConfig(url, "k", "stub"), "whisper-stub")
        api = OfflineTelegram(clock, files={"v2": b"OggS..."})
        application = build_application(
            BOT_TOKEN, replace(container, transcriber=transcriber), request=api, polling=False
        )
        async with application:
            chat = OfflineChat(application, api, UpdateFactory(clock))
            await chat.say(people["alice"], "/start")
            await chat.say(people["bob"], "/start")
            calls = await chat._process(voice_update(chat.updates, people["alice"], "v2"))
    texts = [c.params["text"] for c in calls if c.method == "sendMessage"]
    assert texts[0] == "I heard: “pay bobby 10 usdc”"
    assert texts[1].startswith("Pay 10.00 USDC to “Bob”?")
    assert any(c.method == "downloadFile" for c in calls)
    assert behaviour.requests == [{"transcription": "whisper-stub"}]
