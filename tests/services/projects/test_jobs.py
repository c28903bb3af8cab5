"""Projects through the real scheduler: reminders, notices and rolls, sent with a RecordingNotifier."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.notifier import RecordingNotifier, SentMessage
from bot.render.projects import project_render
from bot.scheduling.registry import Registry
from bot.scheduling.scheduler import Scheduler
from bot.scope import PersonalScope, Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.projects import Member, ProjectDetails, ProjectsService
from bot.services.projects.jobs import ProjectJobs
from bot.timefmt import when_text
from db.engine import Database
from tests.services.projects.support import ANN, ANY, BEN, CAT, CHANNEL, DAN, GUILD, OWNER, START, make_project


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ProjectsService:
    return ProjectsService(db, clock)


@dataclass
class RedrawLog:
    """The cards the feature's wiring was asked to draw again (guild, project)."""

    calls: list[tuple[int, int]] = field(default_factory=list)

    async def note(self, guild_id: int, project_id: int) -> None:
        self.calls.append((guild_id, project_id))

    @property
    def projects(self) -> list[int]:
        return [pid for _, pid in self.calls]


@pytest.fixture
def redraw_log() -> RedrawLog:
    return RedrawLog()


@pytest.fixture
async def scheduler(
    db: Database, clock: FakeClock, svc: ProjectsService, notifier: RecordingNotifier, redraw_log: RedrawLog
) -> AsyncIterator[Scheduler]:
    registry = Registry()
    for kind in ProjectJobs(svc, project_render(), on_card_changed=redraw_log.note).kinds():
        registry.register(kind.name, kind.handler, kind.policy)
    sched = Scheduler(db, clock, registry, notifier)
    yield sched
    await sched.stop(wait=False)


def to(notifier: RecordingNotifier, user_id: int) -> list[SentMessage]:
    return [m for m in notifier.sent if m.user_id == user_id]


def content(message: SentMessage) -> str:
    return message.msg.content or ""


def buttons(message: SentMessage) -> list[tuple[str | None, str | None, str | None]]:
    view = message.msg.view
    if view is None:
        return []
    return [(getattr(i, "label", None), getattr(i, "custom_id", None), getattr(i, "url", None)) for i in view.children]


async def test_three_members_two_places_one_leaves(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier
) -> None:
    project = await make_project(svc, places=2)
    await svc.attach_card(ANY, project.id, CHANNEL, 777)
    for actor in (ANN, BEN, CAT):
        await svc.join(actor, project.id)
    await svc.cant(ANN, project.id)
    await scheduler.run_due_now()
    [message] = notifier.sent
    assert message.via == "dm" and message.user_id == CAT.user_id
    when = when_text(START, "Europe/London", START - timedelta(days=2))
    assert content(message) == texts.PROJECT_NOTICE_PROMOTED.format(title="Film club", when=when)
    assert "Wednesday 3 June at 2pm" in content(message)
    labels = [b[0] for b in buttons(message)]
    assert labels == [texts.PROJECT_BUTTON_ONLINE, texts.PROJECT_BUTTON_OPEN]
    assert (None, None, f"https://discord.com/channels/{GUILD}/{CHANNEL}/777") in [
        (None, None, b[2]) for b in buttons(message)
    ]
    # Firing again sends nothing more.
    await scheduler.run_due_now()
    assert len(notifier.sent) == 1


async def test_day_before_reminder_arrives_once_and_respects_opt_out(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock
) -> None:
    project = await make_project(svc, places=5)
    for actor in (ANN, BEN):
        await svc.join(actor, project.id)
    await svc.maybe(CAT, project.id)
    await svc.set_reminders(BEN, project.id, False)
    notifier.closed_dms.add(ANN.user_id)  # Ann's DMs are closed: the project's channel, pinging only her
    clock.set(START - timedelta(days=1))
    await scheduler.run_due_now()
    await scheduler.run_due_now()
    [message] = notifier.sent
    assert message.via == "channel" and message.channel_id == CHANNEL and message.user_id == ANN.user_id
    assert message.msg.mention_user_ids == frozenset({ANN.user_id})
    text = content(message)
    assert texts.PROJECT_REMINDER_IN_ONE_DAY.format(title="Film club") in text
    assert "📍 Where: Room 2" in text and "What to bring: A snack" in text
    assert texts.PROJECT_BUTTON_ONLINE in [b[0] for b in buttons(message)]
    assert (texts.PROJECT_BUTTON_STOP_REMINDERS, f"connect:proj:reminders:{project.id}:off", None) in buttons(message)
    clock.set(START - timedelta(hours=1))
    await scheduler.run_due_now()
    assert [texts.PROJECT_REMINDER_IN_ONE_HOUR.format(title="Film club") in content(m) for m in notifier.sent] == [
        False,
        True,
    ]


