"""The easy-read rules a machine can check (../shared/EASY_READ.md), for texts and for whole messages.

Used by tests/unit/test_texts.py (every sentence in bot.texts) and by the end-to-end harness, which checks
every message, embed, button, select and modal the bot showed during a test, as a member read it.
Every version of a message is checked for words and for 5 buttons a row at most; the number of choices
(buttons and menus a member can use) is checked in a message's first view: a later version is a step on,
reached by pressing (a group of settings, "More choices", the next step of the time picker).
What members typed and the names of people, channels and roles are left out of the word count: they are
the member's words, not the bot's.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

MAX_WORDS = 15
MAX_BUTTONS_IN_ROW = 5
MAX_FIRST_VIEW_CHOICES = 5

# Technical names a person may have to type (setting names, file names) are not words we say.
TECHNICAL = re.compile(r"^[A-Z0-9_./:-]*_[A-Z0-9_./:-]*$|^\.[a-z]+$")
# Short forms people know, written as they are always written.
KNOWN_CAPITALS = frozenset({"OK", "UK", "PDF", "CSV", "PNG", "JSON", "UTC", "ID"})
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Mentions, channels, roles, timestamps, custom emoji: each is read as one thing.
_DISCORD_TOKEN = re.compile(r"<(?:@[!&]?\d+|#\d+|t:-?\d+(?::[tTdDfFR])?|a?:\w+:\d+)>")
_URL = re.compile(r"<?https?://[^\s>)]+>?")
_MARKDOWN = re.compile(r"\*\*|__|~~|`+|^\s*-#\s+|^\s*>+\s?|^\s*#{1,3}\s+|^\s*[-*•]\s+", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")
_SENTENCE_OR_COLON = re.compile(r"(?<=[.?!:])\s+|\n+")


def sentences(text: str, *, colon_ends: bool = False) -> list[str]:
    """A colon does not end a sentence a member reads ("I will remind you ... about: X." is one)."""
    filled = _PLACEHOLDER.sub("X", text)
    pattern = _SENTENCE_OR_COLON if colon_ends else _SENTENCE_END
    return [p.strip() for p in pattern.split(filled) if p.strip()]


def words(sentence: str) -> list[str]:
    return [w for w in re.split(r"\s+", sentence) if any(ch.isalnum() for ch in w)]


def capitals_only(word: str) -> bool:
    letters = "".join(ch for ch in word if ch in string.ascii_letters)
    stripped = word.strip(".,:;()?!'\"")
    return (
        len(letters) >= 2
        and letters.isupper()
        and letters not in KNOWN_CAPITALS
        and not TECHNICAL.match(stripped)
    )


def _is_picture(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


def text_problems(text: str) -> list[str]:
    """What breaks the rules in one text a member reads (placeholders count as one word)."""
    problems = []
    if "!!" in text:
        problems.append(f"double exclamation mark in {text[:80]!r}")
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > MAX_WORDS:
            problems.append(f"{count} words in one sentence: {sentence!r}")
    for word in words(_PLACEHOLDER.sub("", text)):
        if capitals_only(word):
            problems.append(f"word in capitals only: {word!r}")
    for line in text.split("\n"):
        if any(_is_picture(ch) for ch in line) and not any(ch.isalnum() for ch in line):
            problems.append(f"a picture without words: {line.strip()!r}")
    return problems


# ---------------------------------------------------------------- whole messages, as the stand-in recorded them


def _walk(components: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for c in components:
        yield c
        inner = c.get("components")
        if isinstance(inner, list):
            yield from _walk(inner)
        sub = c.get("component")
        if isinstance(sub, dict):
            yield from _walk([sub])


def _typed_values(data: Any) -> Iterator[str]:
    """Every string a member typed into an interaction: slash options and modal fields."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "value" and isinstance(value, str):
                yield value
            else:
                yield from _typed_values(value)
    elif isinstance(data, list):
        for item in data:
            yield from _typed_values(item)


@dataclass(frozen=True)
class Shown:
    """One thing the bot showed: where, and the texts a member reads in it."""

    where: str
    texts: tuple[str, ...]
    rows: tuple[int, ...] = ()  # buttons per action row
    choices: int = 0  # buttons and menus a member can use in this view
    first_view: bool = True  # what a message shows when it appears (an edit is a step on, like "More choices")


def _scale_extra(row: list[dict[str, Any]]) -> int:
    """A row of buttons that answer one question (a mood scale: the same custom_id but for its last part)
    is one choice, like one menu: the buttons of the row beyond the first are not counted again."""
    ids = [
        str(c.get("custom_id") or "")
        for c in row
        if c.get("type") == 2 and c.get("style") != 5 and not c.get("disabled")
    ]
    heads = {i.rsplit(":", 1)[0] for i in ids if ":" in i}
    return len(ids) - 1 if len(ids) >= 2 and len(heads) == 1 and all(":" in i for i in ids) else 0


