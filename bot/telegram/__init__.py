"""The Telegram door: python-telegram-bot application and thin handlers."""
