"""Projects end to end: start one with the modal and the time picker only, sign up with the card's buttons,
the waiting list, moving the time (everyone told once, reminders moved), the day-before reminder. The
calendar file, what a plain member cannot do, a cancelled project and a restart: test_projects_cards.py.

The bot's clock is set to Monday 7 June 2027, 9:00 UTC (10am in London, British Summer Time), so the
picker offers the same days every run and "6pm" in London is 17:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from bot import texts
from bot.scope import system_scope
from bot.timefmt import when_text
from sandbox import Message, Sandbox, Seen
from tests.e2e.conftest import Connect

LONDON = "Europe/London"
NOW = datetime(2027, 6, 7, 9, 0, tzinfo=UTC)  # Monday 7 June 2027, 10am in London
THURSDAY = date(2027, 6, 10)
SATURDAY = date(2027, 6, 12)
THURSDAY_6PM = datetime(2027, 6, 10, 17, 0, tzinfo=UTC)  # 6pm in London
SATURDAY_7PM = datetime(2027, 6, 12, 18, 0, tzinfo=UTC)  # 7pm in London
USUAL_TIMES = texts.TIMEPICK_MENU_USUAL.format(start="9am", end="9pm")
CARD_BUTTONS = [
    texts.PROJECT_BUTTON_COMING,
    texts.PROJECT_BUTTON_MAYBE,
    texts.PROJECT_BUTTON_CANT,
    texts.PROJECT_BUTTON_CALENDAR,
    texts.PROJECT_BUTTON_MORE,
]
LINK = "https://meet.example/film-club"
WHERE = "Room 2, Riverside Centre"
BRING = "A snack to share"


# ---------------------------------------------------------------- helpers


async def minute_by_minute(connect: Connect, minutes: int) -> None:
    """Let time pass as it would: the scheduler looks every minute, so nothing is sent late."""
    for _ in range(minutes):
        await connect.later(timedelta(minutes=1))


def user_id(sb: Sandbox, name: str) -> int:
    return sb.user(name).id


def project_id(card: Message) -> int:
    join = next(b for b in card.buttons if b.label == texts.PROJECT_BUTTON_COMING)
    assert join.custom_id is not None
    return int(join.custom_id.split(":")[3])


def dms_with(sb: Sandbox, name: str, words: str) -> list[Message]:
    return [m for m in sb.dms_of(name) if words in m.text]


async def pick_day_and_time(sb: Sandbox, who: str, picker: Seen, day: date, time: str) -> Seen:
    """The picker with menus only: "📅 Pick a day", the day, then a time from the usual times."""
    member = sb.member(who)
    seen = await member.click(picker, texts.TIMEPICK_PICK_DAY)
    seen = await member.select(seen, [day.isoformat()], placeholder=texts.TIMEPICK_PICK_DAY)
    return await member.select(seen, [time], placeholder=USUAL_TIMES)


async def start_project(
    sb: Sandbox,
    who: str,
    title: str,
    *,
    day: date = THURSDAY,
    time: str = "6pm",
    places: str | None = "2 places",
) -> Message:
    """/project new in #projects, the modal, the picker's menus, the places menu, Post. Returns the card."""
    member = sb.member(who)
    seen = await member.slash("project new", channel="projects")
    assert seen.modal is not None
    picker = await member.submit_modal(
        {
            texts.PROJECT_INPUT_TITLE: title,
            texts.PROJECT_INPUT_ABOUT: "We watch a film, then talk about it.",
            texts.PROJECT_INPUT_WHERE: WHERE,
            texts.PROJECT_INPUT_LINK: LINK,
            texts.PROJECT_INPUT_BRING: BRING,
        }
    )
    draft = await pick_day_and_time(sb, who, picker, day, time)
    assert texts.PROJECT_DRAFT_TITLE in draft.text, draft.text
    if places is not None:
        draft = await member.select(draft, [places], placeholder=texts.PROJECT_PLACES_PLACEHOLDER)
    posted = await member.click(draft, texts.PROJECT_BUTTON_POST)
    card = await sb.wait_for_message(
        channel="projects",
        predicate=lambda m: not m.ephemeral and bool(m.embeds) and m.embeds[0].get("title") == title,
    )
    # The private panel gets its link to the card last, once the card is saved with the project.
    assert posted.message is not None
    await sb.wait_for_message(channel="projects", predicate=lambda m: m is posted.message and bool(m.buttons))
    return card


