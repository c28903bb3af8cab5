"""The steps of making a check-in: at most 5 choices each, ids that fit, easy-read words, typed text shown safely."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import discord
import pytest

from bot import texts
from bot.render import checkins_making as making
from bot.services.checkins.results import CheckinView, LeadChoice
from tests.easyread import text_problems

BIG = 1_577_430_984_733_888_517  # a 19-digit snowflake


def draft(**changes: Any) -> CheckinView:
    view = CheckinView(
        id=BIG,
        guild_id=BIG,
        kind="mood3",
        questions=(),
        channel_id=None,
        weekdays="",
        hour=9,
        minute=0,
        member_zone=False,
        summary_after_minutes=180,
        state="draft",
        paused_until=None,
        members=(),
        timezone="Europe/London",
    )
    return replace(view, **changes)


def choices(view: discord.ui.View | None) -> int:
    assert view is not None
    return len(view.children)


def labels(view: discord.ui.View | None) -> list[str]:
    assert view is not None
    return [str(getattr(item, "label", None) or getattr(item, "placeholder", "")) for item in view.children]


STEPS = [
    draft(),  # who?
    draft(members=(1, 2)),  # the time
    draft(members=(1, 2), weekdays="MO"),  # days, zone, change time, start, cancel
    draft(kind="standup", questions=("What did you do?",), members=(1,), weekdays="MO,TH"),  # + share
    draft(kind="standup", questions=("Q?",), channel_id=BIG, weekdays="MO", share_answers=True),
    draft(project_id=BIG, project_title="Art club", weekdays="SU"),
]


@pytest.mark.parametrize("view", STEPS)
def test_every_step_has_at_most_five_choices_and_easy_words(view: CheckinView) -> None:
    card = making.draft_card(view, has_projects=True)
    assert 1 <= choices(card.view) <= 5
    assert card.content is not None
    for line in card.content.splitlines():
        assert text_problems(line.strip("*")) == [], line
    for item in card.view.children if card.view else ():
        cid = getattr(item, "custom_id", "")
        assert cid.startswith("connect:checkins:") and len(cid) <= 100


def test_the_steps_offer_what_comes_next() -> None:
    who = making.draft_card(draft(), has_projects=False)
    assert labels(who.view) == [
        texts.CHECKIN_WHO_PICK_MEMBERS,
        texts.CHECKIN_WHO_PICK_CHANNEL,
        texts.CHECKIN_MAKE_CANCEL,
    ]
    with_projects = making.draft_card(draft(), has_projects=True)
    assert texts.CHECKIN_WHO_PICK_PROJECT in labels(with_projects.view)
    when = making.draft_card(draft(members=(1,)))
    assert texts.CHECKIN_MAKE_PICK_TIME in labels(when.view) and texts.CHECKIN_MAKE_CHANGE_WHO in labels(when.view)
    ready = making.draft_card(draft(members=(1,), weekdays="MO"))
    assert labels(ready.view)[0] == texts.CHECKIN_PICK_DAYS
    assert texts.CHECKIN_USE_MEMBER_TIME in labels(ready.view) and texts.CHECKIN_MAKE_START in labels(ready.view)
    channel = making.draft_card(draft(channel_id=5, weekdays="MO"))
    assert texts.CHECKIN_USE_MEMBER_TIME not in labels(channel.view)  # a channel post: the server's time
    mood = making.draft_card(draft(members=(1,), weekdays="MO"))
    assert texts.CHECKIN_SHARE_TURN_ON not in labels(mood.view)  # moods are never shared
    standup = making.draft_card(draft(kind="standup", questions=("Q?",), members=(1,), weekdays="MO"))
    assert texts.CHECKIN_SHARE_TURN_ON in labels(standup.view)


def test_the_days_menu_shows_the_chosen_days() -> None:
    card = making.draft_card(draft(members=(1,), weekdays="MO,TH"))
    assert card.view is not None
    menu = card.view.children[0]
    assert isinstance(menu, discord.ui.Select)
    assert [o.value for o in menu.options if o.default] == ["MO", "TH"]
    assert menu.min_values == 1 and menu.max_values == 7


def test_typed_questions_and_project_names_are_shown_safely() -> None:
    hostile = "@everyone [win](https://evil.example)"
    card = making.draft_card(draft(kind="standup", questions=(hostile,), project_id=1, project_title=hostile))
    assert card.content is not None
    assert "[win](https://evil.example)" not in card.content  # a masked link is shown as text and address
    assert "win (https://evil.example)" in card.content
    menu = making.who_card(draft(), "project", (LeadChoice(BIG, hostile), LeadChoice(2, "")))
    assert menu.view is not None and choices(menu.view) == 2  # the menu and Back
    select = menu.view.children[0]
    assert isinstance(select, discord.ui.Select)
    assert [o.label for o in select.options] == ["@everyone win (https://evil.example)", "2"]


def test_the_questions_box_and_the_share_choice() -> None:
    modal = making.questions_modal()
    fields = [c for c in modal.children if isinstance(c, discord.ui.TextInput)]
    assert [f.required for f in fields] == [True, False, False]
    assert all(f.max_length == 200 for f in fields)
    card = making.share_card(BIG, "20270322", texts.CHECKIN_THANKS_STANDUP)
    assert labels(card.view) == [texts.CHECKIN_SHARE_YES, texts.CHECKIN_SHARE_NO]
    assert card.content is not None and texts.CHECKIN_SHARE_ASK in card.content
