"""The contact index finds exactly the contacts a scan of every contact's keys would."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core.intent import Contact
from core.parsing.payees import _typo_of, contact_index, contact_keys, words

# A small alphabet makes near names, swaps and dropped letters common.
word = st.text(alphabet="abeno", min_size=3, max_size=7)
name = st.lists(word, min_size=1, max_size=2).map(" ".join)
contacts = st.lists(st.tuples(name, st.none() | word), min_size=1, max_size=12).map(
    lambda people: tuple(Contact(f"c{i}", n, h) for i, (n, h) in enumerate(people))
)


@st.composite
def written(draw: st.DrawFn, people: tuple[Contact, ...]) -> tuple[str, ...]:
    """Someone's name as typed: right, first name only, two letters swapped or one dropped."""
    toks = list(words(draw(st.sampled_from(people)).name))
    i = draw(st.integers(0, len(toks) - 1))
    w, how = toks[i], draw(st.sampled_from(["right", "first", "swap", "drop", "other"]))
    j = draw(st.integers(0, max(0, len(w) - 2)))
    if how == "swap" and len(w) > 1:
        toks[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif how == "drop" and len(w) > 1:
        toks[i] = w[:j] + w[j + 1 :]
    elif how == "first":
        toks = toks[:1]
    elif how == "other":
        toks = [draw(word)]
    return tuple(toks)


def scan_exact(toks: tuple[str, ...], people: tuple[Contact, ...]) -> list[str]:
    joined = "".join(toks)
    return [k.contact_id for k in contact_keys(people) if toks in k.exact or joined in k.joined]


def scan_typos(toks: tuple[str, ...], people: tuple[Contact, ...]) -> list[str]:
    keys = contact_keys(people)
    found = [k.contact_id for k in keys if any(_typo_of(toks, key) for key in k.names)]
    found += [
        k.contact_id
        for k in keys
        for key in k.strong
        if len(key) == 1 and len(toks) == 1 and len(key[0]) >= 5 and _typo_of(toks, key)
    ]
    return list(dict.fromkeys(found))


@settings(max_examples=400, deadline=None)
@given(people=contacts, data=st.data())
def test_indexed_lookups_equal_a_scan_of_every_contact(
    people: tuple[Contact, ...], data: st.DataObject
) -> None:
    toks = data.draw(written(people))
    index = contact_index(people)
    assert index.exact_ids(toks) == scan_exact(toks, people)
    assert list(dict.fromkeys(index.typo_ids(toks))) == scan_typos(toks, people)