def _message_views(message: Any) -> Iterator[Shown]:
    now = {"content": message.content, "embeds": message.embeds, "components": message.components}
    versions = [*message.history, now]
    # The first view is the first version with controls (a deferred answer first shows none).
    first = next((i for i, v in enumerate(versions) if v.get("components")), 0)
    for i, version in enumerate(versions):
        where = f"message {message.id} in channel {message.channel_id}"
        if len(versions) > 1:
            where += f" (version {i + 1})"
        texts: list[str] = []
        if version.get("content"):
            texts.append(str(version["content"]))
        for embed in version.get("embeds") or []:
            for key in ("title", "description"):
                if embed.get(key):
                    texts.append(str(embed[key]))
            for part in ("author", "footer"):
                if isinstance(embed.get(part), dict):
                    texts.append(str(embed[part].get("name") or embed[part].get("text") or ""))
            for f in embed.get("fields") or []:
                texts += [str(f.get("name", "")), str(f.get("value", ""))]
        rows: list[int] = []
        choices = 0
        for component in _walk(version.get("components") or []):
            kind = component.get("type")
            if kind == 1:
                rows.append(sum(1 for c in component.get("components") or [] if c.get("type") == 2))
                choices -= _scale_extra(component.get("components") or [])
            elif kind == 2:
                label = component.get("label") or ""
                emoji = component.get("emoji") or {}
                texts.append(f"{emoji.get('name', '')} {label}".strip())
                if component.get("style") != 5 and not component.get("disabled"):
                    choices += 1
            elif kind in (3, 5, 6, 7, 8):
                texts.append(str(component.get("placeholder") or ""))
                texts += [str(o.get("label", "")) for o in component.get("options") or []]
                texts += [str(o["description"]) for o in component.get("options") or [] if o.get("description")]
                if not component.get("disabled"):
                    choices += 1
            elif kind == 10 and component.get("content"):
                texts.append(str(component["content"]))
        kept = tuple(t for t in texts if t.strip())
        if kept:  # name the message by its first words, so a failure is easy to find
            where += f" {kept[0][:60]!r}"
        yield Shown(where, kept, tuple(rows), choices, first_view=i == first)


def _modal_view(interaction: Any) -> Shown:
    modal = interaction.modal or {}
    texts = [str(modal.get("title") or "")]
    for component in _walk(modal.get("components") or []):
        for key in ("label", "placeholder", "description"):
            if component.get(key):
                texts.append(str(component[key]))
    return Shown(f"modal {modal.get('custom_id')!r}", tuple(t for t in texts if t.strip()))


def members_words(world: Any) -> list[str]:
    """What members typed and the names they chose: left out of the bot's word count. Longest first."""
    found: set[str] = set()
    for interaction in world.interactions.values():
        found.update(v for v in _typed_values(interaction.data) if v.strip())
    for user in world.users.values():
        found.update(n for n in (user.username, user.global_name) if n)
    for guild in world.guilds.values():
        found.add(guild.name)
        found.update(member.nick for member in guild.members.values() if member.nick)
        found.update(role.name for role in guild.roles.values())
    for channel in world.channels.values():
        if getattr(channel, "name", None):
            found.add(channel.name)
    return sorted((w for w in found if w.strip()), key=len, reverse=True)


def as_read(text: str, typed: list[str]) -> str:
    """The bot's own words: member text, names, mentions, links and markdown marks taken out.

    A typed value is only taken out as whole words, so a short one (a "7") never eats into a mention's
    digits or the bot's own words ("7pm"); what members typed may hold mentions, so it goes first."""
    text = text.replace("\u200b", "")  # the bot defuses "@everyone" with a zero-width space
    for value in typed:
        if value in text:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "X", text)
    text = _DISCORD_TOKEN.sub("X", text)
    text = _URL.sub("X", text)
    return _MARKDOWN.sub("", text)


def check_world(world: Any, *, bot_id: int | None = None) -> list[str]:
    """Every rule over everything the bot showed in this world; one line per problem."""
    typed = members_words(world)
    shown: list[Shown] = []
    for message in world.messages.values():
        if bot_id is not None and message.author.id != bot_id:
            continue
        if not getattr(message.author, "bot", True):
            continue
        shown += _message_views(message)
    shown += [_modal_view(i) for i in world.interactions.values() if i.modal]
    problems = []
    for view in shown:
        for text in view.texts:
            problems += [f"{view.where}: {p}" for p in text_problems(as_read(text, typed))]
        for row in view.rows:
            if row > MAX_BUTTONS_IN_ROW:
                problems.append(f"{view.where}: {row} buttons in one row")
        if view.first_view and view.choices > MAX_FIRST_VIEW_CHOICES:
            problems.append(
                f"{view.where}: {view.choices} choices in its first view, {MAX_FIRST_VIEW_CHOICES} at most"
                " (group the rest behind a button like More choices, or a menu)"
            )
    return sorted(set(problems))
