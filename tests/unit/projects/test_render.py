"""The project card and panels obey Discord's limits, show the exact buttons, and never ping."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot import texts
from bot.render import projects as render
from bot.render.components import Card, modal_values
from bot.render.tasks import TEMPLATE as TASKS_TEMPLATE
from bot.services.projects import (
    MemberState,
    MyProject,
    ProjectPage,
    ProjectSummary,
    ProjectView,
    Reminder,
    SessionView,
    SignupResult,
)
from cogs.reminders.items import ReminderNew

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 6, 3, 13, 0, tzinfo=UTC)
BIG_ID = 2**63 - 1
TEMPLATE = re.compile(render.TEMPLATE)
# The "Remind me" buttons on a project are answered by the reminders cog.
REMIND_NEW = ReminderNew.__discord_ui_compiled_template__
# The "Tasks" button is answered by the tasks cog.
TASKS = re.compile(TASKS_TEMPLATE)


def handled(custom_id: str) -> bool:
    return bool(TEMPLATE.fullmatch(custom_id) or REMIND_NEW.fullmatch(custom_id) or TASKS.fullmatch(custom_id))


def session(**changes: Any) -> SessionView:
    values: dict[str, Any] = {
        "id": 7,
        "slot": START,
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "cancelled": False,
        "going": (21, 22),
        "maybe": (23,),
        "waiting": (24,),
    }
    values.update(changes)
    return SessionView(**values)


def project(**changes: Any) -> ProjectView:
    values: dict[str, Any] = {
        "id": 42,
        "guild_id": 111,
        "owner_id": 10,
        "co_organisers": (11,),
        "channel_id": 500,
        "message_id": 600,
        "title": "Film club",
        "about": "We watch a film together.",
        "where": "Room 2",
        "link": "https://meet.example/film",
        "bring": "A snack",
        "places": 2,
        "timezone": "Europe/London",
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "rule": None,
        "state": "active",
        "signups_closed": False,
        "reminder_minutes": (1440, 60),
        "session": session(),
    }
    values.update(changes)
    return ProjectView(**values)


def huge() -> ProjectView:
    """Every field at its limit, hostile text, and lists far longer than a card can show."""
    crowd = tuple(10**17 + i for i in range(500))
    return project(
        id=BIG_ID,
        title="@everyone " + "T" * 90,
        about="<@&123> **bold** " + "a" * 983,
        where="w" * 200,
        bring="b" * 200,
        link="https://meet.example/" + "x" * 479,
        places=500,
        co_organisers=crowd[:30],
        session=session(id=BIG_ID, going=crowd, maybe=crowd, waiting=crowd),
        rule="FREQ=WEEKLY;INTERVAL=2",
        upcoming=tuple(session(id=BIG_ID - i) for i in range(5)),
        choices=tuple((START + timedelta(days=7 * i), START + timedelta(days=7 * i)) for i in range(30)),
    )


def components(card: Card) -> list[Any]:
    return list(card.view.children) if card.view is not None else []


def check_limits(card: Card) -> None:
    """Discord's limits for one message."""
    if card.content is not None:
        assert len(card.content) <= 2000
    if card.embed is not None:
        embed = card.embed
        assert len(embed) <= 6000
        assert embed.title is None or len(embed.title) <= 256
        assert embed.description is None or len(embed.description) <= 4096
        assert len(embed.fields) <= 25
        for f in embed.fields:
            assert 0 < len(f.name or "") <= 256 and 0 < len(f.value or "") <= 1024
    items = components(card)
    rows: dict[int, int] = {}
    for item in items:
        row = item.row if item.row is not None else 0
        rows[row] = rows.get(row, 0) + (5 if isinstance(item, discord.ui.Select | discord.ui.UserSelect) else 1)
        if isinstance(item, discord.ui.Button):
            assert item.label is None or len(item.label) <= 80
            if item.url:
                assert item.custom_id is None and len(item.url) <= 512
            else:
                assert item.custom_id is not None and len(item.custom_id) <= 100
                assert handled(item.custom_id), item.custom_id
        else:
            assert len(item.custom_id) <= 100 and handled(item.custom_id), item.custom_id
            assert len(getattr(item, "options", [])) <= 25
    assert len(rows) <= 5 and all(width <= 5 for width in rows.values())


