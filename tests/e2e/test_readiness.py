"""/healthz says the process lives, at once; /readyz says whether the database takes a write."""

import sqlite3
import time
from pathlib import Path

import httpx

from bot.composition.container import Container


async def test_ready_when_the_database_takes_a_write(http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "telegram": "ok"}


async def test_a_locked_database_is_not_ready_within_seconds_while_liveness_answers_at_once(
    http: httpx.AsyncClient, container: Container
) -> None:
    other = sqlite3.connect(Path(container.settings.database_url.removeprefix("sqlite:///")))
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")  # another process holds SQLite's write lock
    try:
        started = time.monotonic()
        live = await http.get("/healthz")
        live_took = time.monotonic() - started
        started = time.monotonic()
        ready = await http.get("/readyz")
        ready_took = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
    assert live.status_code == 200 and live_took < 0.5
    assert ready.status_code == 503 and ready_took < 3.0
    assert ready.json()["database"] == "no write within 2 s"
    assert (await http.get("/readyz")).status_code == 200  # and ready again once released
