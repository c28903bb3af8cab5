"""Check-ins end to end, buttons only: a lead makes a Monday 9am mood check-in with menus; on Monday 9am in
London, on both sides of the March clock change, the members get it; two answer with one tap, one asks to talk
to someone; the lead is told at once even in quiet hours, says "I will talk to them", and the member is told
the lead's name; the summary reaches only the lead, with counts and no names; an away member gets nothing;
and nothing about moods or help appears in any public channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import texts
from sandbox import Sandbox
from sandbox.actors import MemberActor, Seen
from sandbox.world import Message
from tests.e2e.conftest import Connect

MONDAY_GMT = datetime(2027, 3, 22, 9, 0, tzinfo=UTC)  # 9am in London before the clocks go forward
MONDAY_BST = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 9am in London after (28 March)
PRIVATE_WORDS = (
    texts.CHECKIN_QUESTION,
    texts.CHECKIN_TALK,
    "Good",
    "Not good",
    "would like to talk",
    "will talk to",
    "Check-in summary",
    "asked to talk",
)


def checkin_dms(sb: Sandbox, name: str) -> list[Message]:
    return [m for m in sb.dms_of(name) if texts.CHECKIN_QUESTION in m.text]


async def pick_time(lead: MemberActor, seen: Seen, weekday: str, time: str) -> Seen:
    """The shared time picker, from the draft's "Pick a time": a day from its menu, then a time."""
    seen = await lead.click(seen, texts.CHECKIN_MAKE_PICK_TIME)
    assert texts.CHECKIN_MAKE_WHEN in seen.text
    seen = await lead.click(seen, texts.TIMEPICK_PICK_DAY)
    day_menu = seen.selects[0]
    day = next(o.label for o in day_menu.options if weekday in o.label)
    seen = await lead.select(seen, [day], placeholder=day_menu.placeholder)
    usual = next(s for s in seen.selects if s.placeholder and s.placeholder.startswith("Pick a time from"))
    return await lead.select(seen, [time], placeholder=usual.placeholder)


def public_messages(sb: Sandbox) -> list[Message]:
    """Every message a crowd could read: in a server channel, not ephemeral."""
    return [m for m in sb.world.messages.values() if m.guild_id is not None and not m.ephemeral]


