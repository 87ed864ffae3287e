"""The chat page at /sandbox and the small JSON API it uses to act as a demo person."""

from importlib.resources import files
from typing import Any

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from bot.sandbox.store import ChatMessage, Person, SandboxStore

MAX_WAIT_SECONDS = 25.0


class SayIn(BaseModel):
    """Text typed by a demo person."""

    text: str = Field(min_length=1, max_length=4096)


class PersonIn(BaseModel):
    """A demo person to add (payers only: operators are configured)."""

    id: int = Field(gt=0, lt=2**52)
    first_name: str = Field(min_length=1, max_length=64)
    username: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{4,31}$")


class TapIn(BaseModel):
    """A tap on an inline button of a bot message."""

    message_id: int
    data: str = Field(min_length=1, max_length=64)


def _message_out(message: ChatMessage) -> dict[str, Any]:
    return {
        "message_id": message.message_id,
        "from_bot": message.from_bot,
        "date": message.date,
        "rev": message.rev,
        "text": message.text,
        "caption": message.caption,
        "photo": f"/sandbox/api/photos/{message.photo_id}.png" if message.photo_id else None,
        "buttons": (message.reply_markup or {}).get("inline_keyboard", []),
        "toast": message.toast,
    }


def sandbox_page_router(store: SandboxStore) -> APIRouter:
    """The page and its API; local use only, so no authentication."""
    router = APIRouter(include_in_schema=False)
    _add_page_and_people(router, store)
    _add_chats_and_photos(router, store)
    return router


def _person(store: SandboxStore, user_id: int) -> Person:
    found = store.person(user_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such demo person")
    return found


def _add_page_and_people(router: APIRouter, store: SandboxStore) -> None:
    """The chat page, the demo people and the command menu the bot published."""
    page = files("bot.sandbox").joinpath("static/index.html").read_text(encoding="utf-8")

    @router.get("/sandbox")
    async def chat_page() -> HTMLResponse:
        return HTMLResponse(page)

    @router.get("/sandbox/api/people")
    async def people() -> list[dict[str, Any]]:
        return [
            {"id": p.id, "name": p.first_name, "username": p.username, "operator": p.operator}
            for p in store.people
        ]

    @router.post("/sandbox/api/people")
    async def add_person(body: PersonIn) -> dict[str, Any]:
        added = store.register(Person(body.id, body.first_name, body.username))
        return {"id": added.id, "name": added.first_name, "username": added.username}

    @router.get("/sandbox/api/commands")
    async def commands() -> dict[str, list[dict[str, Any]]]:
        return store.commands


def _add_chats_and_photos(router: APIRouter, store: SandboxStore) -> None:
    """A demo person's chat: read it (long-polled), say something, tap a button, see a photo."""

    @router.get("/sandbox/api/chats/{user_id}")
    async def chat(user_id: int, after: int = 0, wait: float = 0) -> dict[str, Any]:
        """Messages changed after revision ``after``; waits up to ``wait`` seconds for one."""
        _person(store, user_id)

        def changed() -> list[ChatMessage]:
            return [m for m in store.chats.get(user_id, []) if m.rev > after]

        if wait > 0 and not changed():
            await store.wait(lambda: bool(changed()), min(wait, MAX_WAIT_SECONDS))
        return {"revision": store.revision, "messages": [_message_out(m) for m in changed()]}

    @router.post("/sandbox/api/chats/{user_id}/messages")
    async def say(user_id: int, body: SayIn) -> dict[str, Any]:
        return _message_out(await store.say(_person(store, user_id), body.text))

    @router.post("/sandbox/api/chats/{user_id}/taps")
    async def tap(user_id: int, body: TapIn) -> dict[str, str]:
        try:
            query_id = await store.tap(_person(store, user_id), body.message_id, body.data)
        except LookupError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such message") from None
        return {"callback_query_id": query_id}

    @router.get("/sandbox/api/photos/{photo_id}.png")
    async def photo(photo_id: str) -> Response:
        data = store.photos.get(photo_id)
        if data is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such photo")
        return Response(data, media_type="image/png")
