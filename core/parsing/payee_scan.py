"""Find the payee phrase inside a message and resolve it (see ``payees`` for the rules)."""

from collections.abc import Sequence
from dataclasses import dataclass

from core.intent import Contact
from core.parsing.payees import Resolution, contact_index, resolve_payee
from core.parsing.text import Token, tokenize

# Words that are never part of a payee's name: they split the message into candidate phrases.
_STOPWORDS_TEXT = """
    a about account ago all already also am amount an and any anymore anything are as asap at
    back balance be been bill bot both bro but buddy by can cancel cash cheers could delete did
    do does done dont dude each else every everything few for friend from funds get give go
    going gonna got had has have hello help hey hi history how i id if ill im in instead into is
    it its ive just kill kindly last let like list lol make me money month months more much
    must my need next no not now of off ok okay on one only or our out over pal past payment
    payments pay paying paid people please pls plz quick quickly remove right send sending sent
    set should show so some stop sum than thank thanks that thats the their them then there
    these they this those thx time times to today too total transaction transactions transfer
    transfers transferring turn u up upcoming us via wanna want was we week weeks what whats
    when where which who will wire with would yo you your yesterday tip remit schedule
    scheduled recurring weekly monthly daily far anyone someone somebody person starting start
    starts beginning begin until till til onwards after before around later soon then again
    once twice thrice over shoot sure yes yeah yep pay payday rent
    doesnt didnt wont cant isnt hasnt havent wasnt arent shouldnt wouldnt couldnt
    """
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_TEXT.split())


@dataclass(frozen=True)
class PayeeFind:
    """The payee a message names: its resolution and the words as written (or None)."""

    resolution: Resolution
    text: str | None


def protected_spans(folded: str, contacts: Sequence[Contact]) -> list[tuple[int, int]]:
    """Spans that exactly name a contact ("user two"), kept away from number parsing."""
    index = contact_index(contacts)
    exact, longest = index.by_exact, index.longest_exact
    tokens = tokenize(folded)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            if tuple(t.key for t in tokens[i : i + n]) in exact:
                spans.append((tokens[i].start, tokens[i + n - 1].end))
                i += n - 1
                break
        i += 1
    return spans


def _runs(
    tokens: list[Token], names: frozenset[str], original: str
) -> list[tuple[str, list[Token]]]:
    """Maximal phrases of non-stopwords, each with the word that came just before it."""
    runs: list[tuple[str, list[Token]]] = []
    current: list[Token] = []
    before = prev = ""
    for tok in tokens:
        # Anything but spaces between two words (an amount, a time, a comma) ends a phrase.
        broken = bool(current) and original[current[-1].end : tok.start].strip() != ""
        if broken:
            runs.append((before, current))
            current = []
        stop = (tok.key in STOPWORDS and tok.key not in names) or tok.key.isdigit()
        if stop:
            if current:
                runs.append((before, current))
                current = []
            prev = tok.key
            continue
        if not current:
            before = prev
        current.append(tok)
        prev = tok.key
    if current:
        runs.append((before, current))
    return runs


def _inner(run: list[Token], original: str, contacts: Sequence[Contact]) -> Resolution:
    """A contact named inside a longer phrase ("cousin bob"), but never "Bob Smith"."""
    strong = contact_index(contacts).strong_phrases
    words = [t.key for t in run]
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            part = tuple(words[i : i + n])
            if part in strong:
                return resolve_payee(part, contacts)
    # A lone first name may end a phrase of lower-case words; a following word could be a surname.
    lead = run[:-1]
    if all(original[t.start : t.start + 1].islower() for t in lead):
        return resolve_payee((words[-1],), contacts)
    return Resolution(None)


def find_payee(masked: str, original: str, contacts: Sequence[Contact]) -> PayeeFind:
    """The payee in ``masked`` (folded text with schedule and amount words blanked)."""
    names = contact_index(contacts).name_words
    runs = _runs(tokenize(masked), names, original)
    if not runs:
        return PayeeFind(Resolution(None), None)
    found: list[tuple[str, list[Token], Resolution]] = []
    for before, run in runs:
        # "@bob" is one person's handle: no "which one?" with a Bob who has another handle.
        at_handle = len(run) == 1 and original[run[0].start : run[0].start + 1] == "@"
        written = original[run[0].start : run[0].end] if at_handle else None
        res = resolve_payee(written or tuple(t.key for t in run), contacts)
        if not (res.contact_id or res.candidates) and len(run) > 1:
            res = _inner(run, original, contacts)
        found.append((before, run, res))
    named = [f for f in found if f[2].contact_id or f[2].candidates]
    # "to X" is the clearest payee marker; otherwise the first phrase that names someone.
    pick = next((f for f in named if f[0] == "to"), None) or (named[0] if named else None)
    if pick is None:
        pick = next((f for f in found if f[0] == "to"), found[0])
    run = pick[1]
    return PayeeFind(pick[2], original[run[0].start : run[-1].end])