async def test_monday_mood_checkin_answers_help_and_summary(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(datetime(2027, 3, 18, 12, 0, tzinfo=UTC))  # Thursday
    world = sandbox.world
    guild = sandbox.guild()
    world.add_member(guild, world.add_user("Taylor"))

    morgan = sandbox.member("Morgan")
    card = await morgan.slash("setup")
    await morgan.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)

    # The lead is in quiet hours at 9am: help alerts still come at once.
    alex = sandbox.member("Alex")
    await alex.slash("me quiet-hours", start="12am", end="11am")

    # Jordan is away until Tuesday 23 March at 9am: no check-in on the 22nd, one on the 29th.
    jordan = sandbox.member("Jordan")
    seen = await jordan.slash("me away")
    seen = await jordan.click(seen, texts.TIMEPICK_PICK_DAY)
    day_menu = seen.selects[0]
    seen = await jordan.select(seen, [day_menu.options[5].label], placeholder=day_menu.placeholder)
    usual = next(s for s in seen.selects if s.placeholder and s.placeholder.startswith("Pick a time from"))
    seen = await jordan.select(seen, ["9am"], placeholder=usual.placeholder)
    assert "✅ Saved. You are away until Tuesday 23 March at 9am" in seen.text

    # The lead makes it with buttons and menus: the kind, who, the shared time picker, then Start.
    seen = await alex.slash("checkin new")
    assert seen.ephemeral and seen.text == texts.CHECKIN_MAKE_KIND
    seen = await alex.click(seen, "Mood, 3 pictures")
    assert texts.CHECKIN_MAKE_NEXT_WHO in seen.text
    seen = await alex.click(seen, texts.CHECKIN_WHO_PICK_MEMBERS)
    seen = await alex.select(seen, ["Sam", "Priya", "Jordan", "Taylor"], placeholder=texts.CHECKIN_PICK_MEMBERS_HOLDER)
    assert "Who: 4 members you picked." in seen.text
    seen = await pick_time(alex, seen, "Monday", "9am")
    assert "When: Mondays at 9am, the server's time." in seen.text
    seen = await alex.click(seen, texts.CHECKIN_MAKE_START)
    assert "✅ Done. The check-in comes mondays at 9am, the server's time." in seen.text
    assert "Monday 22 March at 9am" in seen.text

    # Monday 22 March, 9am in London (GMT).
    connect.clock.set(MONDAY_GMT - timedelta(minutes=1))
    await connect.run_due()
    assert checkin_dms(sandbox, "Sam") == []
    connect.clock.set(MONDAY_GMT + timedelta(seconds=30))
    await connect.run_due()
    for name in ("Sam", "Priya", "Taylor"):
        (dm,) = checkin_dms(sandbox, name)
        assert [b.label for b in dm.buttons] == ["Good", "OK", "Not good", texts.CHECKIN_TALK, texts.CHECKIN_SKIP]
        assert texts.CHECKIN_PRIVATE_NOTE in dm.text
    assert checkin_dms(sandbox, "Jordan") == []

    sam, priya, taylor = sandbox.member("Sam"), sandbox.member("Priya"), sandbox.member("Taylor")
    answered = await sam.click(checkin_dms(sandbox, "Sam")[0], "Good")
    assert answered.ephemeral
    assert answered.text == "\n".join(
        [texts.CHECKIN_THANKS.format(emoji="😊", word="Good"), texts.CHECKIN_CHANGE, texts.CHECKIN_PRIVATE_NOTE]
    )
    answered = await priya.click(checkin_dms(sandbox, "Priya")[0], "Not good")
    assert texts.CHECKIN_THANKS.format(emoji="😟", word="Not good") in answered.text

    who = await taylor.click(checkin_dms(sandbox, "Taylor")[0], texts.CHECKIN_TALK)
    assert who.ephemeral and who.text == texts.CHECKIN_HELP_WHO
    assert "Alex" in [b.label for b in who.buttons]  # the lead who made the check-in is known
    soon = await taylor.click(who, texts.CHECKIN_HELP_ANYONE)
    assert soon.text == texts.CHECKIN_HELP_SOON
    done = await taylor.click(soon, texts.CHECKIN_HELP_TODAY)
    assert done.text == texts.CHECKIN_HELP_DONE

    # The lead's private alert comes at once, although Alex is in quiet hours.
    await sandbox.wait_for_message(dm_of="Alex", predicate=lambda m: "would like to talk" in m.text, timeout=10)
    await connect.run_due()
    alerts = [m for m in sandbox.dms_of("Alex") if "Taylor" in m.text and "would like to talk" in m.text]
    assert len(alerts) == 1
    assert texts.CHECKIN_ALERT_SOON["today"] in alerts[0].text
    claimed = await alex.click(alerts[0], texts.CHECKIN_I_WILL_TALK)
    assert claimed.ephemeral and "I will tell Taylor" in claimed.text
    await sandbox.wait_for_message(dm_of="Taylor", predicate=lambda m: "Alex will talk to you" in m.text, timeout=10)
    await connect.run_due()
    told = [m for m in sandbox.dms_of("Taylor") if texts.CHECKIN_HELP_NAMED.format(lead="Alex") in m.text]
    assert len(told) == 1

    # The lead's copy of the alert now says who took it, keeps its words, and has no button left to press.
    (copy,) = [m for m in sandbox.dms_of("Alex") if m.id == alerts[0].id]
    assert copy.text.startswith(alerts[0].text.splitlines()[0]) and "Taylor" in copy.text
    assert copy.text.endswith(texts.CHECKIN_ALERT_TAKEN.format(lead="Alex")) and copy.buttons == []
    await connect.run_due()
    assert len([m for m in sandbox.dms_of("Taylor") if "Alex will talk to you" in m.text]) == 1

    # The summary, 3 hours later, reaches only the lead: counts, no names of who answered.
    await connect.later(timedelta(hours=3))
    summaries = [m for m in sandbox.dms_of("Alex") if "Check-in summary" in m.text]
    assert len(summaries) == 1
    summary = summaries[0].text
    assert "😊 Good: 1" in summary and "😐 OK: 0" in summary and "😟 Not good: 1" in summary
    assert "2 answers today." in summary
    for name in ("Sam", "Priya", "Jordan"):
        assert name not in summary
        assert str(sandbox.user(name).id) not in summary
    assert "Taylor" in summary and "Alex will talk to them." in summary
    for name in ("Sam", "Priya", "Taylor", "Jordan", "Morgan"):
        assert not [m for m in sandbox.dms_of(name) if "Check-in summary" in m.text]

    # Monday 29 March, 9am in London (BST, 08:00 UTC). Jordan is back.
    connect.clock.set(MONDAY_BST - timedelta(minutes=1))
    await connect.run_due()
    assert len(checkin_dms(sandbox, "Sam")) == 1
    connect.clock.set(MONDAY_BST + timedelta(seconds=30))
    await connect.run_due()
    for name in ("Sam", "Priya", "Taylor", "Jordan"):
        assert len(checkin_dms(sandbox, name)) == (2 if name != "Jordan" else 1), name
    assert texts.SCHEDULED_LATE not in checkin_dms(sandbox, "Sam")[-1].text

    # An old check-in's buttons say plainly that it has closed.
    closed = await sam.click(checkin_dms(sandbox, "Sam")[0], "OK")
    assert closed.text == texts.CHECKIN_CLOSED

    # Nothing about moods or help was ever posted where others can read it.
    for message in public_messages(sandbox):
        for word in PRIVATE_WORDS:
            assert word not in message.text, f"public message {message.id} says {word!r}: {message.text[:80]!r}"


