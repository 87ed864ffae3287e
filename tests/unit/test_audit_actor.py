"""Actors say plainly who acted."""

import pytest

from core.audit import Actor, ActorKind


@pytest.mark.parametrize(
    ("actor", "line"),
    [
        (Actor.person(123), "person 123 via Telegram"),
        (Actor.person_token(123, "laptop"), "person 123 via token laptop"),
        (Actor.operator(7), "operator 7"),
        (Actor.service_token("ops-bot"), "service token ops-bot"),
        (Actor.scheduler(), "scheduler"),
        (Actor.system("expiry sweep"), "system (expiry sweep)"),
    ],
)
def test_each_actor_describes_itself_in_one_plain_line(actor: Actor, line: str) -> None:
    assert actor.describe() == line


def test_a_person_carries_their_telegram_id_and_a_token_its_name() -> None:
    assert Actor.person_token(5, "laptop") == Actor(ActorKind.PERSON_TOKEN, 5, "laptop")
