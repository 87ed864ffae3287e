"""Where the tokenless sandbox may listen: loopback only, unless opened on purpose."""

import ipaddress

from bot.settings import Settings


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any interface


def refusal(settings: Settings) -> str | None:
    """Why the service must not start as configured, or None."""
    if settings.telegram_bot_token is not None or settings.sandbox_public:
        return None
    if is_loopback(settings.host):
        return None
    return (
        f"refusing to serve the sandbox on HOST={settings.host}: without TELEGRAM_BOT_TOKEN the"
        " local Telegram lets anyone who reaches the port act as any person and as the operator."
        " Set TELEGRAM_BOT_TOKEN, listen on 127.0.0.1, or set SANDBOX_PUBLIC=true to open it"
        " on purpose."
    )