async def card_shows(sb: Sandbox, card: Message, *words: str) -> Message:
    """The same card message, once its edit (made right after the answer) shows ``words``."""
    return await sb.wait_for_message(
        channel="projects", predicate=lambda m: m.id == card.id and all(w in m.text for w in words)
    )


# ---------------------------------------------------------------- 1. start with the picker only


async def test_start_a_project_with_the_modal_and_the_picker_only(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    lead_role = sandbox.guild().role("Co-production lead")
    title = f"Film club @everyone <@&{lead_role.id}>"
    sam = sandbox.member("Sam")

    seen = await sam.slash("project new", channel="projects")
    assert seen.modal is not None and seen.modal.title == texts.PROJECT_MODAL_NEW
    assert [f.label for f in seen.modal.fields] == [
        texts.PROJECT_INPUT_TITLE,
        texts.PROJECT_INPUT_ABOUT,
        texts.PROJECT_INPUT_WHERE,
        texts.PROJECT_INPUT_LINK,
        texts.PROJECT_INPUT_BRING,
    ]
    picker = await sam.submit_modal(
        {
            texts.PROJECT_INPUT_TITLE: title,
            texts.PROJECT_INPUT_ABOUT: "We watch a film. @here please come.",
            texts.PROJECT_INPUT_WHERE: WHERE,
            texts.PROJECT_INPUT_LINK: LINK,
            texts.PROJECT_INPUT_BRING: BRING,
        }
    )
    assert picker.ephemeral
    assert picker.content == texts.PROJECT_ASK_START.format(title=title)
    labels = [b.label for b in picker.buttons]
    assert labels[:4] == [
        texts.TIMEPICK_IN_ONE_HOUR,
        texts.TIMEPICK_THIS_EVENING.format(time="6pm"),
        texts.TIMEPICK_TOMORROW_MORNING.format(time="9am"),
        texts.TIMEPICK_PICK_DAY,
    ]
    assert picker.button(texts.TIMEPICK_PICK_DAY).emoji == "📅"

    days = await sam.click(picker, texts.TIMEPICK_PICK_DAY)
    [day_menu] = days.selects
    assert day_menu.labels[:4] == [
        "Today, Monday 7 June",
        "Tomorrow, Tuesday 8 June",
        "Wednesday 9 June",
        "Thursday 10 June",
    ]
    times = await sam.select(days, [THURSDAY.isoformat()], placeholder=texts.TIMEPICK_PICK_DAY)
    assert times.content == picker.content  # each step only swaps the menus
    draft = await sam.select(times, ["6pm"], placeholder=USUAL_TIMES)
    assert texts.PROJECT_DRAFT_TITLE in draft.text
    assert "Thursday 10 June at 6pm" in draft.text
    draft = await sam.select(draft, ["2 places"], placeholder=texts.PROJECT_PLACES_PLACEHOLDER)
    places_menu = next(s for s in draft.selects if s.placeholder == texts.PROJECT_PLACES_PLACEHOLDER)
    assert [o.label for o in places_menu.options if o.default] == ["2 places"]
    posted = await sam.click(draft, texts.PROJECT_BUTTON_POST)
    assert posted.ephemeral

    card = await sandbox.wait_for_message(channel="projects", predicate=lambda m: not m.ephemeral and bool(m.embeds))
    assert card.author.id == sandbox.world.bot.id and not card.content
    assert card.embeds[0]["title"] == title  # shown as typed
    assert [b.label for b in card.buttons] == [*CARD_BUTTONS, texts.PROJECT_BUTTON_ONLINE]
    online = card.buttons[-1]
    assert online.style == 5 and online.url == LINK and online.custom_id is None
    assert all(b.custom_id and b.custom_id.startswith("connect:proj:") for b in card.buttons[:5])
    text = card.text
    assert f"{texts.PROJECT_CARD_WHEN}: {when_text(THURSDAY_6PM, LONDON, NOW)}" in text
    assert f"{texts.PROJECT_CARD_WHERE}: {WHERE}" in text
    assert f"{texts.PROJECT_CARD_BRING}: {BRING}" in text
    assert f"{texts.PROJECT_CARD_ORGANISERS}: <@{user_id(sandbox, 'Sam')}>" in text
    assert f"{texts.PROJECT_CARD_PLACES}: {texts.PROJECT_CARD_PLACES_LEFT.format(left=2, places=2)}" in text
    assert f"{texts.PROJECT_CARD_COMING.format(count=0)}: {texts.PROJECT_CARD_NOBODY}" in text
    # "@everyone" and the role are shown, and nobody is pinged.
    assert not card.pinged_everyone and not card.mention_everyone
    assert not card.pinged_role_ids and not card.pinged_user_ids

    # Sam's private panel ends with a link to the card.
    panel = posted.message
    assert panel is not None
    done = await sandbox.wait_for_message(channel="projects", predicate=lambda m: m is panel and bool(m.buttons))
    assert done.content == texts.PROJECT_POSTED.format(title=title)
    [open_card] = done.buttons
    assert open_card.url == f"https://discord.com/channels/{sandbox.guild().id}/{card.channel_id}/{card.id}"

    view = await connect.services.projects.card(system_scope(sandbox.guild().id), project_id(card))
    assert view.state == "active" and view.starts_at == THURSDAY_6PM and view.places == 2
    assert (view.channel_id, view.message_id) == (sandbox.channel("projects").id, card.id)


# ---------------------------------------------------------------- 2. places and the waiting list


async def test_three_join_two_places_one_waits_then_moves_in_when_someone_leaves(
    connect: Connect, sandbox: Sandbox
) -> None:
    connect.clock.set(NOW)
    title = "Film club @everyone"
    card = await start_project(sandbox, "Sam", title)
    priya, jordan, alex = (sandbox.member(n) for n in ("Priya", "Jordan", "Alex"))
    ids = {n: user_id(sandbox, n) for n in ("Priya", "Jordan", "Alex")}
    when_line = texts.PROJECT_REPLY_WHEN.format(when=when_text(THURSDAY_6PM, LONDON, NOW))

    seen = await priya.click(card, texts.PROJECT_BUTTON_COMING)
    assert seen.ephemeral and seen.message is not None and seen.message.id != card.id
    assert seen.content.splitlines() == [
        texts.PROJECT_REPLY_GOING.format(title=title),
        when_line,
        texts.PROJECT_REPLY_REMINDERS,
        texts.PROJECT_REPLY_UNDO,
    ]
    shown = await card_shows(
        sandbox,
        card,
        f"{texts.PROJECT_CARD_PLACES}: {texts.PROJECT_CARD_ONE_PLACE_LEFT.format(places=2)}",
        f"{texts.PROJECT_CARD_COMING.format(count=1)}: <@{ids['Priya']}>",
    )
    assert shown is card  # edited in place: the same message

    seen = await jordan.click(card, texts.PROJECT_BUTTON_COMING)
    assert seen.content.startswith(texts.PROJECT_REPLY_GOING.format(title=title))
    await card_shows(
        sandbox,
        card,
        f"{texts.PROJECT_CARD_PLACES}: {texts.PROJECT_CARD_FULL}",
        f"{texts.PROJECT_CARD_COMING.format(count=2)}: <@{ids['Priya']}>, <@{ids['Jordan']}>",
    )

    seen = await alex.click(card, texts.PROJECT_BUTTON_COMING)
    assert seen.ephemeral
    assert seen.content.splitlines()[:3] == [
        texts.PROJECT_REPLY_WAITING.format(title=title),
        texts.PROJECT_REPLY_POSITION.format(position=1),
        texts.PROJECT_REPLY_WAITING_TELL,
    ]
    await card_shows(
        sandbox,
        card,
        f"{texts.PROJECT_CARD_WAITING}: {texts.PROJECT_CARD_WAITING_ONE}",
        f"{texts.PROJECT_CARD_COMING.format(count=2)}: <@{ids['Priya']}>, <@{ids['Jordan']}>",
    )
    assert f"<@{ids['Alex']}>" not in card.text  # the waiting list shows how many, not who

    # Jordan cannot come after all: Alex moves in by himself and is told once.
    seen = await jordan.click(card, texts.PROJECT_BUTTON_CANT)
    assert seen.content.splitlines()[0] == texts.PROJECT_REPLY_CANT.format(title=title)
    await card_shows(
        sandbox,
        card,
        f"{texts.PROJECT_CARD_COMING.format(count=2)}: <@{ids['Priya']}>, <@{ids['Alex']}>",
        f"{texts.PROJECT_CARD_PLACES}: {texts.PROJECT_CARD_FULL}",
    )
    assert texts.PROJECT_CARD_WAITING not in card.text
    await connect.run_due()
    promoted = texts.PROJECT_NOTICE_PROMOTED.format(title=title, when=when_text(THURSDAY_6PM, LONDON, NOW))
    message = await sandbox.wait_for_message(dm_of="Alex", predicate=lambda m: promoted in m.text)
    assert message.content.startswith("A place opened. You are coming to: Film club @everyone on Thursday 10 June")
    assert not message.pinged_everyone
    await minute_by_minute(connect, 3)
    assert len(dms_with(sandbox, "Alex", "A place opened.")) == 1
    for name in ("Sam", "Priya", "Jordan"):
        assert dms_with(sandbox, name, "A place opened.") == []

    # Only one card was ever posted; every change was an edit of it.
    cards = [m for m in sandbox.channel("projects").messages if not m.ephemeral]
    assert cards == [card] and len(card.history) >= 4
    sessions = await connect.services.projects.sessions(system_scope(sandbox.guild().id), project_id(card))
    assert sessions[0].going == (ids["Priya"], ids["Alex"]) and not sessions[0].waiting


async def test_card_shows_the_latest_lists_when_an_earlier_edit_is_delayed(connect: Connect, sandbox: Sandbox) -> None:
    """Discord answers one card edit with a 500 and discord.py sends it again a moment later. Meanwhile the
    next member answers. The card must end up showing the lists as they are, not the older copy."""
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club")
    await sandbox.member("Priya").click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, texts.PROJECT_CARD_COMING.format(count=1))
    edits = len(card.history)
    sandbox.faults.fail_next(1, status=500, route_contains=f"/messages/{card.id}")
    await sandbox.member("Jordan").click(card, texts.PROJECT_BUTTON_COMING)  # the next card edit is delayed
    seen = await sandbox.member("Alex").click(card, texts.PROJECT_BUTTON_COMING)
    assert seen.content.startswith(texts.PROJECT_REPLY_WAITING.format(title="Film club"))
    # The edit that failed is sent again; the card ends up showing both answers (edits are coalesced,
    # so one edit may show Jordan's and Alex's answers together).
    await card_shows(sandbox, card, texts.PROJECT_CARD_COMING.format(count=2), texts.PROJECT_CARD_WAITING_ONE)
    assert len(card.history) > edits
    assert sandbox.faults.injected == 1
    [session] = await connect.services.projects.sessions(system_scope(sandbox.guild().id), project_id(card))
    assert len(session.going) == 2 and len(session.waiting) == 1
    assert f"{texts.PROJECT_CARD_WAITING}: {texts.PROJECT_CARD_WAITING_ONE}" in card.text, card.text


