"""Checking what organisers type. Every field has a limit; bad input raises an easy-read UserError."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot import texts
from bot.errors import UserError
from bot.textclean import clean_text

MAX_TITLE = 100
MAX_ABOUT = 1000
MAX_WHERE = 200
MAX_LINK = 500
MAX_BRING = 200
MIN_PLACES = 1
MAX_PLACES = 500


def clean_link(value: str | None) -> str:
    """An online joining link: empty, or an http / https address with a host."""
    text = clean_text(value, texts.PROJECT_FIELD_LINK, MAX_LINK)
    if not text:
        return ""
    if any(ch.isspace() for ch in text) or any(ch in text for ch in '<>"`'):
        raise UserError(texts.PROJECT_LINK_NOT_WEB)
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        raise UserError(texts.PROJECT_LINK_NOT_WEB) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise UserError(texts.PROJECT_LINK_NOT_WEB)
    return text


def clean_places(value: str | int | None) -> int | None:
    """Places: empty means no limit; otherwise a whole number from 1 to 500."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise UserError(texts.PROJECT_PLACES_RANGE.format(low=MIN_PLACES, high=MAX_PLACES))
    if isinstance(value, int):
        number = value
    else:
        text = clean_text(value[:1000], texts.PROJECT_FIELD_PLACES, 1000)
        if not text:
            return None
        if not text.isascii() or not text.isdigit() or len(text) > 6:
            raise UserError(texts.PROJECT_PLACES_RANGE.format(low=MIN_PLACES, high=MAX_PLACES))
        number = int(text)
    if not MIN_PLACES <= number <= MAX_PLACES:
        raise UserError(texts.PROJECT_PLACES_RANGE.format(low=MIN_PLACES, high=MAX_PLACES))
    return number


@dataclass(frozen=True)
class ProjectDetails:
    """The typed details of a project, checked. Build it with ``ProjectDetails.clean``."""

    title: str
    about: str = ""
    where: str = ""
    link: str = ""
    bring: str = ""

    @classmethod
    def clean(
        cls,
        title: str | None,
        about: str | None = "",
        where: str | None = "",
        link: str | None = "",
        bring: str | None = "",
    ) -> ProjectDetails:
        return cls(
            title=clean_text(title, texts.PROJECT_FIELD_TITLE, MAX_TITLE, required=True),
            about=clean_text(about, texts.PROJECT_FIELD_ABOUT, MAX_ABOUT, multiline=True),
            where=clean_text(where, texts.PROJECT_FIELD_WHERE, MAX_WHERE),
            link=clean_link(link),
            bring=clean_text(bring, texts.PROJECT_FIELD_BRING, MAX_BRING),
        )