def test_card_shows_the_exact_buttons() -> None:
    card = render.project_card(project(), NOW)
    check_limits(card)
    labels = [(i.label, i.custom_id, i.url, i.row) for i in components(card)]
    assert labels == [
        ("✅ I'm coming", "connect:proj:join:42", None, 0),
        ("🤔 Maybe", "connect:proj:maybe:42", None, 0),
        ("❌ I can't come", "connect:proj:cant:42", None, 0),
        ("📅 Add to my calendar", "connect:proj:calendar:42", None, 0),
        ("ℹ️ More", "connect:proj:more:42", None, 0),
        ("💻 Join online", None, "https://meet.example/film", 1),
    ]


def test_card_content() -> None:
    embed = render.card_embed(project(), NOW)
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title == "Film club" and embed.description == "We watch a film together."
    assert fields[texts.PROJECT_CARD_WHEN].startswith("Wednesday 3 June at 2pm (<t:1780491600:R>)")
    assert texts.PROJECT_CARD_ENDS_AT.format(time="4pm") in fields[texts.PROJECT_CARD_WHEN]
    assert fields[texts.PROJECT_CARD_WHERE] == "Room 2"
    assert fields[texts.PROJECT_CARD_ORGANISERS] == "<@10>, <@11>"
    assert fields[texts.PROJECT_CARD_PLACES] == texts.PROJECT_CARD_FULL
    assert fields[texts.PROJECT_CARD_COMING.format(count=2)] == "<@21>, <@22>"
    assert fields[texts.PROJECT_CARD_MAYBE.format(count=1)] == "<@23>"
    assert fields[texts.PROJECT_CARD_WAITING] == texts.PROJECT_CARD_WAITING_ONE
    assert fields[texts.PROJECT_CARD_BRING] == "A snack"
    roomy = render.card_embed(project(places=10), NOW)
    assert {f.name: f.value for f in roomy.fields}[texts.PROJECT_CARD_PLACES] == texts.PROJECT_CARD_PLACES_LEFT.format(
        left=8, places=10
    )


def test_repeating_card_says_next_session_and_how_often() -> None:
    embed = render.card_embed(project(rule="FREQ=WEEKLY;INTERVAL=2"), NOW)
    value = {f.name: f.value for f in embed.fields}[texts.PROJECT_CARD_NEXT]
    assert texts.PROJECT_CARD_REPEATS.format(repeat="every 2 weeks") in value


@pytest.mark.parametrize("state", ["cancelled", "finished"])
def test_a_cancelled_or_finished_card_has_no_buttons(state: str) -> None:
    card = render.project_card(project(state=state), NOW)
    assert card.view is None
    assert card.embed is not None and card.embed.description is not None
    banner = texts.PROJECT_CARD_CANCELLED if state == "cancelled" else texts.PROJECT_CARD_FINISHED
    assert card.embed.description.startswith(banner)
    # Edited in place, the buttons are removed (view=None clears them).
    assert card.edit_kwargs()["view"] is None


def test_everything_at_its_limit_still_fits() -> None:
    view = huge()
    state = MemberState(view, 1, "waiting", True, 3, False, True, True)
    cards = [
        render.project_card(view, NOW),
        render.draft_card(replace(view, state="draft"), NOW),
        render.more_panel(state, "Europe/London", NOW),
        render.more_panel(state, "Europe/London", NOW, render.ORGANISE),
        render.more_panel(replace(state, can_organise=False), "Europe/London", NOW),
        render.which_sessions(view, "going", NOW, "Europe/London"),
        render.which_sessions(view, "cant", NOW, "Europe/London"),
        render.confirm(view, "cancel", NOW),
        render.confirm(view, "cancel-session", NOW),
        render.confirm(view, "finish", NOW),
        render.pick_member(view, "attendance", NOW, view.session),
        render.pick_member(view, "sign-up", NOW),
        render.pick_member(view, "add-organiser", NOW),
        render.pick_member(view, "remove", NOW),
        render.places_picker(view.id, 500),
        render.posted_reply(view),
    ]
    for card in cards:
        check_limits(card)
    embed = render.card_embed(view, NOW)
    coming = next(f for f in embed.fields if f.name == texts.PROJECT_CARD_COMING.format(count=500))
    assert coming.value.endswith(" more") and len(coming.value) <= 1024


