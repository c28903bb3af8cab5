"""Check-in messages: the buttons a member sees, ids that fit, a summary without names, alerts without pings."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import texts
from bot.render import checkins as render
from bot.services.checkins.results import CheckinView, HelpView, MoodCount, Opening, Summary

BIG = 1_577_430_984_733_888_517  # a 19-digit snowflake
NOW = datetime(2027, 3, 22, 9, 0, tzinfo=UTC)


def checkin(kind: str = "mood5") -> CheckinView:
    return CheckinView(
        id=BIG,
        guild_id=BIG,
        kind=kind,
        questions=("What did you do?",),
        channel_id=None,
        weekdays="MO",
        hour=9,
        minute=0,
        member_zone=False,
        summary_after_minutes=180,
        state="active",
        paused_until=None,
        members=(1, 2),
        timezone="Europe/London",
    )


def request(**changes: object) -> HelpView:
    values: dict[str, object] = dict(
        id=BIG,
        guild_id=BIG,
        user_id=BIG,
        user_name="Sam @everyone [x](https://evil.example)",
        wanted_id=None,
        wanted_name=None,
        soon="today",
        state="open",
        created_at=NOW,
        claimed_by=None,
        claimed_name=None,
        timezone="Europe/London",
    )
    values.update(changes)
    return HelpView(**values)  # type: ignore[arg-type]


def test_five_pictures_then_talk_and_skip_with_ids_that_fit() -> None:
    message = render.opening_message(Opening(checkin(), "2027-03-22", 1), late=False)
    assert message.view is not None
    labels = [getattr(i, "label", None) for i in message.view.children]
    assert labels == ["Great", "Good", "OK", "Not good", "Very bad", texts.CHECKIN_TALK, texts.CHECKIN_SKIP]
    ids = [str(getattr(i, "custom_id", "")) for i in message.view.children]
    assert all(len(i) <= 100 for i in ids)
    assert ids[0] == f"connect:checkins:a:{BIG}:20270322:great"
    assert not message.mention_user_ids and not message.mention_role_ids
    late = render.opening_message(Opening(checkin(), "2027-03-22", 1), late=True)
    assert (late.content or "").startswith(texts.SCHEDULED_LATE)


def test_help_ids_fit_with_the_biggest_ids() -> None:
    card = render.help_soon_card(BIG, BIG, BIG)
    assert card.view is not None
    assert all(len(str(getattr(i, "custom_id", ""))) <= 100 for i in card.view.children)


def test_summary_has_counts_and_no_names_of_who_answered() -> None:
    summary = Summary(
        checkin=checkin(),
        day="2027-03-22",
        moods=(MoodCount("good", 2), MoodCount("verybad", 0)),
        answered=2,
        standups=(),
        help=(request(state="claimed", claimed_name="Alex"),),
    )
    content = render.summary_message(summary, late=False).content or ""
    assert "Monday 22 March" in content and "😊 Good: 2" in content and "😢 Very bad: 0" in content
    assert texts.CHECKIN_SUMMARY_PRIVATE in content
    assert "](" not in content  # a name with a masked link is shown as plain text


def test_alert_names_the_member_without_pinging_and_offers_one_button() -> None:
    message = render.help_alert_message(request(), again=False, owner=True, now=NOW)
    content = message.content or ""
    assert content.startswith(texts.CHECKIN_ALERT_OWNER) and "](" not in content
    assert not message.mention_user_ids and not message.mention_role_ids
    assert message.view is not None
    assert [getattr(i, "label", None) for i in message.view.children] == [texts.CHECKIN_I_WILL_TALK]


def test_thanks_says_once_who_sees_the_answer() -> None:
    assert texts.CHECKIN_PRIVATE_NOTE in render.thanks_text("mood", "ok", first_time=True)
    assert texts.CHECKIN_PRIVATE_NOTE not in render.thanks_text("mood", "ok", first_time=False)
    assert render.thanks_text("skip", None, first_time=False) == texts.CHECKIN_SKIPPED
