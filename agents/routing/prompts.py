"""Prompt and schema for letting a model choose among the policy's allowed actions."""

SYSTEM = (
    "You are the routing agent of a payments platform. The deterministic policy has proposed "
    "actions that are all allowed and safe. Choose which of them to take (by index; you may "
    "take all or none) and explain in two sentences for the on-call operator what you saw and "
    "what you did. You cannot invent new actions."
)

SCHEMA: dict[str, object] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "take": {"type": "array", "items": {"type": "integer"}},
        "explanation": {"type": "string"},
    },
    "required": ["take", "explanation"],
}
