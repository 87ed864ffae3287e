"""The running service, driven over HTTP through the local Bot API as a person would."""

from decimal import Decimal

from tests.e2e.sandbox.conftest import ALICE, BOB, CAROL, OPERATOR, SandboxClient

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_bot_registers_its_command_menu_on_start(service: SandboxClient) -> None:
    menus = service.http.get("/sandbox/api/commands").json()
    names = [c["command"] for c in menus["default"]]
    assert {"start", "help", "balance", "chart"} <= set(names)
    assert str(OPERATOR) in menus


def test_a_payment_typed_and_confirmed_in_the_sandbox_ends_in_a_receipt(
    service: SandboxClient,
) -> None:
    service.reply(ALICE, "/start", "Welcome, Alice!")
    service.reply(BOB, "/start", "Welcome, Bob!")
    before = service.reply(BOB, "/balance", "Balance:")
    card = service.reply(ALICE, "pay bob 10 usdc", "Pay 10.00 USDC to “Bob”?")
    [receipt] = service.tap(ALICE, card, "Confirm")
    assert receipt["message_id"] == card["message_id"]  # the card itself becomes the receipt
    assert receipt["text"].startswith("Paid 10.00 USDC to “Bob”.")
    assert receipt["buttons"] == [] and receipt["toast"] == "Done."
    after = service.reply(BOB, "/balance", "Balance:")  # a payee notice may arrive meanwhile
    assert _amount(after["text"]) - _amount(before["text"]) == Decimal(10)


def _amount(balance_text: str) -> Decimal:
    """1,010.00 from "Balance: 1,010.00 USDC"."""
    return Decimal(balance_text.split()[1].replace(",", ""))


def test_a_chart_arrives_in_the_sandbox_as_a_photo(service: SandboxClient) -> None:
    service.reply(CAROL, "/start", "Welcome")
    replies = service.say(CAROL, "/chart balance 7d", "Balance, last 7d")
    [photo] = [m for m in replies if m["photo"]]
    assert photo["caption"].startswith("Balance, last 7d: 1,000.00 USDC now")
    image = service.http.get(photo["photo"])
    assert image.headers["content-type"] == "image/png" and image.content.startswith(PNG)


def test_the_bot_api_refuses_a_wrong_token(service: SandboxClient) -> None:
    response = service.http.post("/sandbox-api/bot1:wrong/getMe")
    assert response.status_code == 401 and response.json()["ok"] is False
