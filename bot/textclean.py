"""The one cleaner for every free-text field a person types (titles, reasons, reminders, answers).

Rules, the same everywhere:
- control characters and lone surrogates go; tabs become spaces; runs of spaces become one;
- bidirectional overrides and isolates (U+202A-202E, U+2066-2069) and other invisible format characters go,
  so a right-to-left override cannot reverse what others read; the zero-width joiner stays when it sits
  between two visible characters, so emoji sequences such as 👩‍👩‍👧 are kept whole;
- text with nothing visible left (only spaces, zero-width characters, ...) counts as empty;
- the length limit is in characters, after cleaning.

``public_text`` is applied to what is posted where others read it: a masked link ``[label](url)`` is shown
as plain text, so a link cannot hide where it goes. Mentions never ping: the bot sends with
``AllowedMentions.none()`` and pings only the people an action is about.
"""

from __future__ import annotations

import re
import unicodedata

from bot import texts
from bot.errors import UserError

ZWJ = "\u200d"
# Characters that show nothing on their own but are not format characters (category Cf) either.
_INVISIBLE_OTHER = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# [label](http://...) or [label](<http://...>), as Discord renders masked links.
_MASKED_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]+)>?\s*\)")


def _visible(ch: str) -> bool:
    return not (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Cs", "Zl", "Zp") or ch in _INVISIBLE_OTHER)


def _strip_invisible(text: str, *, multiline: bool) -> str:
    kept: list[str] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            kept.append("\n" if multiline else " ")
            continue
        if ch == "\t":
            kept.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn") or category in ("Zl", "Zp"):
            continue
        if category == "Cf":
            # Keep a joiner only inside a sequence (between two visible characters): 👩‍👩‍👧.
            if ch == ZWJ and kept and _visible(kept[-1]) and i + 1 < len(text) and _visible(text[i + 1]):
                kept.append(ch)
            continue
        if ch in _INVISIBLE_OTHER:
            continue
        kept.append(ch)
    return "".join(kept)


def has_visible(text: str) -> bool:
    return any(_visible(ch) for ch in text)


def clean_text(
    value: str | None,
    field: str,
    limit: int,
    *,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Clean what a person typed and check it. Raises an easy-read ``UserError`` naming the field.

    Returns "" for an optional field left empty (or holding nothing visible).
    """
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _strip_invisible(text, multiline=multiline)
    if multiline:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        text = _BLANK_LINES.sub("\n\n", text)
    else:
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if not has_visible(text):
        text = ""
    if required and not text:
        raise UserError(texts.FIELD_EMPTY.format(field=field))
    if len(text) > limit:
        raise UserError(texts.FIELD_TOO_LONG.format(field=field, limit=limit))
    return text


def public_text(text: str) -> str:
    """What others read: masked links shown as plain text, "label (address)", never clickable as a disguise."""
    return _MASKED_LINK.sub(lambda m: f"{m[1]} ({m[2]})" if m[1].strip() else m[2], text)
