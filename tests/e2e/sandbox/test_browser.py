"""A person in a real (headless) browser pays from the sandbox page and sees the receipt."""

import shutil
from pathlib import Path

import pytest

from tests.e2e.sandbox.conftest import ALICE, BOB, SandboxClient

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on this machine")


def test_typing_a_payment_and_tapping_confirm_shows_the_receipt(
    service: SandboxClient, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    service.reply(BOB, "/start", "Welcome")  # the payee exists before Alice pays
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 420, "height": 760})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{service.base_url}/sandbox?as={ALICE}")
            box = page.get_by_label("Message")
            box.fill("/start")
            box.press("Enter")
            expect(page.locator(".bot").last).to_contain_text("Welcome, Alice!")
            box.fill("pay bob 7.5 usdc")
            page.get_by_role("button", name="Send").click()
            card = page.locator(".bot", has_text="Pay 7.50 USDC to “Bob”?")
            expect(card).to_be_visible()
            card.get_by_role("button", name="Confirm").click()
            receipt = page.locator(".bot", has_text="Paid 7.50 USDC to “Bob”.")
            expect(receipt).to_be_visible()
            expect(receipt.get_by_role("button")).to_have_count(0)
            page.screenshot(path=str(tmp_path / "sandbox-receipt.png"))
        finally:
            browser.close()
