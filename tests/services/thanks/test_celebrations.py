"""Celebrations and the weekly good news: once per event, milestones only with consent, everyone named
equally (no ranking, no counts per person), the leaderboard only when on, personal data. Both databases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot import events, texts
from bot.clock import FakeClock
from bot.errors import UserError
from bot.events import TaskDone
from bot.notifier import RecordingNotifier
from bot.render import thanks as render
from bot.scheduling.registry import Job
from bot.scope import Scope
from bot.services.projects import ProjectFinished
from bot.services.thanks import CELEBRATION, WEEKLY_DIGEST, ThanksJobs, ThanksRender, ThanksService
from db.engine import Database
from db.models import ScheduledWork
from tests.services.thanks.support import (
    ANN,
    BEN,
    CAT,
    CHANNEL,
    DAN,
    GUILD,
    MANAGER,
    NAMES,
    OTHER_GUILD,
    make_service,
    say,
    scope,
)


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ThanksService:
    return make_service(db, clock)


async def names(guild_id: int, ids: Sequence[int]) -> dict[int, str]:
    return {i: NAMES[i] for i in ids if i in NAMES}


def jobs(svc: ThanksService) -> ThanksJobs:
    return ThanksJobs(svc, ThanksRender(render.project_celebration, render.first_task, render.digest), names)


async def rows(db: Database, kind: str) -> list[ScheduledWork]:
    async with db.transaction() as s:
        found = await s.scalars(
            sa.select(ScheduledWork).where(ScheduledWork.kind == kind, ScheduledWork.state == "pending")
        )
        return list(found.all())


def job_of(row: ScheduledWork, notifier: RecordingNotifier, now: datetime) -> Job:
    return Job(
        id=row.id,
        guild_id=row.guild_id,
        kind=row.kind,
        ref_id=row.ref_id,
        payload=dict(row.payload or {}),
        due_at=row.due_at,
        rule=row.rule,
        timezone=row.timezone,
        series_start=row.series_start,
        occurrence=row.occurrence,
        attempt=1,
        late=False,
        fired_at=now,
        nonce=f"n{row.id}",
        notifier=notifier,
    )


def finished(project_id: int, people: tuple[int, ...], when: datetime) -> ProjectFinished:
    return ProjectFinished(
        project_id=project_id,
        guild_id=GUILD,
        channel_id=CHANNEL,
        message_id=None,
        title="Film club",
        organiser_ids=(ANN.user_id,),
        participant_ids=people,
        finished_by=ANN.user_id,
        finished_at=when,
        sessions=1,
    )


async def fire_all(svc: ThanksService, db: Database, clock: FakeClock, kind: str = CELEBRATION) -> RecordingNotifier:
    notifier = RecordingNotifier()
    for row in await rows(db, kind):
        await getattr(jobs(svc), "celebration" if kind == CELEBRATION else "weekly_digest")(
            job_of(row, notifier, clock.now())
        )
    return notifier


async def test_a_finished_project_is_celebrated_once(svc: ThanksService, db: Database, clock: FakeClock) -> None:
    event = finished(7, (BEN.user_id, CAT.user_id), clock.now())
    await svc.shared.events.publish(events.PROJECT_FINISHED, event)
    await svc.events.project_finished(event)  # heard twice (the bridge and shared.events)
    assert len(await rows(db, CELEBRATION)) == 1
    sent = (await fire_all(svc, db, clock)).sent
    assert len(sent) == 1 and sent[0].channel_id == CHANNEL
    text = sent[0].msg.content or ""
    assert texts.THANKS_PROJECT_PEOPLE.format(count=2, people=f"<@{BEN.user_id}> and <@{CAT.user_id}>") in text
    assert sent[0].msg.mention_user_ids == {BEN.user_id, CAT.user_id}
    assert "first project" not in text  # nobody said yes to milestones


async def test_celebrations_can_be_turned_off(svc: ThanksService, db: Database, clock: FakeClock) -> None:
    await svc.shared.settings.set_celebrations_channel(Scope(GUILD, MANAGER), CHANNEL)
    await svc.toggle(scope(MANAGER), "projects")
    await svc.events.project_finished(finished(7, (BEN.user_id,), clock.now()))
    assert await rows(db, CELEBRATION) == []
    with pytest.raises(UserError):
        await svc.toggle(scope(BEN), "projects")


async def test_milestones_only_with_consent_and_opted_out_not_named(
    svc: ThanksService, db: Database, clock: FakeClock
) -> None:
    await svc.toggle_choice(BEN.user_id, "firsts")  # Ben says yes to first steps
    await svc.toggle_choice(DAN.user_id, "posts")  # Dan: do not post about me
    await svc.events.project_finished(finished(7, (BEN.user_id, CAT.user_id, DAN.user_id), clock.now()))
    [sent] = (await fire_all(svc, db, clock)).sent
    text = sent.msg.content or ""
    assert texts.THANKS_FIRST_PROJECT.format(name=f"<@{BEN.user_id}>") in text
    assert texts.THANKS_FIRST_PROJECT.format(name=f"<@{CAT.user_id}>") not in text
    assert f"<@{DAN.user_id}>" not in text and DAN.user_id not in sent.msg.mention_user_ids
    assert "the 3 people" in text
    # A second project is nobody's first.
    await svc.events.project_finished(finished(8, (BEN.user_id,), clock.now()))
    [again] = (await fire_all(svc, db, clock)).sent[-1:]
    assert "first project" not in (again.msg.content or "")


async def test_first_task_only_with_consent(svc: ThanksService, db: Database, clock: FakeClock) -> None:
    await svc.toggle_choice(BEN.user_id, "firsts")
    done = TaskDone(GUILD, 5, "Buy snacks", None, CHANNEL, (BEN.user_id, CAT.user_id), clock.now())
    await svc.shared.events.publish(events.TASK_DONE, done)
    sent = (await fire_all(svc, db, clock)).sent
    assert [s.msg.content for s in sent] == [
        texts.THANKS_FIRST_TASK.format(name=f"<@{BEN.user_id}>", title="Buy snacks")
    ]
    # The "Say thank you" button on a done task finds it (through the tasks heard), scoped to the server.
    facts = await svc.task_prefill(scope(ANN), 5)
    assert facts.title == "Buy snacks" and facts.done_by == (BEN.user_id, CAT.user_id)
    with pytest.raises(UserError):
        await svc.task_prefill(scope(ANN, OTHER_GUILD), 5)


async def test_digest_names_everyone_equally_without_counts(svc: ThanksService, clock: FakeClock) -> None:
    start = clock.now()
    for _ in range(3):
        await say(svc, CAT, [BEN])  # Cat thanks Ben three times: no one is ranked
    await say(svc, ANN, [DAN])
    await say(svc, ANN, [CAT], private=True)  # private: counted, its people not named by it
    await svc.toggle_choice(DAN.user_id, "posts")
    await svc.shared.events.publish(
        events.TASK_DONE, TaskDone(GUILD, 9, "Tidy up", None, None, (MANAGER.user_id,), clock.now())
    )
    clock.advance(timedelta(days=1))
    week = await svc.digest(GUILD, start, clock.now())
    assert week.thanks_count == 5 and week.tasks == ("Tidy up",)
    assert DAN.user_id not in week.people
    message = render.digest(week, sorted(NAMES[u] for u in week.people))
    assert texts.THANKS_DIGEST_PEOPLE.format(names="Ann, Ben, Cat and Morgan") in (message.content or "")
    assert "3" not in (message.content or "").split("\n")[-1]  # no counts per person
    other = await svc.digest(OTHER_GUILD, start, clock.now())
    assert other.quiet and other.people == ()


async def test_digest_row_follows_the_settings_and_never_sends_twice(
    svc: ThanksService, db: Database, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 20, 9, 0, tzinfo=UTC))  # Tuesday; the clocks go back on Sunday 25 October
    with pytest.raises(UserError) as err:
        await svc.toggle(scope(MANAGER), "digest")
    assert err.value.message == texts.THANKS_SETTINGS_NO_CHANNEL
    await svc.shared.settings.set_celebrations_channel(Scope(GUILD, MANAGER), CHANNEL)
    await svc.set_digest_time(scope(MANAGER), weekday=0, minute=9 * 60)  # Monday 9am
    view = await svc.toggle(scope(MANAGER), "digest")
    assert view.next_digest == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # 9am GMT, after the change
    [row] = await rows(db, WEEKLY_DIGEST)
    assert row.rule == "FREQ=WEEKLY" and row.timezone == "Europe/London"
    clock.set(row.due_at)
    first = await fire_all(svc, db, clock, WEEKLY_DIGEST)
    again = await fire_all(svc, db, clock, WEEKLY_DIGEST)  # the same week again (a retry)
    assert len(first.sent) == 1 and again.sent == []
    assert texts.THANKS_DIGEST_QUIET in (first.sent[0].msg.content or "")
    await svc.toggle(scope(MANAGER), "digest")
    assert await rows(db, WEEKLY_DIGEST) == []


async def test_leaderboard_only_when_on_and_hidden_people_left_out(svc: ThanksService) -> None:
    await say(svc, ANN, [BEN, CAT])
    await say(svc, DAN, [BEN])
    with pytest.raises(UserError) as err:
        await svc.board(scope(ANN))
    assert err.value.message == texts.THANKS_BOARD_OFF
    await svc.toggle(scope(MANAGER), "board")
    await svc.toggle_choice(CAT.user_id, "board")
    lines = await svc.board(scope(ANN))
    assert [(line.user_id, line.count) for line in lines] == [(BEN.user_id, 2)]


async def test_personal_data_never_exports_someone_elses_private_thanks(svc: ThanksService) -> None:
    await say(svc, ANN, [BEN], "for the lift")
    await say(svc, CAT, [DAN], "a private one", private=True)
    mine = await svc.data.export(BEN.user_id, GUILD)
    assert [t["reason"] for t in mine["thanks_received"]] == ["for the lift"]
    assert all("a private one" not in str(v) for v in mine.values())
    assert await svc.data.summary(BEN.user_id, GUILD) == [texts.THANKS_DATA_GOT.format(count=1)]
    await svc.data.erase(BEN.user_id, None)
    assert await svc.data.summary(BEN.user_id, None) == []
    assert await svc.data.summary(ANN.user_id, None) == []  # Ann's only thank-you was to Ben alone
    assert await svc.data.summary(DAN.user_id, None) == [texts.THANKS_DATA_GOT.format(count=1)]


async def test_a_digest_too_late_is_recorded_as_missed_and_the_series_goes_on(
    svc: ThanksService, db: Database, clock: FakeClock
) -> None:
    """The bot was off for two days over the digest's time: missed (leads see it in /unsent), not sent late,
    and the next week's comes on time: never two for one week."""
    from bot.scheduling.registry import Registry
    from bot.scheduling.scheduler import Outcome, Scheduler

    clock.set(datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    await svc.shared.settings.set_celebrations_channel(Scope(GUILD, MANAGER), CHANNEL)
    view = await svc.toggle(scope(MANAGER), "digest")  # Friday 4pm by default
    assert view.next_digest == datetime(2026, 10, 23, 15, 0, tzinfo=UTC)  # 4pm BST
    registry = Registry()
    j = jobs(svc)
    from bot.services.thanks.jobs import DIGEST_POLICY

    registry.register(WEEKLY_DIGEST, j.weekly_digest, DIGEST_POLICY)
    notifier = RecordingNotifier()
    scheduler = Scheduler(db, clock, registry, notifier)
    clock.set(datetime(2026, 10, 25, 9, 0, tzinfo=UTC))  # two days late
    results = await scheduler.run_due_now()
    assert [r.outcome for r in results] == [Outcome.MISSED] and notifier.sent == []
    async with db.transaction() as s:
        missed = (await s.scalars(sa.select(ScheduledWork).where(ScheduledWork.state == "missed"))).all()
    assert [m.due_at for m in missed] == [datetime(2026, 10, 23, 15, 0, tzinfo=UTC)]
    [row] = await rows(db, WEEKLY_DIGEST)
    assert row.due_at == datetime(2026, 10, 30, 16, 0, tzinfo=UTC)  # 4pm GMT, after the clocks went back
    clock.set(row.due_at)
    results = await scheduler.run_due_now()
    assert len(notifier.sent) == 1
    clock.set(row.due_at + timedelta(minutes=5))
    await scheduler.run_due_now()
    assert len(notifier.sent) == 1