def test_which_sessions_offers_the_next_ones() -> None:
    week = timedelta(days=7)
    view = project(rule="FREQ=WEEKLY", choices=((START, START), (START + week, START + week + timedelta(hours=1))))
    card = render.which_sessions(view, "going", NOW, "Europe/London")
    check_limits(card)
    assert card.content == texts.PROJECT_WHICH_SESSIONS
    ids = [i.custom_id for i in components(card)]
    assert ids == [
        "connect:proj:which:42:going:next",
        "connect:proj:which:42:going:every",
        "connect:proj:session:42:going",
    ]
    menu = components(card)[2]
    assert [o.value for o in menu.options] == [str(int(START.timestamp())), str(int((START + week).timestamp()))]
    assert menu.options[1].label == "Wednesday 10 June at 3pm"  # this one was moved by an hour
    # "Can't come" from a regular: the next session or every session, no menu.
    assert [i.custom_id for i in components(render.which_sessions(view, "cant", NOW, "UTC"))] == [
        "connect:proj:which:42:cant:next",
        "connect:proj:which:42:cant:every",
    ]


def test_more_panel_for_a_member_and_an_organiser() -> None:
    view = project(rule="FREQ=WEEKLY")
    member = MemberState(view, 21, "going", False, None, True, False, False)
    ids = [i.custom_id for i in components(render.more_panel(member, "Europe/London", NOW)) if i.custom_id]
    assert ids == [
        "connect:proj:reminders:42:off",
        "connect:proj:which:42:going:every",
        "connect:rem:new:42",
        "connect:tasks:list:project:42",
    ]
    organiser = replace(member, can_organise=True, reminders_on=False, every=True)
    ids = [i.custom_id for i in components(render.more_panel(organiser, "Europe/London", NOW)) if i.custom_id]
    # At most 5 choices at once: the organiser's buttons are behind "Organise".
    assert ids == [
        "connect:proj:reminders:42:on",
        "connect:proj:which:42:cant:every",
        "connect:rem:new:42",
        "connect:tasks:list:project:42",
        "connect:proj:more:42:organise",
    ]
    panel = render.more_panel(organiser, "Europe/London", NOW, render.ORGANISE)
    ids = [i.custom_id for i in components(panel) if i.custom_id]
    assert ids[-1] == "connect:proj:more:42:back" and "connect:rem:new-everyone:42" in ids
    assert len(ids) <= 5 and "connect:proj:more:42:organise-more" in ids  # 5 choices first, the rest one press on
    rest = render.more_panel(organiser, "Europe/London", NOW, render.ORGANISE_MORE)
    ids += [i.custom_id for i in components(rest) if i.custom_id]
    assert ids[-1] == "connect:proj:more:42:organise"  # Back, to the first view
    words = ("edit", "time", "time-one", "end", "places", "add-organiser", "sign-up", "remove", "attendance", "close")
    for action in (*words, "finish", "cancel-session", "cancel"):
        assert f"connect:proj:organise:42:{action}" in ids
    # A member asking for the organiser's view gets the member's.
    assert render.more_panel(member, "Europe/London", NOW, render.ORGANISE).view is not None
    member_ids = [i.custom_id for i in components(render.more_panel(member, "Europe/London", NOW, render.ORGANISE))]
    assert not [i for i in member_ids if i and ":organise:" in i]


def test_answer_replies() -> None:
    view = project()
    going = SignupResult(view, 7, "going", True, False)
    text = render.answer_reply(going, "Europe/London", NOW)
    assert text.splitlines()[0] == texts.PROJECT_REPLY_GOING.format(title="Film club")
    assert "📅 Wednesday 3 June at 2pm" in text and texts.PROJECT_REPLY_UNDO in text
    waiting = render.answer_reply(SignupResult(view, 7, "waiting", True, False, 3), "Europe/London", NOW)
    assert texts.PROJECT_REPLY_POSITION.format(position=3) in waiting
    same = render.answer_reply(SignupResult(view, 7, "going", False, False), "Europe/London", NOW)
    assert same.startswith(texts.PROJECT_REPLY_SAME_GOING.format(title="Film club"))
    cant = render.answer_reply(SignupResult(view, 7, "cant", True, True), "Europe/London", NOW)
    assert cant.startswith(texts.PROJECT_REPLY_CANT_EVERY.format(title="Film club"))


