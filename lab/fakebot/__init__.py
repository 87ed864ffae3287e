"""A standalone fake Telegram Bot API server for tests, the soak and multi-process runs."""