async def test_stand_up_in_a_channel_settings_help_me_waiting_and_stop(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(datetime(2027, 5, 3, 12, 0, tzinfo=UTC))  # Monday
    world, guild = sandbox.world, sandbox.guild()
    world.add_channel(guild, "leads", topic="Only for leads.")
    morgan = sandbox.member("Morgan")
    card = await morgan.slash("setup")
    await morgan.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)

    alex = sandbox.member("Alex")
    card = await alex.slash("setup")
    panel = await alex.click(card, texts.CHECKIN_SETTINGS_BUTTON)
    assert panel.ephemeral and texts.CHECKIN_SETTINGS_INTRO in panel.text
    panel = await alex.select(panel, ["leads"], placeholder=texts.CHECKIN_PICK_LEADS_CHANNEL)
    assert texts.CHECKIN_SETTINGS_SAVED in panel.text
    # When to ask all leads again is a menu of its choices (never a cycle on each press).
    menu = next(s for s in panel.selects if s.placeholder == texts.CHECKIN_CHANGE_REALERT)
    assert [o.label for o in menu.options] == ["2 hours", "4 hours", "8 hours", "24 hours"]
    panel = await alex.select(panel, ["24 hours"], placeholder=texts.CHECKIN_CHANGE_REALERT)
    assert "24 hours" in panel.text and texts.CHECKIN_SETTINGS_SAVED in panel.text

    refused = await sandbox.member("Sam").slash("checkin new")
    assert refused.text == texts.ONLY_LEADS_OR_MANAGERS

    seen = await alex.slash("checkin new")
    box = await alex.click(seen, "Stand-up questions")
    assert box.modal is not None
    seen = await alex.submit_modal({"Question 1": "What did you do?", "Question 2": "@everyone Do you need help?"})
    assert "- What did you do?" in seen.text
    seen = await alex.click(seen, texts.CHECKIN_WHO_PICK_CHANNEL)
    seen = await alex.select(seen, ["check-ins"], placeholder=texts.CHECKIN_PICK_POST_CHANNEL)
    # When leads get the summary: a menu of its choices (never a cycle on each press).
    menu = next(s for s in seen.selects if s.placeholder == texts.CHECKIN_CHANGE_SUMMARY)
    assert [o.label for o in menu.options] == [
        texts.CHECKIN_CREATED_SUMMARY_1,
        texts.CHECKIN_CREATED_SUMMARY.format(hours=3),
        texts.CHECKIN_CREATED_SUMMARY.format(hours=6),
    ]
    seen = await alex.select(seen, [texts.CHECKIN_CREATED_SUMMARY_1], placeholder=texts.CHECKIN_CHANGE_SUMMARY)
    assert texts.CHECKIN_CREATED_SUMMARY_1 in seen.text
    seen = await pick_time(alex, seen, "Tuesday", "10am")
    days = [o.label for o in seen.selects[0].options]
    seen = await alex.select(seen, days, placeholder=texts.CHECKIN_PICK_DAYS)  # the repeat menu: every day
    assert "When: Every day at 10am, the server's time." in seen.text
    seen = await alex.click(seen, texts.CHECKIN_SHARE_TURN_ON)
    assert texts.CHECKIN_MAKE_SHARE_ON in seen.text
    seen = await alex.click(seen, texts.CHECKIN_MAKE_START)
    assert "It goes in" in seen.text and "Answers stay private." in seen.text
    await connect.later(timedelta(hours=21, minutes=1))  # Tuesday 10am in London
    post = await sandbox.wait_for_message(
        channel="check-ins", predicate=lambda m: texts.CHECKIN_STANDUP_TITLE in m.text
    )
    assert not post.pinged_everyone

    sam = sandbox.member("Sam")
    box = await sam.click(post, texts.CHECKIN_ANSWER_STANDUP)
    assert box.modal is not None
    thanks = await sam.submit_modal({"What did you do?": "Painted the fence"})
    assert thanks.ephemeral and texts.CHECKIN_THANKS_STANDUP in thanks.text and texts.CHECKIN_SHARE_ASK in thanks.text
    kept = await sam.click(thanks, texts.CHECKIN_SHARE_NO)  # Sam keeps it for leads
    assert kept.text == texts.CHECKIN_SHARE_KEPT
    jordan = sandbox.member("Jordan")
    await jordan.click(post, texts.CHECKIN_ANSWER_STANDUP)
    thanks = await jordan.submit_modal({"What did you do?": "Baked bread"})
    shared = await jordan.click(thanks, texts.CHECKIN_SHARE_YES)  # Jordan chooses to share
    assert shared.text == texts.CHECKIN_SHARE_DONE.format(channel=f"<#{sandbox.channel('check-ins').id}>")
    their_post = await sandbox.wait_for_message(channel="check-ins", predicate=lambda m: "Baked bread" in m.text)
    assert "shared their stand-up answers" in their_post.text and not their_post.pinged_everyone

    priya = sandbox.member("Priya")
    who = await priya.slash("help-me", channel="general")
    assert who.ephemeral
    soon = await priya.click(who, "Alex")
    done = await priya.click(soon, texts.CHECKIN_HELP_WEEK)
    assert done.text == texts.CHECKIN_HELP_DONE
    alert = await sandbox.wait_for_message(channel="leads", predicate=lambda m: "Priya" in m.text, timeout=10)
    assert "They would like to talk to Alex." in alert.text
    await sandbox.wait_for_message(dm_of="Alex", predicate=lambda m: "Priya" in m.text, timeout=10)

    waiting = await alex.slash("checkin waiting")
    assert texts.CHECKIN_WAITING_TITLE in waiting.text and "Priya" in waiting.text
    taken = await alex.click(waiting, f"{texts.CHECKIN_I_WILL_TALK}: Priya")
    assert "I will tell Priya" in taken.text
    await sandbox.wait_for_message(dm_of="Priya", predicate=lambda m: "Alex will talk to you" in m.text, timeout=10)
    # The copy in the leads channel (not the one pressed) now says who took it, and keeps its words.
    taken_line = texts.CHECKIN_ALERT_TAKEN.format(lead="Alex")
    edited = await sandbox.wait_for_message(
        channel="leads", predicate=lambda m: m.id == alert.id and m.text.endswith(taken_line), timeout=10
    )
    assert "Priya" in edited.text and "They would like to talk to Alex." in edited.text and edited.buttons == []
    assert (await alex.slash("checkin waiting")).text == texts.CHECKIN_WAITING_NONE

    await connect.later(timedelta(hours=3))
    summary = await sandbox.wait_for_message(channel="leads", predicate=lambda m: "Check-in summary" in m.text)
    assert "Painted the fence" in summary.text and "What did you do?" in summary.text
    assert "Baked bread" in summary.text

    listed = await alex.slash("checkin list")
    assert "Stand-up questions, every day at 10am." in listed.text
    assert f"For a post in <#{sandbox.channel('check-ins').id}>." in listed.text
    checkin_id = int(listed.text.split("Check-in ")[1].split(":")[0])
    ask = await alex.slash("checkin stop", checkin=checkin_id)
    stopped = await alex.click(ask, texts.CHECKIN_STOP_YES)
    assert stopped.text == texts.CHECKIN_STOPPED_DONE.format(id=checkin_id)
    posts = len([m for m in sandbox.member("Alex").sees("check-ins") if texts.CHECKIN_STANDUP_TITLE in m.text])
    await connect.later(timedelta(days=1))
    assert len([m for m in sandbox.member("Alex").sees("check-ins") if texts.CHECKIN_STANDUP_TITLE in m.text]) == posts

    for message in public_messages(sandbox):
        if message.channel_id == sandbox.channel("leads").id:
            continue  # the private leads channel
        for word in ("Painted", "would like to talk", "will talk to", "Check-in summary", "Priya"):
            assert word not in message.text, f"public message {message.id} says {word!r}"
