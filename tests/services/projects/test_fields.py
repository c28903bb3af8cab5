"""Every free-text field of a project, with any text at all (hypothesis): refused plainly, or kept safe."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts
from bot.errors import UserError
from bot.services.projects import ProjectDetails, clean_link, clean_places
from bot.services.projects.fields import MAX_ABOUT, MAX_BRING, MAX_TITLE, MAX_WHERE

ANY_TEXT = st.text(max_size=1200) | st.sampled_from(["@everyone", "<@&123>", "**x**", "\x00", " ", "🎬" * 101])


def _plain(text: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cc", "Cs") and ch != "\n" for ch in text)


@settings(max_examples=200, deadline=None)
@given(title=ANY_TEXT, about=ANY_TEXT, where=ANY_TEXT, bring=ANY_TEXT)
def test_details_are_refused_or_clean(title: str, about: str, where: str, bring: str) -> None:
    try:
        details = ProjectDetails.clean(title, about, where, "", bring)
    except UserError as err:
        assert err.message  # an easy-read reason, never an empty one
        return
    assert 0 < len(details.title) <= MAX_TITLE and details.title == details.title.strip()
    assert len(details.about) <= MAX_ABOUT and len(details.where) <= MAX_WHERE and len(details.bring) <= MAX_BRING
    for value in (details.title, details.where, details.bring):
        assert "\n" not in value and _plain(value)
    assert _plain(details.about) and "\x00" not in details.about


@settings(max_examples=200, deadline=None)
@given(link=st.text(max_size=600) | st.from_regex(r"(https?|ftp|javascript|data):[^\s]{0,40}", fullmatch=True))
def test_links_are_web_addresses_or_refused(link: str) -> None:
    try:
        cleaned = clean_link(link)
    except UserError as err:
        assert err.message in (texts.PROJECT_LINK_NOT_WEB, texts.FIELD_TOO_LONG.format(field="online link", limit=500))
        return
    assert cleaned == "" or cleaned.lower().startswith(("http://", "https://"))
    assert len(cleaned) <= 500 and not any(ch.isspace() for ch in cleaned)


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=12) | st.integers(-10, 1000))
def test_places_are_1_to_500_or_refused(value: str | int) -> None:
    try:
        places = clean_places(value)
    except UserError as err:
        assert err.message == texts.PROJECT_PLACES_RANGE.format(low=1, high=500)
        return
    assert places is None or 1 <= places <= 500
