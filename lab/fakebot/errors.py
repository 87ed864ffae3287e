"""Bot API failures, shaped the way Telegram answers them."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ApiError(Exception):
    """A Bot API call that Telegram would refuse: HTTP status, description, parameters."""

    status: int
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The JSON Telegram sends with the refusal."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    """A 400, which python-telegram-bot raises as BadRequest."""
    return ApiError(400, f"Bad Request: {reason}")


METHOD_NOT_FOUND = ApiError(404, "Not Found: method not found")
UNAUTHORIZED = ApiError(401, "Unauthorized")
