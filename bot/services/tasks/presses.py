"""The presses on a task: I'll do it, Do it with me, I can help, Done, Give it back, I need help,
Yes / No to being asked, and undoing Done. One write transaction each; the task row is locked first
(claiming is one conditional UPDATE), so two members pressing at once see each other's press."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import events, texts
from bot.errors import NotAllowed, UserError
from bot.scope import Scope
from bot.services.tasks import rules
from bot.services.tasks.access import may_manage, told_about
from bot.services.tasks.base import Work
from bot.services.tasks.commands import TaskCommands
from bot.services.tasks.results import DONE, OPEN, REMOVED, Pressed, TaskView
from db.models import Task, TaskList
from db.repositories import tasks as repo


def _mention(user_id: int) -> str:
    return f"<@{user_id}>"


def _refuse_taken(row: Task, user_id: int) -> None:
    """Someone else has it (or was asked): say who, change nothing."""
    if row.doer_id is not None and row.doer_id != user_id:
        raise UserError(texts.TASK_TAKEN.format(doer=_mention(row.doer_id), title=row.title))
    if row.asked_id is not None and row.asked_id != user_id:
        raise UserError(texts.TASK_ASKED_SOMEONE.format(member=_mention(row.asked_id), title=row.title))


class TaskPresses(TaskCommands):
    async def _claimed(self, s: AsyncSession, scope: Scope, task_id: int) -> Task:
        """Take the task if it is free (one conditional UPDATE), then lock and return it."""
        row = await self._open_task(s, scope, task_id)
        if row.doer_id == scope.user_id:
            return row
        _refuse_taken(row, scope.user_id)
        if not await repo.claim(s, scope.guild_id, task_id, scope.user_id, self.clock.now()):
            row = await self._open_task(s, scope, task_id)
            _refuse_taken(row, scope.user_id)
        return await self._open_task(s, scope, task_id)

    async def claim(self, scope: Scope, task_id: int) -> Pressed:
        async with self.unit() as (s, work):
            row = await self._open_task(s, scope, task_id)
            if row.doer_id == scope.user_id:
                raise UserError(texts.TASK_ALREADY_YOURS.format(title=row.title))
            if row.asked_id == scope.user_id:  # asked, and pressed "I'll do it": that is a yes
                return await self._answer(s, scope, row, True, work)
            row = await self._claimed(s, scope, task_id)
            await self._plan_nudge(s, row, work)
            return Pressed("claimed", TaskView.of(row), row.list_id)

    async def partner(self, scope: Scope, task_id: int) -> Pressed:
        """ "Do it with me": I do it (taking it if it is free) and would like a partner."""
        async with self.unit() as (s, work):
            row = await self._claimed(s, scope, task_id)
            if row.helper_id is not None:
                raise UserError(texts.TASK_HAS_HELPER.format(helper=_mention(row.helper_id), title=row.title))
            row.wants_helper, row.updated_at = True, self.clock.now()
            await self._plan_nudge(s, row, work)
            return Pressed("partner", TaskView.of(row), row.list_id)

    async def can_help(self, scope: Scope, task_id: int) -> Pressed:
        """ "I can help": become the partner of the person doing it (one helper only)."""
        async with self.unit() as (s, _work):
            row = await self._open_task(s, scope, task_id)
            if row.doer_id == scope.user_id:
                raise UserError(texts.TASK_OWN_HELPER.format(title=row.title))
            if row.helper_id is not None:
                raise UserError(texts.TASK_HAS_HELPER.format(helper=_mention(row.helper_id), title=row.title))
            if not row.wants_helper or row.doer_id is None:
                raise UserError(texts.TASK_NO_PARTNER_WANTED.format(title=row.title))
            row.helper_id, row.wants_helper, row.needs_help = scope.user_id, False, False
            row.updated_at = self.clock.now()
            return Pressed("helping", TaskView.of(row), row.list_id)

    async def give_back(self, scope: Scope, task_id: int) -> Pressed:
        """No blame: the task goes back to the list, and the organisers are told plainly."""
        async with self.unit() as (s, work):
            row = await self._open_task(s, scope, task_id)
            if row.helper_id == scope.user_id:
                row.helper_id, row.updated_at = None, self.clock.now()
                return Pressed("stopped_helping", TaskView.of(row), row.list_id)
            if row.doer_id != scope.user_id:
                raise NotAllowed(texts.TASK_NOT_YOURS.format(title=row.title))
            lst = await self._list(s, scope, row.list_id)
            f = await self._facts(s, scope, lst)
            row.doer_id = row.helper_id = None
            row.wants_helper = row.needs_help = False
            row.updated_at = self.clock.now()
            await self._notice(s, row, work, "given_back", told_about(row, f), by=scope.user_id)
            await self._plan_nudge(s, row, work)
            return Pressed("given_back", TaskView.of(row), row.list_id)

    async def need_help(self, scope: Scope, task_id: int) -> Pressed:
        """Tells the organisers privately; the list shows "needs help"."""
        async with self.unit() as (s, work):
            row = await self._open_task(s, scope, task_id)
            if scope.user_id not in (row.doer_id, row.helper_id):
                raise NotAllowed(texts.TASK_NOT_YOURS.format(title=row.title))
            f = await self._facts(s, scope, await self._list(s, scope, row.list_id))
            row.needs_help, row.updated_at = True, self.clock.now()
            await self._notice(s, row, work, "help", told_about(row, f), by=scope.user_id)
            return Pressed("help_asked", TaskView.of(row), row.list_id)

    async def answer(self, scope: Scope, task_id: int, yes: bool) -> Pressed:
        """ "Yes, I will" / "No, sorry" to being asked. Either is fine; the organiser is told."""
        async with self.unit() as (s, work):
            row = await self._open_task(s, scope, task_id)
            return await self._answer(s, scope, row, yes, work)

    async def _answer(self, s: AsyncSession, scope: Scope, row: Task, yes: bool, work: Work) -> Pressed:
        if row.asked_id != scope.user_id:
            raise NotAllowed(texts.TASK_NOT_ASKED)
        row.asked_id, row.updated_at = None, self.clock.now()
        if yes:
            row.doer_id = scope.user_id
            if row.helper_id == scope.user_id:
                row.helper_id = None
        to = [row.asked_by] if row.asked_by else [row.added_by]
        await self._notice(s, row, work, "said_yes" if yes else "said_no", to, by=scope.user_id)
        await self._plan_nudge(s, row, work)
        return Pressed("said_yes" if yes else "said_no", TaskView.of(row), row.list_id)

    # ---------------------------------------------------------------- done, and undo

    async def done(self, scope: Scope, task_id: int, *, personal: bool = False) -> Pressed:
        """Done: both people are credited, the person who asked is told, a repeat makes the next one,
        and when a project's last task is done its channel gets one celebration.

        ``personal``: pressed in a private message, where only the person doing it (or helping) may.
        """
        now = self.clock.now()
        async with self.unit() as (s, work):
            row = await self._open_task(s, scope, task_id)
            lst = await self._list(s, scope, row.list_id)
            f = await self._facts(s, scope, lst)
            mine = scope.user_id in (row.doer_id, row.helper_id)
            if not mine:
                free = row.doer_id is None and row.asked_id is None
                if personal or not (free or may_manage(scope, row, f)):
                    raise NotAllowed(texts.TASK_NOT_DONE_WHO)
                if row.doer_id is None:
                    row.doer_id, row.asked_id = scope.user_id, None
            row.state, row.done_at, row.updated_at = DONE, now, now
            row.wants_helper = row.needs_help = False
            await self._plan_nudge(s, row, work)  # cancels it
            nxt = await self._repeat(s, row, work)
            done_by = tuple(u for u in (row.doer_id, row.helper_id) if u is not None)
            asker = row.asked_by or row.added_by
            if asker not in done_by:
                await self._notice(s, row, work, "done", [asker], people=list(done_by))
            work.events.append(
                (
                    events.TASK_DONE,
                    events.TaskDone(
                        guild_id=row.guild_id,
                        task_id=row.id,
                        title=row.title,
                        project_id=lst.project_id,
                        channel_id=lst.channel_id,
                        done_by=done_by,
                        done_at=now,
                    ),
                )
            )
            if lst.project_id is not None and nxt is None and lst.celebrated_at is None:
                if await repo.count_open(s, lst.id) == 0:
                    await self._celebrate(s, row, lst, f.project_title or "", work)
            return Pressed("done", TaskView.of(row), row.list_id, TaskView.of(nxt) if nxt else None)

    async def _repeat(self, s: AsyncSession, row: Task, work: Work) -> Task | None:
        """A repeating task makes the next one now it is done (never on a clock, so chores never pile up)."""
        if row.repeat == "none":
            return None
        now = self.clock.now()
        zone = await self._zone(s, row.guild_id)
        rota = rules.check_rota(int(u) for u in row.rota.split(",") if u)
        turn = rules.next_turn(rota, row.doer_id, await self._away(s, rota)) if rota else None
        nxt = await repo.add_task(
            s,
            guild_id=row.guild_id,
            list_id=row.list_id,
            title=row.title,
            details=row.details,
            added_by=row.added_by,
            doer_id=turn,
            wants_helper=False,
            needs_help=False,
            due_at=rules.next_due(row.due_at, row.repeat, zone, now),
            repeat=row.repeat,
            rota=row.rota,
            state=OPEN,
            created_at=now,
            updated_at=now,
        )
        row.next_id = nxt.id
        if turn is not None:
            await self._notice(s, nxt, work, "turn", [turn])
        await self._plan_nudge(s, nxt, work)
        return nxt

    async def _celebrate(self, s: AsyncSession, row: Task, lst: TaskList, title: str, work: Work) -> None:
        assert lst.project_id is not None
        now = self.clock.now()
        lst.celebrated_at = now
        credited: dict[int, None] = {}
        for t in await repo.tasks_of(s, lst.id, (DONE,)):
            for u in (t.doer_id, t.helper_id):
                if u is not None:
                    credited.setdefault(u, None)
        people = list(credited)
        project = await repo.project(s, lst.guild_id, lst.project_id)
        channel_id = (project.channel_id if project else None) or lst.channel_id
        # The celebration is the thank-yous feature's (it hears TASKS_ALL_DONE and asks its own "celebrate all
        # tasks done" switch): tasks posts nothing of its own, so there is one post, or none when it is off.
        work.events.append(
            (
                events.TASKS_ALL_DONE,
                events.AllTasksDone(
                    guild_id=lst.guild_id,
                    project_id=lst.project_id,
                    project_title=title,
                    channel_id=channel_id,
                    done_by=tuple(people),
                    done_at=now,
                ),
            )
        )

    async def undo(self, scope: Scope, task_id: int) -> Pressed:
        """ "Not done yet", for a day after Done: the task opens again (and an untouched repeat goes)."""
        now = self.clock.now()
        async with self.unit() as (s, work):
            row = await self._task(s, scope, task_id)
            if row.state != DONE:
                raise UserError(texts.TASK_KEPT)
            lst = await self._list(s, scope, row.list_id)
            if scope.user_id not in (row.doer_id, row.helper_id) and not may_manage(
                scope, row, await self._facts(s, scope, lst)
            ):
                raise NotAllowed(texts.TASK_NOT_DONE_WHO)
            if row.done_at is None or now - row.done_at > rules.UNDO_FOR:
                raise UserError(texts.TASK_UNDO_TOO_LATE)
            if row.next_id is not None:
                nxt = await repo.lock_task(s, scope.guild_id, row.next_id)
                if nxt is not None and nxt.state == OPEN and nxt.helper_id is None and not nxt.wants_helper:
                    nxt.state, nxt.updated_at = REMOVED, now
                    await self._plan_nudge(s, nxt, work)
            row.state, row.done_at, row.next_id, row.updated_at = OPEN, None, None, now
            lst.celebrated_at = None
            await self._plan_nudge(s, row, work)
            return Pressed("undone", TaskView.of(row), row.list_id)
