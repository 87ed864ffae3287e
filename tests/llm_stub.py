"""A local OpenAI-compatible server with scripted answers: good, malformed, slow, hostile."""

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class StubBehaviour:
    """What the stub answers next."""

    content: Any = None  # dict → JSON content; str → raw content
    reject_json_schema: bool = False  # answer 400 to response_format, forcing the tool path
    tool_arguments: Any = None  # dict or raw str for the tool-call path
    transcript: str = ""
    delay_s: float = 0.0
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)


def _completion(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
    }


def stub_app(behaviour: StubBehaviour) -> FastAPI:
    """The stub's routes."""
    app = FastAPI()

    @app.post("/v1/audio/transcriptions")
    async def transcriptions(request: Request) -> JSONResponse:
        form = await request.form()
        behaviour.requests.append({"transcription": form.get("model")})
        if behaviour.status != 200:
            return JSONResponse(
                {"error": {"message": "stub failure"}}, status_code=behaviour.status
            )
        return JSONResponse({"text": behaviour.transcript})

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> JSONResponse:
        body = await request.json()
        behaviour.requests.append(body)
        if behaviour.delay_s:
            await asyncio.sleep(behaviour.delay_s)
        if behaviour.status != 200:
            return JSONResponse(
                {"error": {"message": "stub failure"}}, status_code=behaviour.status
            )
        if "response_format" in body:
            if behaviour.reject_json_schema:
                return JSONResponse({"error": {"message": "unsupported"}}, status_code=400)
            content = behaviour.content
            text = content if isinstance(content, str) else json.dumps(content)
            return JSONResponse(_completion({"role": "assistant", "content": text}))
        if "tools" in body:
            name = body["tools"][0]["function"]["name"]
            args = behaviour.tool_arguments
            raw = args if isinstance(args, str) else json.dumps(args)
            call = {
                "id": "call_1",
                "type": "function",
                "function": {"name": name, "arguments": raw},
            }
            return JSONResponse(
                _completion({"role": "assistant", "content": None, "tool_calls": [call]})
            )
        content = behaviour.content
        text = content if isinstance(content, str) else json.dumps(content)
        return JSONResponse(_completion({"role": "assistant", "content": text}))

    return app


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_stub(behaviour: StubBehaviour) -> Iterator[str]:
    """Serve the stub on 127.0.0.1 in a thread; yields its /v1 base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(stub_app(behaviour), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
