"""The every-message easy-read check of the end-to-end harness must be able to fail (and then pass)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sandbox import default_world
from sandbox.world import Message, World
from tests.easyread import as_read, check_world


def _post(world: World, content: str, components: list[dict[str, Any]] | None = None) -> Message:
    channel = world.channel("general")
    message = Message(
        id=world.new_id(),
        channel_id=channel.id,
        guild_id=channel.guild_id,
        author=world.bot,
        created_at=dt.datetime.now(dt.UTC),
        content=content,
        components=components or [],
    )
    world.messages[message.id] = message
    return message


def _row(n: int) -> dict[str, Any]:
    return {
        "type": 1,
        "components": [{"type": 2, "style": 2, "label": f"Choice {i}", "custom_id": f"c{i}"} for i in range(n)],
    }


def test_a_clean_message_passes() -> None:
    world = default_world()
    _post(world, "✅ Done. You are on the list.", [_row(5)])
    assert check_world(world, bot_id=world.bot.id) == []


def test_a_planted_long_sentence_fails() -> None:
    world = default_world()
    _post(world, "This sentence has far too many words in it for a person to read in one go easily.")
    problems = check_world(world, bot_id=world.bot.id)
    assert len(problems) == 1 and "18 words in one sentence" in problems[0]


def test_a_six_button_row_fails() -> None:
    world = default_world()
    _post(world, "Pick one.", [_row(6)])
    problems = check_world(world, bot_id=world.bot.id)
    assert any("6 buttons in one row" in p for p in problems)
    assert any("6 choices in its first view" in p and "'Pick one.'" in p for p in problems)


def test_a_later_step_may_offer_more_choices() -> None:
    """An edit is a step on (pressed "More choices"): its rows are still checked, its total is not."""
    world = default_world()
    message = _post(world, "Pick one.", [_row(4)])
    message.history.append({"content": message.content, "components": message.components})  # then edited:
    message.components = [_row(5), _row(3)]
    assert check_world(world, bot_id=world.bot.id) == []
    message.components = [_row(6)]
    assert any("6 buttons in one row" in p for p in check_world(world, bot_id=world.bot.id))


def test_capitals_shouting_and_lonely_pictures_fail() -> None:
    world = default_world()
    _post(world, "Come NOW!!\n🎉🎉")
    problems = " ".join(check_world(world, bot_id=world.bot.id))
    assert "capitals only: 'NOW!!'" in problems
    assert "double exclamation" in problems
    assert "a picture without words" in problems


def test_what_members_typed_and_names_are_not_counted() -> None:
    world = default_world()
    world.add_channel(world.first_guild, "a very long channel name that goes on and on and on for ever")
    name = "a very long channel name that goes on and on and on for ever"
    _post(world, f"Posted in {name} by <@1> at <t:1:R>, see https://example.org/a/b/c.")
    assert check_world(world, bot_id=world.bot.id) == []


def test_every_edit_is_checked() -> None:
    world = default_world()
    message = _post(world, "Short.")
    message.history.append({"content": " ".join(["word"] * 16) + ".", "embeds": [], "components": []})
    assert any("version 1" in p for p in check_world(world, bot_id=world.bot.id))


def test_a_deferred_answer_is_checked_when_its_controls_arrive() -> None:
    """A deferred reply first shows no controls ("thinking"): its first view is the version that has them."""
    world = default_world()
    message = _post(world, "")
    message.history.append({"content": "", "components": []})
    message.components = [_row(3), _row(3)]
    assert any("6 choices in its first view" in p for p in check_world(world, bot_id=world.bot.id))


def test_a_short_typed_value_never_eats_into_mentions_or_the_bots_words() -> None:
    world = default_world()
    long = "I will remind you on Wednesday 2 December at 7pm about this and that and more."
    _post(world, f"{long} <@1577503448742629383>")
    typed = ["7", "bring <@1> snacks"]
    read = as_read(f"{long} <@1577503448742629383> bring <@1> snacks", typed)
    assert "7pm" in read and read.endswith("X X")
    assert any("16 words" in p for p in check_world(world, bot_id=world.bot.id))


def _answers(n: int) -> dict[str, Any]:
    """One question's answers in a row (a mood scale): the same custom_id but for the answer at its end."""
    return {
        "type": 1,
        "components": [
            {"type": 2, "style": 2, "label": f"Mood {i}", "custom_id": f"connect:checkins:a:7:20270607:m{i}"}
            for i in range(n)
        ],
    }


def test_one_questions_answers_in_a_row_are_one_choice() -> None:
    """5 mood pictures, "Talk to someone" and "Skip today" are 3 choices: the scale is one question, like a menu."""
    world = default_world()
    _post(world, "💬 How are you today?", [_answers(5), _row(2)])
    assert check_world(world, bot_id=world.bot.id) == []


def test_different_actions_in_a_row_still_count_one_each() -> None:
    world = default_world()
    _post(world, "💬 How are you today?", [_answers(5), _row(1), _row(1)])
    assert check_world(world, bot_id=world.bot.id) == []
    _post(world, "Pick one.", [_row(4), _row(2)])
    problems = check_world(world, bot_id=world.bot.id)
    assert any("6 choices in its first view" in p for p in problems)
