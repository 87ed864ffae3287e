"""Deterministic (no-LLM) intent parsing: text + context → Intent, plus its building blocks."""

from core.parsing.parser import parse_intent
from core.parsing.payees import Resolution, resolve_payee
from core.parsing.schedules import parse_schedule

__all__ = ["Resolution", "parse_intent", "parse_schedule", "resolve_payee"]