# ---------------------------------------------------------------- 3 and 4. moving the time; the reminders


async def test_organiser_moves_the_time_everyone_told_once_and_reminders_move(
    connect: Connect, sandbox: Sandbox
) -> None:
    connect.clock.set(NOW)
    title = "Film club"
    card = await start_project(sandbox, "Sam", title, places=None)
    for name in ("Priya", "Jordan"):
        await sandbox.member(name).click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, texts.PROJECT_CARD_COMING.format(count=2))

    # Sam (who started it) moves it with the organiser controls behind "More", menus only.
    sam = sandbox.member("Sam")
    more = await sam.click(card, texts.PROJECT_BUTTON_MORE)
    assert more.ephemeral and texts.PROJECT_MORE_ORGANISER in more.text
    more = await sam.click(more, texts.PROJECT_BUTTON_ORGANISE)  # the organiser's buttons, one press on
    picker = await sam.click(more, texts.PROJECT_BUTTON_TIME)
    assert picker.content == texts.PROJECT_ASK_MOVE.format(title=title)
    done = await pick_day_and_time(sandbox, "Sam", picker, SATURDAY, "7pm")
    new_words = when_text(SATURDAY_7PM, LONDON, NOW)
    assert done.content == texts.PROJECT_DONE_MOVED.format(when=new_words)
    await card_shows(sandbox, card, f"{texts.PROJECT_CARD_WHEN}: {new_words}")
    assert "Thursday 10 June" not in card.text

    # Everyone coming gets one plain "What changed" message: old time -> new time.
    await connect.run_due()
    changed = [
        texts.PROJECT_NOTICE_CHANGED.format(title=title),
        texts.PROJECT_CHANGED_TIME.format(old=when_text(THURSDAY_6PM, LONDON, NOW), new=new_words),
    ]
    for name in ("Priya", "Jordan"):
        message = await sandbox.wait_for_message(dm_of=name, predicate=lambda m: "What changed" in m.text)
        assert message.content.splitlines() == changed
        assert not message.embeds
    await minute_by_minute(connect, 2)
    for name in ("Priya", "Jordan"):
        assert len(dms_with(sandbox, name, "What changed")) == 1
    for name in ("Sam", "Alex"):
        assert sandbox.dms_of(name) == []

    # The calendar file has the new time too.
    ics = await sandbox.member("Priya").click(card, texts.PROJECT_BUTTON_CALENDAR)
    [event] = icalendar.Calendar.from_ical(ics.attachments[0].data).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(UTC) == SATURDAY_7PM

    day_before = texts.PROJECT_REMINDER_IN_ONE_DAY.format(title=title)
    hour_before = texts.PROJECT_REMINDER_IN_ONE_HOUR.format(title=title)

    def reminders(name: str, words: str = day_before) -> list[Message]:
        return dms_with(sandbox, name, words)

    # Nothing at the old times (a day and an hour before Thursday 6pm).
    for old_due in (THURSDAY_6PM - timedelta(days=1), THURSDAY_6PM - timedelta(hours=1)):
        connect.clock.set(old_due - timedelta(minutes=2))
        await minute_by_minute(connect, 5)
        assert reminders("Priya") == [] and reminders("Priya", hour_before) == []

    # The day-before reminder comes once, a day before the new time.
    new_due = SATURDAY_7PM - timedelta(days=1)
    connect.clock.set(new_due - timedelta(minutes=1))
    await connect.run_due()
    assert reminders("Priya") == [] and reminders("Jordan") == []
    await connect.later(timedelta(minutes=1))
    [priya_reminder] = reminders("Priya")
    assert len(reminders("Jordan")) == 1
    await minute_by_minute(connect, 5)
    assert len(reminders("Priya")) == 1 and len(reminders("Jordan")) == 1
    assert reminders("Sam") == [] and reminders("Alex") == []

    # 4. What, when, where, what to bring, and the online link as a button.
    assert priya_reminder.content.splitlines() == [
        day_before,
        texts.PROJECT_REMINDER_WHEN.format(when=when_text(SATURDAY_7PM, LONDON, new_due)),
        texts.PROJECT_REMINDER_WHERE.format(where=WHERE),
        texts.PROJECT_REMINDER_BRING.format(bring=BRING),
        texts.PROJECT_REMINDER_ONLINE,
    ]
    assert texts.SCHEDULED_LATE not in priya_reminder.content
    online = next(b for b in priya_reminder.buttons if b.label == texts.PROJECT_BUTTON_ONLINE)
    assert online.style == 5 and online.url == LINK
    opener = next(b for b in priya_reminder.buttons if b.label == texts.PROJECT_BUTTON_OPEN)
    assert opener.url is not None and opener.url.endswith(f"/{card.channel_id}/{card.id}")
    assert texts.PROJECT_BUTTON_STOP_REMINDERS in [b.label for b in priya_reminder.buttons]

    # The hour-before reminder comes once too, an hour before the new time.
    connect.clock.set(SATURDAY_7PM - timedelta(hours=1, minutes=1))
    await connect.run_due()
    assert reminders("Priya", hour_before) == []
    await minute_by_minute(connect, 3)
    assert len(reminders("Priya", hour_before)) == 1 and len(reminders("Jordan", hour_before)) == 1
    assert len(reminders("Priya")) == 1
