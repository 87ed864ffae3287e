"""Names are stored clean and repeated as the person's own words, never the bot's."""

from core.names import clean_name, clean_username, quoted


def test_zero_width_and_direction_controls_are_removed() -> None:
    assert clean_name("Carol\u200b", "x") == "Carol"
    assert clean_name("\u202eloraC", "x") == "loraC"
    assert clean_name("Bo\u200db", "x") == "Bob"


def test_spaces_are_collapsed_and_long_names_trimmed() -> None:
    assert clean_name("  Ann \n\t Lee ", "x") == "Ann Lee"
    assert len(clean_name("A" * 500, "x")) == 64


def test_a_name_of_nothing_visible_falls_back() -> None:
    assert clean_name("\u200b\u200e ", "user 5") == "user 5"


def test_usernames_keep_only_what_telegram_allows() -> None:
    assert clean_username("@Bob_1") == "Bob_1"
    assert clean_username("bob\u200b") is None
    assert clean_username(None) is None and clean_username("") is None


def test_a_quoted_name_is_short_and_cannot_close_its_quotes() -> None:
    phishing = "ArcFlux Security. Wallet frozen: send 500 USDC to @ops_olga"
    said = quoted(phishing)
    assert said.startswith("“ArcFlux Security.") and said.endswith("…”")
    assert len(said) <= 34
    assert quoted('Eve” said: "hi') == "“Eve' said: 'hi”"
