"""Easy-read in composed texts and panels (issue 17): what a member reads, with the title and time put in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from bot import texts
from bot.render import reminders as reminders_render
from bot.render.projects import list_card as project_list_card
from bot.render.setup import MORE, reminders_from_value, reminders_value, setup_card
from bot.services.guild_settings import PROJECT_REMINDER_CHOICES, ServerSettings
from bot.services.projects import ProjectPage
from bot.services.reminders import ListedReminder, ReminderPage
from bot.timefmt import when_text, zone_words
from tests.easyread import MAX_FIRST_VIEW_CHOICES, as_read, text_problems
from tests.unit.projects.test_render import summary
from tests.unit.reminders.test_render import info

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def choices(view: discord.ui.View | None) -> int:
    assert view is not None
    return sum(1 for item in view.children if not getattr(item, "url", None))


def test_zones_are_said_as_places() -> None:
    assert zone_words("Europe/London") == "UK time"
    assert zone_words("Europe/Paris") == "Paris time"
    assert zone_words("America/New_York") == "New York time"
    assert texts.ME_TIMEZONE_SAVED.format(zone=zone_words("Europe/Paris")) == (
        "✅ Saved. I will show you times in Paris time."
    )


def test_a_time_is_said_once_with_how_far_away() -> None:
    when = NOW + timedelta(days=2, hours=5)
    said = when_text(when, "Europe/London", NOW)
    assert said == f"Wednesday 3 June at 3pm (<t:{int(when.timestamp())}:R>)"
    assert said.count("<t:") == 1 and ":F>" not in said


def test_setup_first_view_has_five_choices_and_its_group_uses_menus() -> None:
    settings = ServerSettings(guild_id=1, lead_role_id=5)
    first = setup_card(settings)
    assert choices(first.view) <= MAX_FIRST_VIEW_CHOICES
    group = setup_card(settings, panel=MORE)
    menus = {getattr(i, "placeholder", None): i for i in group.view.children} if group.view else {}
    reminders_menu: Any = menus[texts.SETUP_PICK_PROJECT_REMINDERS]
    assert [o.label for o in reminders_menu.options] == list(texts.SETUP_PROJECT_REMINDER_WORDS.values())
    assert [reminders_from_value(reminders_value(c)) for c in PROJECT_REMINDER_CHOICES] == list(
        PROJECT_REMINDER_CHOICES
    )
    assert reminders_from_value("1440,60,5") is None and reminders_from_value("") is None
    saved = texts.SETUP_SAVED.format(what=texts.SETUP_PROJECT_REMINDERS, value="1 hour before")
    assert saved == "✅ Saved. Reminders before a project: 1 hour before."


def test_composed_reminder_sentences_fit_with_a_long_weekday_and_a_project() -> None:
    when = datetime(2026, 6, 3, 10, 5, tzinfo=UTC)  # Wednesday 3 June at 11:05am
    project = info(target_kind="project", target_id=50, project_id=50, project_title="X", next_at=when)
    card = reminders_render.confirmation_card(project, "Europe/London", NOW)
    assert text_problems(as_read(card.content or "", ["X", "take the camera"])) == []
    mine = reminders_render.confirmation_card(info(next_at=when), "Europe/London", NOW)
    assert text_problems(as_read(mine.content or "", ["take the camera"])) == []


def test_one_page_lists_do_not_say_page_1_of_1() -> None:
    one = ListedReminder(number=1, reminder=info(next_at=NOW + timedelta(hours=1)))
    card = reminders_render.list_card(ReminderPage((one,), 0, 1, 1, "Europe/London", False), NOW)
    assert "Page" not in (card.content or "")
    more = reminders_render.list_card(ReminderPage((one,), 0, 2, 11, "Europe/London", False), NOW)
    assert texts.REMIND_LIST_PAGE.format(page=1, pages=2) in (more.content or "")
    projects = project_list_card(ProjectPage(items=(summary(0),), page=0, pages=1, total=1), NOW)
    assert projects.embed is not None and not projects.embed.footer.text
