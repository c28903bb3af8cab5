"""The one text cleaner, with hostile input and property tests (hypothesis)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.errors import UserError
from bot.textclean import ZWJ, clean_text, has_visible, public_text

FIELD = "title"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Text made of what people type and what attackers paste: letters, emoji, joiners, bidi and zero-width.
hostile = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(BIDI + "\u200b\u200c\u200d\u2060\ufeff\u00ad\u3164\u2800 \t\n\r👩👧🏽")),
    ),
    max_size=300,
)


@given(hostile)
@settings(max_examples=300, deadline=None)
def test_cleaning_twice_changes_nothing(value: str) -> None:
    once = clean_text(value, FIELD, 10_000, multiline=True)
    assert clean_text(once, FIELD, 10_000, multiline=True) == once


@given(hostile)
@settings(max_examples=300, deadline=None)
def test_nothing_invisible_or_reversing_is_kept(value: str) -> None:
    cleaned = clean_text(value, FIELD, 10_000)
    assert not any(ch in BIDI for ch in cleaned)
    for i, ch in enumerate(cleaned):
        category = unicodedata.category(ch)
        assert category not in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp")
        if category == "Cf":
            # Only a joiner between two visible characters (inside an emoji sequence) stays.
            assert ch == ZWJ and 0 < i < len(cleaned) - 1
    assert cleaned == "" or has_visible(cleaned)
    assert cleaned == cleaned.strip() and "\n" not in cleaned


@given(hostile, st.integers(min_value=1, max_value=50))
@settings(max_examples=200, deadline=None)
def test_required_fields_refuse_empty_and_too_long(value: str, limit: int) -> None:
    try:
        cleaned = clean_text(value, FIELD, limit, required=True)
    except UserError as err:
        assert err.message in (
            texts.FIELD_EMPTY.format(field=FIELD),
            texts.FIELD_TOO_LONG.format(field=FIELD, limit=limit),
        )
        return
    assert has_visible(cleaned) and len(cleaned) <= limit


@pytest.mark.parametrize(
    "value",
    ["", "   ", "\u200b\u200b\u200b", "\u202e", "\u3164\u3164", "\u2800", "\ufeff \u2060", "\n\t\r"],
)
def test_text_with_nothing_visible_is_empty(value: str) -> None:
    with pytest.raises(UserError) as err:
        clean_text(value, FIELD, 100, required=True)
    assert err.value.message == texts.FIELD_EMPTY.format(field=FIELD)
    assert clean_text(value, FIELD, 100) == ""


def test_hostile_examples() -> None:
    assert clean_text("Film\u202e club", FIELD, 100) == "Film club"  # a right-to-left override reverses nothing
    assert clean_text("👩\u200d👩\u200d👧 family", FIELD, 100) == "👩\u200d👩\u200d👧 family"  # kept whole
    assert clean_text("\u200dhi\u200d", FIELD, 100) == "hi"  # a joiner at an edge joins nothing
    assert clean_text("@everyone **bold**", FIELD, 100) == "@everyone **bold**"  # shown, never pinged
    assert clean_text("a\x00b\x07c", FIELD, 100) == "abc"
    with pytest.raises(UserError):
        clean_text("x" * 101, FIELD, 100)


@given(st.text(max_size=40), st.sampled_from(["http://evil.example", "https://a.b/c?d=e", "<https://x.y>"]))
@settings(max_examples=200, deadline=None)
def test_masked_links_are_shown_as_plain_text(label: str, url: str) -> None:
    shown = public_text(f"[{label}]({url})")
    assert not re.search(r"\[[^\[\]\n]*\]\(\s*<?[^()\s<>]+>?\s*\)", shown)
    assert url.strip("<>") in shown


def test_a_masked_link_shows_where_it_goes() -> None:
    assert public_text("[Click me](http://evil.example)") == "Click me (http://evil.example)"
    assert public_text("see https://ok.example") == "see https://ok.example"