async def test_moved_time_moves_the_reminders_and_tells_everyone_once(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock
) -> None:
    project = await make_project(svc, places=5)
    for actor in (ANN, BEN):
        await svc.join(actor, project.id)
    new_start = START + timedelta(days=2)
    await svc.move(OWNER, project.id, new_start)
    await scheduler.run_due_now()
    assert sorted(m.user_id or 0 for m in notifier.sent) == [ANN.user_id, BEN.user_id]
    now = clock.now()
    old_words, new_words = when_text(START, "Europe/London", now), when_text(new_start, "Europe/London", now)
    for message in notifier.sent:
        assert content(message).splitlines() == [
            texts.PROJECT_NOTICE_CHANGED.format(title="Film club"),
            texts.PROJECT_CHANGED_TIME.format(old=old_words, new=new_words),
        ]
    notifier.sent.clear()
    # The old day-before time passes: nothing. The new one: the reminder.
    clock.set(START - timedelta(days=1))
    await scheduler.run_due_now()
    assert notifier.sent == []
    clock.set(new_start - timedelta(days=1))
    await scheduler.run_due_now()
    assert sorted(m.user_id or 0 for m in notifier.sent) == [ANN.user_id, BEN.user_id]


async def test_member_time_zone_is_used_in_messages(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, db: Database, clock: FakeClock
) -> None:
    settings = GuildSettingsService(db, clock)
    await settings.set_member_timezone(PersonalScope(ANN.user_id), "America/New_York")
    project = await make_project(svc)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    clock.set(START - timedelta(hours=1))
    await scheduler.run_due_now()
    ann, ben = to(notifier, ANN.user_id)[0], to(notifier, BEN.user_id)[0]
    assert "9am" in content(ann) and "2pm" in content(ben)


async def test_cancel_tells_everyone_and_no_reminder_follows(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock
) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    await svc.cancel(OWNER, project.id)
    await scheduler.run_due_now()
    assert sorted(m.user_id or 0 for m in notifier.sent) == [ANN.user_id, BEN.user_id]
    assert all(content(m).startswith("❌ Film club on Wednesday 3 June at 2pm") for m in notifier.sent)
    assert all(m.msg.view is None for m in notifier.sent)  # no buttons to a cancelled project
    clock.set(START - timedelta(hours=1))
    await scheduler.run_due_now()
    assert len(notifier.sent) == 2


async def test_supporter_notice_has_a_way_to_say_no(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier
) -> None:
    project = await make_project(svc)
    result = await svc.sign_up_for(OWNER, project.id, Member(DAN.user_id))
    await scheduler.run_due_now()
    [message] = notifier.sent
    assert content(message).startswith(f"<@{OWNER.user_id}> signed you up for: Film club on")
    assert message.msg.mention_user_ids == frozenset()  # the organiser is named, not pinged
    assert (
        texts.PROJECT_BUTTON_CANT,
        f"connect:proj:cant-come:{project.id}:{result.session_id}:once",
        None,
    ) in buttons(message)


async def test_removed_organiser_and_changed_details_messages(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier
) -> None:
    project = await make_project(svc)
    await svc.join(ANN, project.id)
    await svc.add_organiser(OWNER, project.id, Member(BEN.user_id))
    details = ProjectDetails.clean("Film night", "New text", "Hall", "https://meet.example/new", "")
    await svc.update_details(OWNER, project.id, details)
    await svc.remove_member(OWNER, project.id, ANN.user_id)
    await scheduler.run_due_now()
    ben = [content(m) for m in to(notifier, BEN.user_id)]
    # Messages are written when they are sent: they use the project's name at that moment.
    assert ben == [texts.PROJECT_NOTICE_ORGANISER.format(organiser=f"<@{OWNER.user_id}>", title="Film night")]
    # The scheduler sends due rows side by side, so their order is not fixed.
    ann = sorted(content(m) for m in to(notifier, ANN.user_id))
    assert len(ann) == 2
    assert ann[1].splitlines() == [
        texts.PROJECT_NOTICE_CHANGED.format(title="Film club"),
        texts.PROJECT_CHANGED_TITLE.format(old="Film club", new="Film night"),
        texts.PROJECT_CHANGED_WHERE.format(old="Room 2", new="Hall"),
        texts.PROJECT_CHANGED_LINK,
        texts.PROJECT_CHANGED_BRING.format(new=texts.PROJECT_NOT_SET),
        texts.PROJECT_CHANGED_ABOUT,
    ]
    assert ann[0] == texts.PROJECT_NOTICE_REMOVED.format(title="Film night")


