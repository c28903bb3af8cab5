"""The practice page's own words (not the bot's) follow ../shared/EASY_READ.md too."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sandbox import web
from sandbox.web import forms, render
from tests.unit.test_texts import test_text_is_easy_read

STATIC = Path(web.__file__).parent / "static"


class Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt") and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def page_words() -> list[str]:
    parser = Visible()
    parser.feed((STATIC / "index.html").read_text())
    said = parser.texts
    script = (STATIC / "practice.js").read_text()
    said += re.findall(r'(?:say|confirm)\("([^"]+)"', script)
    said += [web.NO_ANSWER, web.DID_NOT_WORK]
    # The fixed words the renderer adds around the bot's messages.
    for module in (render, forms):
        source = Path(module.__file__ or "").read_text()
        said += re.findall(r">([A-Z][^<>{}]*[a-z.])<", source)
    return sorted({s.strip() for s in said})


WORDS = page_words()


def test_the_page_has_words_to_check() -> None:
    assert "Only you can see this" in WORDS and "How to practise" in WORDS and len(WORDS) > 25


@pytest.mark.parametrize("text", WORDS)
def test_page_words_are_easy_read(text: str) -> None:
    test_text_is_easy_read("page", text)
