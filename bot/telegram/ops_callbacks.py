"""Callback data for incident alerts: inc:ack:<id> and inc:chart:<id>, parsed strictly."""

import re
from typing import Literal

_INCIDENT = re.compile(r"^inc:(ack|chart):([0-9a-f]{32})$")


def incident_button(action: Literal["ack", "chart"], incident_id: str) -> str:
    """The callback_data of an alert button."""
    return f"inc:{action}:{incident_id}"


def parse_incident(data: str | None) -> tuple[str, str] | None:
    """(action, incident id) or None for anything malformed."""
    match = _INCIDENT.fullmatch(data or "")
    return (match.group(1), match.group(2)) if match else None