async def test_finish_posts_nothing_itself_the_thank_yous_feature_celebrates(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock
) -> None:
    project = await make_project(svc, title="@everyone party")
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    clock.set(START + timedelta(hours=3))
    await svc.record_attendance(OWNER, project.id, [ANN.user_id])
    finished = await svc.finish(OWNER, project.id)
    await scheduler.run_due_now()
    assert notifier.sent == []
    assert finished.participant_ids == (ANN.user_id,)


async def test_a_promotion_undone_before_sending_is_not_sent(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier
) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    await svc.cant(ANN, project.id)  # Ben moves in ...
    await svc.cant(BEN, project.id)  # ... and leaves before the message went
    await scheduler.run_due_now()
    assert notifier.sent == []


async def test_roll_makes_the_next_session_and_redraws_the_card(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock, redraw_log: RedrawLog
) -> None:
    project = await make_project(svc, repeat="weekly")
    await svc.join(ANN, project.id, every=True)
    clock.set(START)
    await scheduler.run_due_now()
    assert redraw_log.calls == [(GUILD, project.id)]
    view = await svc.card(ANY, project.id)
    assert view.session is not None and view.session.starts_at == START + timedelta(days=7)
    assert view.session.going == (ANN.user_id,)
    # A week later the reminders of the new session go out, and the next roll happens.
    clock.set(START + timedelta(days=6))
    await scheduler.run_due_now()
    assert [m.user_id for m in notifier.sent][-1:] == [ANN.user_id]
    clock.set(START + timedelta(days=7))
    await scheduler.run_due_now()
    assert redraw_log.projects == [project.id, project.id]


async def test_quiet_hours_hold_an_event_reminder_until_they_end(
    db: Database, svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock
) -> None:
    from bot.services.quiet_hours import QuietHoursService

    quiet = QuietHoursService(db, clock)
    svc.quiet_hours = quiet
    project = await make_project(svc, places=5)
    for actor in (ANN, BEN):
        await svc.join(actor, project.id)
    # 1pm to 3pm, London: the day-before reminder is at 2pm
    await quiet.set(PersonalScope(ANN.user_id), 13 * 60, 15 * 60)
    clock.set(START - timedelta(days=1))
    await scheduler.run_due_now()
    assert [m.user_id for m in notifier.sent] == [BEN.user_id]
    clock.set(START - timedelta(days=1) + timedelta(minutes=59))
    await scheduler.run_due_now()
    assert [m.user_id for m in notifier.sent] == [BEN.user_id]
    clock.set(START - timedelta(days=1) + timedelta(hours=1))  # 3pm: Ann's quiet hours end
    await scheduler.run_due_now()
    await scheduler.run_due_now()
    assert [m.user_id for m in notifier.sent] == [BEN.user_id, ANN.user_id]
    assert texts.PROJECT_REMINDER_IN_ONE_DAY.format(title="Film club") in content(notifier.sent[-1])
    assert texts.SCHEDULED_LATE not in content(notifier.sent[-1])


async def test_a_server_can_choose_only_the_hour_before(
    db: Database, svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock
) -> None:
    from bot.services.people import Actor

    settings = GuildSettingsService(db, clock)
    await settings.next_project_reminders(Scope(GUILD, Actor(user_id=1, can_manage_server=True)))  # "1 hour before"
    project = await make_project(svc, places=5)
    await svc.join(ANN, project.id)
    clock.set(START - timedelta(days=1))
    await scheduler.run_due_now()
    assert notifier.sent == []
    clock.set(START - timedelta(hours=1))
    await scheduler.run_due_now()
    [message] = notifier.sent
    assert texts.PROJECT_REMINDER_IN_ONE_HOUR.format(title="Film club") in content(message)
