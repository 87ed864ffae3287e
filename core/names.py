"""People's names as the bot stores and repeats them: cleaned, trimmed, and quoted as theirs.

A name is whatever a Telegram user typed; the bot must neither store the invisible characters
that make two names look equal (zero-width joiners, direction overrides) nor repeat a name so
that it reads as the bot's own words ("ArcFlux Security. Wallet frozen: …").
"""

import re
import unicodedata

NAME_LIMIT = 64  # what is stored
QUOTE_LIMIT = 32  # what a message repeats
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}  # controls, format (bidi, ZW*), unassigned
_SPACES = re.compile(r"\s+")
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,32}")


def clean_name(raw: str, fallback: str) -> str:
    """``raw`` without invisible or direction-control characters, spaces collapsed, trimmed."""
    kept = "".join(ch for ch in raw if unicodedata.category(ch) not in _INVISIBLE)
    kept = _SPACES.sub(" ", unicodedata.normalize("NFC", kept)).strip()
    return kept[:NAME_LIMIT].rstrip() or fallback


def clean_username(raw: str | None) -> str | None:
    """A Telegram @username as Telegram allows it (letters, digits, _), or None."""
    if not raw:
        return None
    bare = raw.strip().removeprefix("@")
    return bare if _USERNAME.fullmatch(bare) else None


def quoted(name: str) -> str:
    """A person's name as the bot repeats it: in quotes, short, so it reads as their name."""
    inner = name.replace("“", "'").replace("”", "'").replace('"', "'")
    if len(inner) > QUOTE_LIMIT:
        inner = inner[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f"“{inner}”"
