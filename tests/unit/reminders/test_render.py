"""Reminder cards and messages (pure): words, pings, and components within Discord's limits, each one
handled by a DynamicItem of cogs/reminders.py."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot import texts
from bot.render import reminders as render
from bot.render.components import Card, modal_values
from bot.services.reminders import (
    ListedReminder,
    ProjectLink,
    ReminderInfo,
    ReminderNotice,
    ReminderPage,
)
from cogs.reminders import items as cog

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # Monday 1 June, 10am in London
ZONE = "Europe/London"
TEMPLATES = [
    cls.__discord_ui_compiled_template__
    for cls in (cog.ReminderNew, cog.ReminderControl, cog.ReminderListControl, cog.ReminderCancelMany)
]


def info(**changes: Any) -> ReminderInfo:
    base = ReminderInfo(
        id=42,
        guild_id=111,
        author_id=3,
        channel_id=4242,
        target_kind="me",
        target_id=None,
        project_id=None,
        project_title=None,
        text="take the camera",
        repeat="none",
        rule=None,
        timezone=ZONE,
        tts=False,
        state="active",
        next_at=datetime(2026, 6, 2, 13, 0, tzinfo=UTC),
        created_at=NOW,
        repeat_words=None,
    )
    return replace(base, **changes)


def notice(**changes: Any) -> ReminderNotice:
    base = ReminderNotice(
        reminder_id=42,
        guild_id=111,
        author_id=3,
        text="take the camera",
        target_kind="me",
        role_id=None,
        set_at=NOW,
        due_at=NOW + timedelta(days=1),
        timezone=ZONE,
        repeating=False,
        repeat_words=None,
        late=False,
        tts=False,
        project=None,
        again=False,
    )
    return replace(base, **changes)


def components(view: discord.ui.View | None) -> list[discord.ui.Item[Any]]:
    return list(view.children) if view is not None else []


def check_limits(view: discord.ui.View | None) -> None:
    """Discord's limits, and every persistent id is handled by one of the cog's DynamicItems."""
    if view is None:
        return
    payload = view.to_components()
    assert len(payload) <= 5
    for row in payload:
        assert len(row["components"]) <= 5
    for item in components(view):
        label = getattr(item, "label", None)
        if label:
            assert len(label) <= 80
        options = getattr(item, "options", None) or []
        assert len(options) <= 25
        for option in options:
            assert len(option.label) <= 100 and len(option.value) <= 100
        cid = getattr(item, "custom_id", None)
        if getattr(item, "url", None):
            continue
        assert cid is not None and len(cid) <= 100
        if not cid.startswith("connect:pick:"):
            assert any(t.fullmatch(cid) for t in TEMPLATES), f"no handler for {cid}"


# ---------------------------------------------------------------- confirmation and cards


def test_confirmation_repeats_it_all_in_words() -> None:
    card = render.confirmation_card(info(), ZONE, NOW)
    stamp = f"<t:{int(datetime(2026, 6, 2, 13, tzinfo=UTC).timestamp())}:R>"
    assert card.content == f"✅ Done. I will remind you on Tuesday 2 June at 2pm ({stamp}) about: take the camera."
    labels = [getattr(i, "label", None) for i in components(card.view)]
    assert labels == [texts.REMIND_CHANGE_TIME, texts.REMIND_CANCEL]
    check_limits(card.view)


def test_confirmation_for_a_channel_role_project_and_repeat() -> None:
    channel = render.confirmation_card(info(target_kind="channel", target_id=4242, tts=True), ZONE, NOW)
    assert "I will remind <#4242> on" in (channel.content or "")
    assert texts.REMIND_READ_ALOUD_ON in (channel.content or "")
    assert texts.REMIND_READ_ALOUD_STOP in [getattr(i, "label", None) for i in components(channel.view)]
    check_limits(channel.view)
    role = render.confirmation_card(info(target_kind="role", target_id=901), ZONE, NOW)
    assert "I will remind <@&901> on" in (role.content or "")
    project = render.confirmation_card(
        info(target_kind="project", target_id=50, project_id=50, project_title="Film *club*"), ZONE, NOW
    )
    assert r"Everyone coming to Film \*club\* gets a reminder. I send it on" in (project.content or "")
    repeating = render.confirmation_card(info(rule="FREQ=DAILY", repeat_words="every day at 2pm"), ZONE, NOW)
    assert (repeating.content or "").endswith("It repeats every day at 2pm.")


def test_text_ending_in_punctuation_gets_no_second_full_stop() -> None:
    assert (render.confirmation_card(info(text="Bring it!"), ZONE, NOW).content or "").endswith("about: Bring it!")


def _where_menu(card: Any) -> discord.ui.Select[Any]:
    return next(i for i in components(card.view) if getattr(i, "custom_id", "") == "connect:rem:where:42")


def test_draft_card_has_where_repeat_and_pick_a_time() -> None:
    everyone = ("me", "channel", "role", "project")
    card = render.draft_card(info(state="draft", next_at=None, project_id=50), targets=everyone)
    ids = [getattr(i, "custom_id", None) for i in components(card.view)]
    assert ids == [
        "connect:rem:where:42",
        "connect:rem:repeat:42",
        "connect:rem:when:42",
        "connect:rem:type-repeat:42",
        "connect:rem:cancel:42",
    ]  # five choices at most
    assert [o.value for o in _where_menu(card).options] == list(everyone)
    check_limits(card.view)
    with_roles = render.draft_card(info(state="draft", project_id=50), targets=everyone, show_roles=True)
    assert any(isinstance(i, discord.ui.RoleSelect) for i in components(with_roles.view))
    check_limits(with_roles.view)
    repeat_menu = next(i for i in components(card.view) if getattr(i, "custom_id", "") == "connect:rem:repeat:42")
    assert [o.value for o in repeat_menu.options] == [
        "none",
        "daily",
        "weekdays",
        "weekly",
        "fortnightly",
        "monthly",
    ]


def test_draft_card_offers_only_what_the_person_may_do() -> None:
    member = render.draft_card(info(state="draft", next_at=None, project_id=50))
    assert [o.label for o in _where_menu(member).options] == [texts.REMIND_WHERE_ME, texts.REMIND_WHERE_CHANNEL]
    assert texts.REMIND_DRAFT_WHERE.format(where=texts.REMIND_WHERE_DM) in (member.content or "")
    # What is chosen stays shown (and chosen), so the card never hides where it goes.
    chosen = render.draft_card(info(state="draft", target_kind="role", target_id=901))
    assert [o.value for o in _where_menu(chosen).options if o.default] == ["role"]


def test_modals_have_limits_and_ids_the_listener_reads() -> None:
    text = render.text_modal(42)
    assert re.fullmatch(cog.words.BOX_TEMPLATE, text.custom_id)
    (field,) = text.children
    assert isinstance(field, discord.ui.TextInput) and field.max_length == 1000 and field.custom_id == "text"
    repeat = render.repeat_modal(42)
    assert re.fullmatch(cog.words.BOX_TEMPLATE, repeat.custom_id)
    assert len(text.title) <= 45 and len(repeat.title) <= 45


def test_modal_field_is_read_from_raw_data() -> None:
    data = {"custom_id": "connect:rem:text:42", "components": [{"components": [{"custom_id": "text", "value": "hi"}]}]}
    assert modal_values(data).get("text") == "hi"
    assert modal_values({"components": []}).get("text", "") == ""


def test_buttons_for_other_features() -> None:
    assert render.remind_me_button().custom_id == "connect:rem:new:0"
    assert render.remind_me_button(7).custom_id == "connect:rem:new:7"
    assert render.remind_everyone_button(7).custom_id == "connect:rem:new-everyone:7"
    for button in (render.remind_me_button(2**63 - 1), render.remind_everyone_button(2**63 - 1)):
        assert any(t.fullmatch(button.custom_id or "") for t in TEMPLATES)


# ---------------------------------------------------------------- the reminder itself


def test_reminder_message_to_me() -> None:
    msg = render.reminder_message(notice())
    assert msg.content == "⏰ Reminder: take the camera"
    assert msg.mention_user_ids == frozenset() and msg.mention_role_ids == frozenset()
    ids = [getattr(i, "custom_id", None) for i in components(msg.view)]
    assert ids == ["connect:rem:done:42", "connect:rem:later:42"]
    labels = [(getattr(i, "label", None), str(getattr(i, "emoji", ""))) for i in components(msg.view)]
    assert labels == [("Done", "✅"), ("Later", "⏰")]
    check_limits(msg.view)


def test_reminder_message_role_late_repeating_project() -> None:
    msg = render.reminder_message(
        notice(
            target_kind="role",
            role_id=901,
            late=True,
            repeating=True,
            repeat_words="every Monday at 10am",
            text="@everyone meeting <@&999> @here",
            project=ProjectLink(50, "Film club", "https://discord.com/channels/1/2/3"),
        )
    )
    lines = (msg.content or "").split("\n")
    assert lines[0] == texts.SCHEDULED_LATE
    assert lines[1] == "<@&901>"
    assert lines[2] == "⏰ Reminder: @\u200beveryone meeting <@&999> @\u200bhere"
    assert lines[3].startswith("<@3> set this reminder on Monday 1 June at 10am")
    assert lines[4] == "📍 Project: Film club"
    assert lines[5] == "This reminder repeats every Monday at 10am."
    assert msg.mention_role_ids == frozenset({901}) and msg.mention_user_ids == frozenset()
    items = components(msg.view)
    assert [getattr(i, "label", None) for i in items] == ["Done", "Later", "Stop these reminders", "Open the project"]
    assert items[-1].url == "https://discord.com/channels/1/2/3"  # type: ignore[attr-defined]
    check_limits(msg.view)


def test_reminder_message_stays_within_discords_length() -> None:
    msg = render.reminder_message(notice(text="x" * 1000, late=True, target_kind="channel", again=True))
    assert len(msg.content or "") <= 2000
    assert (msg.content or "").split("\n")[1] == "⏰ Reminder, again: " + "x" * 1000


def test_read_aloud_only_for_channel_reminders_that_asked() -> None:
    assert render.reminder_message(notice(target_kind="channel", tts=True)).tts is True
    assert render.reminder_message(notice(target_kind="channel", tts=False)).tts is False
    assert render.reminder_message(notice(target_kind="me", tts=True)).tts is False


def test_after_done_only_stop_and_the_link_stay() -> None:
    view = render.reminder_view(42, repeating=True, project_url="https://x.test/p", answered=True)
    assert [getattr(i, "label", None) for i in components(view)] == ["Stop these reminders", "Open the project"]
    assert components(render.reminder_view(42, repeating=False, answered=True)) == []


def test_later_card() -> None:
    card = render.later_card(42)
    assert card.content == texts.REMIND_LATER_QUESTION
    items = components(card.view)
    assert [getattr(i, "custom_id", None) for i in items] == [
        "connect:rem:later-choice:42:10m",
        "connect:rem:later-choice:42:1h",
        "connect:rem:later-choice:42:tm",
    ]
    assert [getattr(i, "label", None) for i in items] == ["In 10 minutes", "In 1 hour", "Tomorrow morning, 9am"]
    check_limits(card.view)


# ---------------------------------------------------------------- the list


def page(count: int, *, pages: int = 1, number_from: int = 1, **changes: Any) -> ReminderPage:
    items = tuple(
        ListedReminder(
            number=number_from + i,
            reminder=info(id=100 + i, text=f"**r{i}** @everyone " + "long " * 40, **changes),
        )
        for i in range(count)
    )
    return ReminderPage(
        items=items, page=(number_from - 1) // 10, pages=pages, total=count, timezone=ZONE, with_server=False
    )


def test_list_card() -> None:
    card = render.list_card(page(10, pages=3, number_from=11), NOW)
    lines = (card.content or "").split("\n")
    assert lines[0] == texts.REMIND_LIST_TITLE
    assert lines[1] == "Page 2 of 3."
    assert lines[2].startswith(r"11. Tuesday 2 June at 2pm: \*\*r0\*\* @" + "\u200beveryone")
    assert all(len(line) < 200 for line in lines[2:])
    items = components(card.view)
    pick, multi, back, forward = items
    assert isinstance(pick, discord.ui.Select) and isinstance(multi, discord.ui.Select)
    assert render.parse_option(pick.options[0].value) == (100, 11)
    assert multi.max_values == 10
    assert (back.custom_id, forward.custom_id) == ("connect:rem:page:0", "connect:rem:page:2")  # type: ignore[attr-defined]
    check_limits(card.view)


def test_list_card_empty_and_single() -> None:
    empty = render.list_card(ReminderPage((), 0, 1, 0, ZONE, True), NOW)
    assert empty.content == f"{texts.REMIND_LIST_TITLE_LEAD}\n{texts.REMIND_LIST_EMPTY}" and empty.view is None
    single = render.list_card(page(1), NOW)
    assert len(components(single.view)) == 1  # one reminder: no "cancel several", no pages
    repeating = render.list_card(page(1, repeat_words="every day at 2pm", target_kind="channel", target_id=5), NOW)
    assert "(to <#5>, every day at 2pm)" in (repeating.content or "")


def test_cancel_many_asks_first_and_carries_the_ids() -> None:
    chosen = [info(id=i, text=f"r{i}") for i in (1, 35, 36, 10**9)]
    card = render.cancel_many_card(chosen, ZONE, NOW)
    assert isinstance(card, Card)
    assert (card.content or "").startswith("Do you want to cancel these 4 reminders?")
    yes, no = components(card.view)
    assert render.parse_ids((yes.custom_id or "").split(":")[-1]) == [1, 35, 36, 10**9]  # type: ignore[attr-defined]
    assert no.custom_id == "connect:rem:keep:0"  # type: ignore[attr-defined]
    check_limits(card.view)
    ten = [info(id=10**8 + i) for i in range(10)]
    assert render.cancel_many_card(ten, ZONE, NOW) is not None
    huge = [info(id=2**62 + i) for i in range(10)]
    assert render.cancel_many_card(huge, ZONE, NOW) is None  # the cog says: pick fewer


@pytest.mark.parametrize("value", [0, 1, 35, 36, 2**63 - 1])
def test_base36_round_trip(value: int) -> None:
    assert render.parse_ids(render.ids_text([value])) == [value]


def test_safe_neutralises_only_mass_mentions() -> None:
    assert render.safe("@everyone @here @everyoneelse") == "@\u200beveryone @\u200bhere @\u200beveryoneelse"
    assert render.safe("<@&1> <@2> <#3> **x**") == "<@&1> <@2> <#3> **x**"


def test_a_masked_link_in_a_channel_reminder_shows_where_it_goes() -> None:
    msg = render.reminder_message(notice(target_kind="channel", text="[Click me](http://evil.example) @everyone"))
    assert "Click me (http://evil.example)" in msg.content
    assert "](http" not in msg.content and "@everyone" not in msg.content
