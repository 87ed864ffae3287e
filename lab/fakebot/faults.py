"""Faults the caller switches on: an outage, rate limits, blocked chats, missing methods."""

from dataclasses import dataclass
from typing import Any

from lab.fakebot.errors import METHOD_NOT_FOUND, ApiError
from lab.fakebot.state import FakeBotState

FAULT_MODES = ("ok", "down", "429", "403", "5xx", "missing")
# When several rules match one call, the one nearest the network wins: an outage hides the rest.
_PRECEDENCE = ("down", "5xx", "429", "missing", "403")


@dataclass(frozen=True)
class Outage:
    """Bot API routes answer like a proxy whose upstream is gone: 502 with an HTML page."""

    status: int = 502
    text: str = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def set_fault(state: FakeBotState, rule: dict[str, Any]) -> None:
    """Switch a fault on (replacing the same mode's rule), or all of them off with "ok"."""
    mode = rule["mode"]
    if mode not in FAULT_MODES:
        raise ValueError(f"unknown fault mode {mode!r}; one of {', '.join(FAULT_MODES)}")
    if mode == "ok":
        state.faults.clear()
        return
    state.faults[mode] = {
        "methods": [name.lower() for name in rule.get("methods") or []],
        "chat_ids": [int(chat_id) for chat_id in rule.get("chat_ids") or []],
        "retry_after": int(rule.get("retry_after") or 1),
        "times": rule.get("times"),  # None: until switched off; n: the next n matching calls
    }


def fault_for(state: FakeBotState, method: str, chat_id: int | None) -> ApiError | Outage | None:
    """The failure this call meets, if any; counts down rules limited to a number of calls."""
    for mode in _PRECEDENCE:
        rule = state.faults.get(mode)
        if rule is None or not _matches(rule, method, chat_id):
            continue
        if rule["times"] is not None:
            rule["times"] -= 1
            if rule["times"] <= 0:
                del state.faults[mode]
        return _failure(mode, rule)
    return None


def _matches(rule: dict[str, Any], method: str, chat_id: int | None) -> bool:
    """A rule limited to methods or chats applies only to those."""
    if rule["methods"] and method.lower() not in rule["methods"]:
        return False
    return not rule["chat_ids"] or chat_id in rule["chat_ids"]


def _failure(mode: str, rule: dict[str, Any]) -> ApiError | Outage:
    """What Telegram (or the proxy in front of it) answers in this mode."""
    if mode == "down":
        return Outage()
    if mode == "5xx":
        return ApiError(500, "Internal Server Error")
    if mode == "429":
        retry_after = rule["retry_after"]
        return ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )
    if mode == "missing":
        return METHOD_NOT_FOUND
    return ApiError(403, "Forbidden: bot was blocked by the user")
