"""The HTTP door: Telegram webhook, REST API, health."""
