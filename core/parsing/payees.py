"""Payee resolution: match what the user wrote against their contacts, or admit doubt."""

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.intent import Contact
from core.parsing.realnames import COMMON_NAMES
from core.parsing.text import fold, tokenize

_LEADING = ("my", "the", "to", "@")
# German spellings without the umlaut: "Mueller" is how many people type "Müller".
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Resolution:
    """The contact a fragment names, or None plus the contact ids it might mean."""

    contact_id: str | None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContactKeys:
    """Every way one contact may be written, as squashed token tuples."""

    contact_id: str
    exact: frozenset[tuple[str, ...]]  # full name, first name, handle, aliases
    strong: frozenset[tuple[str, ...]]  # full name, handle, aliases (unique on their own)
    names: frozenset[tuple[str, ...]]  # full and first name, for typo matching
    joined: frozenset[str]  # exact keys with the spaces removed


def words(text: str) -> tuple[str, ...]:
    """Squashed tokens of ``text`` (case, accents, apostrophes and '@' removed)."""
    return tuple(t.key for t in tokenize(fold(text)))


def _spellings(name: str) -> set[tuple[str, ...]]:
    """A name as folded tokens, plus its umlaut transliteration when it has one."""
    return {words(name), words(name.lower().translate(_UMLAUTS))} - {()}


@lru_cache(maxsize=64)
def contact_keys(contacts: tuple[Contact, ...]) -> tuple[ContactKeys, ...]:
    """Key sets for every contact (cached: contexts are reused across messages)."""
    out = []
    for c in contacts:
        full = _spellings(c.name)
        first = {f[:1] for f in full if len(f) > 1}
        handles = _spellings(c.handle) if c.handle else set()
        aliases = set().union(*(_spellings(a) for a in c.aliases)) if c.aliases else set()
        strong = full | handles | aliases
        out.append(
            ContactKeys(
                c.id,
                frozenset(strong | first),
                frozenset(strong),
                frozenset(full | first),
                frozenset("".join(k) for k in strong | first),
            )
        )
    return tuple(out)


Shape = tuple[int, int, str]


def _shape(key: tuple[str, ...]) -> Shape:
    """Words in the key, letters in its first word, and that word's first letter."""
    return len(key), len(key[0]), key[0][:1]


def _typo_shapes(toks: tuple[str, ...]) -> set[Shape]:
    """Every shape a key can have if ``toks`` is it with typos (see is_typo).

    A first word typed right or with two letters swapped after the first keeps length and
    initial; swapping the first two letters moves the second letter to the front; a dropped
    letter (never the first) makes the real word one longer with the same initial.
    """
    words, first = len(toks), toks[0]
    shapes = {(words, len(first), first[:1]), (words, len(first) + 1, first[:1])}
    if len(first) > 1:
        shapes.add((words, len(first), first[1]))
    return shapes


