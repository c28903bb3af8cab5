"""Projects: a member's own answers (coming, maybe, can't come) and their reminders on or off."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotFound, UserError
from bot.scope import AnyScope, Scope, belongs
from bot.services.projects.rules import LISTED, session_view
from bot.services.projects.sessions import ProjectSessions, light_view
from bot.services.projects.tally import CROWD, Tally
from bot.services.projects.views import (
    CANT,
    GOING,
    MAYBE,
    WAITING,
    CardPress,
    MemberState,
    ProjectView,
    SignupResult,
)
from bot.services.unit import Work
from db.models import Project, ProjectSession, ProjectSignup
from db.repositories import projects as repo


class Answers(ProjectSessions):
    # ------------------------------------------------------------------ answers: coming, maybe, can't come

    async def answer(
        self,
        scope: AnyScope,
        project_id: int,
        status: str,
        *,
        session_id: int | None = None,
        slot: datetime | None = None,
        every: bool = False,
    ) -> SignupResult:
        """A member's own answer. ``every``: for every session of a repeating project (a regular)."""
        if status not in (GOING, MAYBE, CANT):
            raise ValueError(f"unknown answer {status!r}")
        if not isinstance(scope, Scope) and status != CANT:
            # From a DM (the supporter's sign-up message) a member can only say no: joining is in the server.
            raise NotFound(texts.PROJECT_NOT_FOUND)
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, scope, project_id)
            self._require_active(p)
            if status != CANT and p.signups_closed:
                raise UserError(texts.PROJECT_SIGNUPS_CLOSED)
            sessions = await self._sync(s, p, now, work)
            target = await self._target(s, p, sessions, now, work, session_id, slot)
            self._require_open_session(target, now)
            every = every and p.rule is not None
            status_now, changed, promoted = await self._answer(
                s, p, sessions, target, scope.user_id, status, now, work, every=every, added_by=None
            )
            return await self._result(s, p, now, target, scope.user_id, status_now, changed, every, promoted)

    async def press_answer(self, scope: Scope, project_id: int, status: str) -> CardPress:
        """A card button (coming, maybe, can't come): ``press_answers`` for one press."""
        [pressed] = await self.press_answers(project_id, [(scope, status)])
        if isinstance(pressed, UserError):
            raise pressed
        return pressed

    async def press_answers(self, project_id: int, presses: Sequence[tuple[Scope, str]]) -> list[CardPress | UserError]:
        """Card buttons of one project, in press order, in ONE write transaction (a crowd's presses waiting
        in the card's lane are done together; bot/presses.py). Each press gets its own outcome: its answer,
        or the ``UserError`` it would have raised alone (nothing of that press is written).

        A repeating project asks which sessions first ("can't come" asks only a regular): then nothing is
        answered and ``ask`` holds the project to draw the question from. The lists are not loaded again
        (that is a read of every sign-up on every press): the card's coalescer draws them (bot/cards.py).
        """
        if any(status not in (GOING, MAYBE, CANT) for _, status in presses):
            raise ValueError("unknown answer")
        now = self.clock.now()
        out: list[CardPress | UserError] = []
        async with self._unit() as (s, work):
            p = await repo.lock_project(s, project_id)
            if p is None:
                return [NotFound(texts.PROJECT_NOT_FOUND) for _ in presses]
            mine = [scope.user_id for scope, _ in presses if belongs(scope, p.guild_id)]
            zones = await self._zones(s, p.guild_id, mine) if mine else {}
            sessions = await self._sync(s, p, now, work) if mine else []
            target: ProjectSession | None = None
            asked: ProjectView | None = None
            tally: Tally | None = None  # a crowd: the lists read once (bot/services/projects/tally.py)
            for scope, status in presses:
                try:
                    if not belongs(scope, p.guild_id):
                        raise NotFound(texts.PROJECT_NOT_FOUND)
                    self._require_active(p)
                    if status != CANT and p.signups_closed:
                        raise UserError(texts.PROJECT_SIGNUPS_CLOSED)
                    zone = zones[scope.user_id]
                    if p.rule is not None and (
                        status != CANT or await repo.get_regular(s, p.id, scope.user_id) is not None
                    ):
                        asked = asked or await self._view(s, p, now, sessions)
                        out.append(CardPress(None, asked, zone))
                        continue
                    target = target or await self._target(s, p, sessions, now, work)
                    self._require_open_session(target, now)
                except UserError as exc:
                    out.append(exc)
                    continue
                if tally is None and len(presses) >= CROWD:
                    tally = await Tally.load(s, target.id)
                if tally is not None and self._tallied(tally, scope.user_id, status):
                    status_now, changed, promoted, position = self._press_tallied(
                        s, p, target, tally, scope.user_id, status, now
                    )
                else:
                    status_now, changed, promoted, position = await self._press_status(
                        s, p, target, scope.user_id, status, now, work
                    )
                    tally = None  # the lists may have moved (someone left them): read them again if needed
                result = SignupResult(
                    light_view(p, session_view(target, [])),
                    target.id,
                    status_now,
                    changed,
                    False,
                    position,
                    tuple(promoted),
                )
                out.append(CardPress(result, None, zone))
        return out

    async def _press_status(
        self, s: AsyncSession, p: Project, sess: ProjectSession, user_id: int, status: str, now: datetime, work: Work
    ) -> tuple[str, bool, list[int], int | None]:
        """``_set_status`` for one member's own answer, in as few queries as it takes.

        Returns (status now, changed, promoted, place on the waiting list). A new answer goes to the back
        of the queue, so a member who has to wait is behind everyone waiting already.
        """
        row = await repo.get_signup(s, sess.id, user_id)
        old = row.status if row is not None else None
        if (status == GOING and old in (GOING, WAITING)) or old == status:
            assert row is not None and old is not None
            return old, False, [], (await repo.waiting_position(s, row) if old == WAITING else None)
        going, waiting, top = await repo.signup_counts(s, sess.id)
        new = WAITING if status == GOING and p.places is not None and going >= p.places else status
        _queued(s, sess, row, user_id, new, top + 1, now)
        await s.flush()
        promoted = await self._fill(s, p, sess, now, work) if old == GOING and new != GOING else []
        return new, True, promoted, (waiting + 1 if new == WAITING else None)

    @staticmethod
    def _tallied(tally: Tally, user_id: int, status: str) -> bool:
        """The tally can do this press: nobody leaves the lists (that moves the waiting list up)."""
        row = tally.rows.get(user_id)
        return row is None or row.status not in (GOING, WAITING) or status == GOING or row.status == status

    def _press_tallied(
        self, s: AsyncSession, p: Project, sess: ProjectSession, tally: Tally, user_id: int, status: str, now: datetime
    ) -> tuple[str, bool, list[int], int | None]:
        """``_press_status`` counted in memory: the new row is written with the others at the commit."""
        row = tally.rows.get(user_id)
        old = row.status if row is not None else None
        if (status == GOING and old in (GOING, WAITING)) or old == status:
            assert row is not None and old is not None
            return old, False, [], (tally.position(row) if old == WAITING else None)
        new = WAITING if status == GOING and p.places is not None and tally.going >= p.places else status
        row = tally.rows[user_id] = _queued(s, sess, row, user_id, new, tally.top + 1, now)
        tally.counted(row)
        return new, True, [], (len(tally.waiting) if new == WAITING else None)

    async def join(self, scope: AnyScope, project_id: int, **kwargs: Any) -> SignupResult:
        return await self.answer(scope, project_id, GOING, **kwargs)

    async def maybe(self, scope: AnyScope, project_id: int, **kwargs: Any) -> SignupResult:
        return await self.answer(scope, project_id, MAYBE, **kwargs)

    async def cant(self, scope: AnyScope, project_id: int, **kwargs: Any) -> SignupResult:
        return await self.answer(scope, project_id, CANT, **kwargs)

    async def _answer(
        self,
        s: AsyncSession,
        p: Project,
        sessions: list[ProjectSession],
        target: ProjectSession,
        user_id: int,
        status: str,
        now: datetime,
        work: Work,
        *,
        every: bool,
        added_by: int | None,
    ) -> tuple[str, bool, list[int]]:
        regular = await repo.get_regular(s, p.id, user_id)
        changed_regular = False
        if every:
            if status == CANT:
                if regular is not None:
                    await repo.delete_row(s, regular)
                    changed_regular = True
            elif regular is None:
                await repo.add_regular(
                    s, project_id=p.id, user_id=user_id, status=status, added_by=added_by, created_at=now
                )
                changed_regular = True
            elif regular.status != status:
                regular.status = status
                changed_regular = True
        promoted: list[int] = []
        status_now, changed, more = await self._set_status(s, p, target, user_id, status, now, work, added_by=added_by)
        promoted += more
        if every:
            for sess in self._upcoming_open(sessions, now):
                if sess.id == target.id:
                    continue
                row = await repo.get_signup(s, sess.id, user_id)
                if status == CANT and (row is None or row.status not in LISTED):
                    continue  # nothing to take back in that session
                _st, _ch, more = await self._set_status(s, p, sess, user_id, status, now, work, added_by=added_by)
                promoted += more
        return status_now, changed or changed_regular, promoted

    async def _result(
        self,
        s: AsyncSession,
        p: Project,
        now: datetime,
        target: ProjectSession,
        user_id: int,
        status: str,
        changed: bool,
        every: bool,
        promoted: Sequence[int],
    ) -> SignupResult:
        position = None
        if status == WAITING:
            row = await repo.get_signup(s, target.id, user_id)
            assert row is not None
            position = await repo.waiting_position(s, row)
        return SignupResult(
            project=await self._view(s, p, now),
            session_id=target.id,
            status=status,
            changed=changed,
            every=every,
            waiting_position=position,
            promoted=tuple(promoted),
        )

    async def set_reminders(self, scope: AnyScope, project_id: int, on: bool) -> MemberState:
        """Turn this member's reminders for one project on or off."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, scope, project_id)
            self._require_active(p)
            existing = await repo.get_optout(s, p.id, scope.user_id)
            if on and existing is not None:
                await repo.delete_row(s, existing)
            elif not on and existing is None:
                await repo.add_optout(s, project_id=p.id, user_id=scope.user_id, created_at=now)
            sessions = await self._sync(s, p, now, work)
            view = await self._view(s, p, now, sessions)
            return await self._member_state(s, p, view, scope)


def _queued(
    s: AsyncSession,
    sess: ProjectSession,
    row: ProjectSignup | None,
    user_id: int,
    status: str,
    queue_no: int,
    now: datetime,
) -> ProjectSignup:
    """A member's new answer at the back of the queue: a new row, or their row moved there (flushed later)."""
    if row is None:
        row = ProjectSignup(
            session_id=sess.id,
            user_id=user_id,
            status=status,
            queue_no=queue_no,
            queued_at=now,
            added_by=None,
            attended=None,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
    else:
        row.status, row.queue_no, row.queued_at, row.added_by, row.updated_at = status, queue_no, now, None, now
    return row
