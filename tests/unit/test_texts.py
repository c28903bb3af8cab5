"""Every sentence Connect says follows ../shared/EASY_READ.md (the checks a machine can make)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest

from bot import texts
from tests.easyread import MAX_WORDS, capitals_only, sentences, words


def all_texts() -> Iterator[tuple[str, str]]:
    for name in dir(texts):
        if name.startswith("_"):
            continue
        value = getattr(texts, name)
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield f"{name}[{i}]", item
                elif isinstance(item, tuple):
                    for j, part in enumerate(item):
                        if isinstance(part, str):
                            yield f"{name}[{i}][{j}]", part
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str):
                    yield f"{name}[{key!r}]", item


TEXTS = sorted(all_texts())


def test_there_are_texts() -> None:
    assert len(TEXTS) > 20


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_text_is_easy_read(name: str, text: str) -> None:
    assert text == text.strip(), "no leading or trailing spaces"
    assert "!!" not in text, "no double exclamation marks"
    for sentence in sentences(text, colon_ends=True):
        count = len(words(sentence))
        assert count <= MAX_WORDS, f"{count} words in: {sentence!r}"
    for word in words(re.sub(r"\{[^}]*\}", "", text)):
        if capitals_only(word):
            pytest.fail(f"word in capitals only: {word!r}")


def test_checker_catches_bad_texts() -> None:
    """The checks above must be able to fail."""
    long_sentence = " ".join(["word"] * 16) + "."
    assert any(len(words(s)) > MAX_WORDS for s in sentences(long_sentence))
    assert "!!" in "Great!!"
    assert "STOP".isupper()


def test_placeholders_are_named() -> None:
    for name, text in TEXTS:
        for field in string.Formatter().parse(text):
            if field[1] is not None:
                assert field[1], f"{name}: use named placeholders"


async def test_command_descriptions_are_easy_read(tmp_path: object) -> None:
    """Slash command and option descriptions are said by the bot too (in Discord's command menu)."""
    from discord import app_commands

    from bot.app import cog_modules, create_bot
    from bot.settings import Settings

    bot = create_bot(Settings(database_url="sqlite+aiosqlite:///:memory:"))  # type: ignore[call-arg]
    try:
        for module in cog_modules():
            await bot.load_extension(module)
        seen = 0
        for command in bot.tree.walk_commands():
            said = [command.description]
            if isinstance(command, app_commands.Command):
                for param in command.parameters:
                    said.append(param.description)
                    said += [choice.name for choice in param.choices]
            for text in said:
                seen += 1
                assert len(text) <= 100, f"/{command.qualified_name}: Discord allows 100 characters: {text!r}"
                test_text_is_easy_read(f"/{command.qualified_name}", text)
        assert seen > 10
    finally:
        await bot.close()


# Words members do not use: say what it is instead (issue 17). "Who got the most thank yous", not "leaderboard".
JARGON = ("leaderboard",)


def test_no_jargon_in_what_members_read() -> None:
    found = [(name, text) for name, text in TEXTS if any(word in text.lower() for word in JARGON)]
    assert found == []