@dataclass(frozen=True)
class ContactIndex:
    """Contacts' keys with the lookups every message needs, built once per contact list."""

    keys: tuple[ContactKeys, ...]
    by_exact: Mapping[tuple[str, ...], tuple[int, ...]]  # key → positions in ``keys``
    by_joined: Mapping[str, tuple[int, ...]]
    longest_exact: int  # tokens in the longest exact key
    name_words: frozenset[str]  # first word of every exact key: never a stopword in a phrase
    strong_phrases: frozenset[tuple[str, ...]]  # strong keys that are not someone's first name
    # Typo candidates by shape (see _shape), so a misspelling is checked against the few keys
    # it could be a typo of rather than against every contact.
    names_by_shape: Mapping[Shape, tuple[tuple[int, tuple[str, ...]], ...]]
    long_handles_by_shape: Mapping[Shape, tuple[tuple[int, tuple[str, ...]], ...]]

    @classmethod
    def of(cls, contacts: tuple[Contact, ...]) -> "ContactIndex":
        """Index ``contacts``."""
        keys = contact_keys(contacts)
        by_exact: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        by_joined: defaultdict[str, list[int]] = defaultdict(list)
        for position, k in enumerate(keys):
            for key in k.exact:
                by_exact[key].append(position)
            for joined in k.joined:
                by_joined[joined].append(position)
        firsts = {key for k in keys for key in k.names if len(key) == 1}
        names: defaultdict[Shape, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        long_single: defaultdict[Shape, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for position, k in enumerate(keys):
            for key in k.names:
                names[_shape(key)].append((position, key))
            for key in k.strong:
                if len(key) == 1 and len(key[0]) >= 5:
                    long_single[_shape(key)].append((position, key))
        return cls(
            keys,
            {key: tuple(p) for key, p in by_exact.items()},
            {key: tuple(p) for key, p in by_joined.items()},
            max((len(key) for key in by_exact), default=0),
            frozenset(key[0] for key in by_exact),
            # A handle equal to a first name ("alice") is no stronger than the first name itself.
            frozenset(key for k in keys for key in k.strong) - firsts,
            {shape: tuple(found) for shape, found in names.items()},
            {shape: tuple(found) for shape, found in long_single.items()},
        )

    def exact_ids(self, toks: tuple[str, ...]) -> list[str]:
        """Ids of contacts written exactly as ``toks`` (or with the spaces run together)."""
        positions = set(self.by_exact.get(toks, ())) | set(self.by_joined.get("".join(toks), ()))
        return [self.keys[p].contact_id for p in sorted(positions)]

    def typo_ids(self, toks: tuple[str, ...]) -> list[str]:
        """Ids of contacts ``toks`` misspells: by full or first name, then by a long handle."""
        shapes = _typo_shapes(toks)
        named = {
            p for s in shapes for p, key in self.names_by_shape.get(s, ()) if _typo_of(toks, key)
        }
        ids = [self.keys[p].contact_id for p in sorted(named)]
        if len(toks) == 1:
            handles = self.long_handles_by_shape
            long = {p for s in shapes for p, key in handles.get(s, ()) if _typo_of(toks, key)}
            ids += [self.keys[p].contact_id for p in sorted(long)]
        return ids


# The directory hands every message the same contacts tuple until someone joins, so the index
# is found by identity: hashing hundreds of contacts per lookup cost more than the parse.
_RECENT_LIMIT = 8
_recent: dict[int, tuple[tuple[Contact, ...], ContactIndex]] = {}
_recent_lock = threading.Lock()


def contact_index(contacts: Sequence[Contact]) -> ContactIndex:
    """The index of ``contacts``, reused while the same tuple comes back."""
    if not isinstance(contacts, tuple):  # a list could change under an identity key
        return ContactIndex.of(tuple(contacts))
    hit = _recent.get(id(contacts))
    if hit is not None and hit[0] is contacts:
        return hit[1]
    index = ContactIndex.of(contacts)
    with _recent_lock:
        if len(_recent) >= _RECENT_LIMIT:
            _recent.pop(next(iter(_recent)))
        _recent[id(contacts)] = (contacts, index)  # the tuple is held, so its id stays its own
    return index


def is_typo(typed: str, real: str) -> bool:
    """True for one adjacent swap or one dropped letter (not the first) of a long-enough word."""
    if len(real) < 4 or typed == real:
        return False
    if len(typed) == len(real):
        diff = [i for i, (a, b) in enumerate(zip(typed, real, strict=True)) if a != b]
        if len(diff) != 2 or diff[1] != diff[0] + 1:
            return False
        i = diff[0]
        return typed[i] == real[i + 1] and typed[i + 1] == real[i]
    if len(typed) == len(real) - 1:  # people rarely drop the initial, so never match that
        return any(real[:i] + real[i + 1 :] == typed for i in range(1, len(real)))
    return False


def _typo_of(typed: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """True when ``typed`` is ``key`` with at least one unmistakable typo and nothing else."""
    if len(typed) != len(key):
        return False
    pairs = list(zip(typed, key, strict=True))
    if any(t != k and (t in COMMON_NAMES or not is_typo(t, k)) for t, k in pairs):
        return False
    return any(t != k for t, k in pairs)


def _normal(fragment: str | Sequence[str]) -> tuple[str, ...]:
    """Fragment as squashed tokens without a leading "my"/"the"."""
    toks = words(fragment) if isinstance(fragment, str) else tuple(fragment)
    while toks and toks[0] in _LEADING:
        toks = toks[1:]
    return toks


def _decide(ids: Iterable[str]) -> Resolution:
    """One id resolves; several are ambiguous."""
    unique = tuple(dict.fromkeys(ids))
    if len(unique) == 1:
        return Resolution(unique[0])
    return Resolution(None, unique)


def _exact_handle(fragment: str | Sequence[str], contacts: Sequence[Contact]) -> str | None:
    """The one contact whose @username is exactly ``fragment`` ("@bob"), if written so."""
    written = fragment if isinstance(fragment, str) else " ".join(fragment)
    written = written.strip()
    if not written.startswith("@") or " " in written:
        return None
    wanted = written[1:].lower()
    found = [c.id for c in contacts if c.handle and c.handle.lower() == wanted]
    return found[0] if len(found) == 1 else None


def resolve_payee(fragment: str | Sequence[str], contacts: Sequence[Contact]) -> Resolution:
    """Resolve a payee as written ("Alice", "@bjones", "my mom", "Alcie") to a contact."""
    handle = _exact_handle(fragment, contacts)
    if handle is not None:  # an @username is one person's: no "which one?" with look-alikes
        return Resolution(handle)
    toks = _normal(fragment)
    if not toks:
        return Resolution(None)
    index = contact_index(contacts)
    # "Erin O Neil" and "user two" should meet "erin oneil" and the handle "usertwo".
    exact = index.exact_ids(toks)
    if exact:
        return _decide(exact)
    fuzzy = index.typo_ids(toks)
    resolved = _decide(fuzzy) if fuzzy else Resolution(None)
    return resolved if resolved.contact_id else Resolution(None, resolved.candidates)