def test_details_modal() -> None:
    new = render.details_modal()
    assert new.custom_id == "connect:proj:form:new:0" and len(new.title) <= 45
    inputs = [c for c in new.children if isinstance(c, discord.ui.TextInput)]
    assert [(i.custom_id, i.max_length, i.required) for i in inputs] == [
        ("title", 100, True),
        ("about", 1000, False),
        ("where", 200, False),
        ("link", 500, False),
        ("bring", 200, False),
    ]
    assert all(len(i.placeholder or "") <= 100 for i in inputs)
    labels = [texts.PROJECT_INPUT_TITLE, texts.PROJECT_INPUT_ABOUT, texts.PROJECT_INPUT_WHERE, texts.PROJECT_INPUT_LINK]
    assert all(len(label) <= 45 for label in [*labels, texts.PROJECT_INPUT_BRING, texts.PROJECT_INPUT_PLACES])
    edit = render.details_modal(project())
    assert edit.custom_id == "connect:proj:form:edit:42"
    assert next(c.default for c in edit.children if isinstance(c, discord.ui.TextInput)) == "Film club"
    assert re.fullmatch(render.FORM_TEMPLATE, render.places_modal(BIG_ID, None).custom_id)


def test_modal_values_reads_every_layout() -> None:
    rows = {"components": [{"type": 1, "components": [{"type": 4, "custom_id": "title", "value": "Film"}]}]}
    labels = {"components": [{"type": 18, "component": {"type": 4, "custom_id": "where", "value": "Hall"}}]}
    assert modal_values(rows) == {"title": "Film"}
    assert modal_values(labels) == {"where": "Hall"}
    assert modal_values(None) == {}


def summary(i: int) -> ProjectSummary:
    return ProjectSummary(i, f"Project {i}", START, "Room", "", None, False, "Europe/London", 500, 600 + i)


def test_list_and_mine_cards() -> None:
    page = ProjectPage(items=tuple(summary(i) for i in range(5)), page=1, pages=3, total=15)
    card = render.list_card(page, NOW)
    check_limits(card)
    ids = [i.custom_id for i in components(card)]
    assert ids == [f"connect:proj:show:{i}" for i in range(5)] + [
        "connect:proj:list:0",
        "connect:proj:list:2",
        "connect:proj:new:0",
    ]
    last = render.list_card(replace(page, page=2), NOW)
    assert components(last)[-2].disabled is True
    empty = render.list_card(ProjectPage((), 0, 1, 0), NOW)
    assert empty.embed is not None and empty.embed.description == texts.PROJECT_LIST_EMPTY
    assert [i.label for i in components(empty)] == [texts.PROJECT_BUTTON_NEW]
    mine = [MyProject(i, f"P{i}", START, "going", False, "Europe/London", None, None) for i in range(25)]
    check_limits(render.mine_card(mine, "Europe/London", NOW))


def test_reminder_message() -> None:
    view = project(title="@everyone film")
    msg = render.reminder_message(Reminder(view, session(), 60, (21,)), "Europe/London", NOW, late=True)
    assert msg.content is not None
    lines = msg.content.splitlines()
    assert lines[0] == texts.SCHEDULED_LATE
    assert lines[1] == texts.PROJECT_REMINDER_IN_ONE_HOUR.format(title="@everyone film")
    assert msg.mention_user_ids == frozenset() and msg.mention_role_ids == frozenset()
    assert msg.view is not None
    urls = [getattr(i, "url", None) for i in msg.view.children]
    assert "https://meet.example/film" in urls and "https://discord.com/channels/111/500/600" in urls
    assert render.reminder_message(Reminder(view, session(), 2880, ()), "UTC", NOW).content.startswith(  # type: ignore[union-attr]
        texts.PROJECT_REMINDER_IN_DAYS.format(title="@everyone film", count=2)
    )


def test_people_cuts_long_lists() -> None:
    assert render.people(()) == texts.PROJECT_CARD_NOBODY
    text = render.people(tuple(range(10**17, 10**17 + 200)), limit=100)
    assert len(text) <= 100 and text.endswith("more")
    assert render.people(tuple(range(10**17, 10**17 + 3)), limit=10) == texts.PROJECT_CARD_AND_MORE.format(count=3)


def test_masked_links_on_the_card_show_where_they_go() -> None:
    view = project(about="[Free tickets](http://evil.example)", where="[Room 2](http://evil.example)")
    embed = render.card_embed(view, NOW)
    shown = f"{embed.description} {[f.value for f in embed.fields]}"
    assert "Free tickets (http://evil.example)" in shown and "Room 2 (http://evil.example)" in shown
    assert "](http" not in shown
