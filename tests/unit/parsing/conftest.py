"""Shared fixtures: a frozen Wednesday clock and a small contact book."""

from datetime import UTC, datetime

import pytest

from core.intent import Contact, IntentContext

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday, as in the eval README
CONTACTS = (
    Contact("user2", "User Two", "usertwo", ("u2", "user2")),
    Contact("alice", "Alice Smith", "alice"),
    Contact("bob", "Bob Jones", "bjones", ("bobby",)),
    Contact("carol", "Carol Diaz", "carold", ("mom",)),
    Contact("dave", "Dave Lee", "davelee"),
    Contact("erin", "Erin O'Neil", "erin_o"),
    Contact("frank", "Frank Müller", "frankm"),
    Contact("priya", "Priya Raman", "priya"),
)


@pytest.fixture
def ctx() -> IntentContext:
    """The evaluation context: UTC, USDC by default, eight contacts."""
    return IntentContext(now=NOW, timezone="UTC", default_asset="USDC", contacts=CONTACTS)


def iso_runs(runs: list[datetime]) -> list[str]:
    """Run times as compact UTC strings for readable assertions."""
    return [r.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for r in runs]
