"""Who may do what with tasks. Read inside the caller's unit of work (a second one would wait for its
own write lock on SQLite). Being a lead counts only in the task's own server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotAllowed, NotFound
from bot.scope import Scope
from bot.services import guild_settings as gs
from db.models import Task, TaskList
from db.repositories import tasks as repo


@dataclass(frozen=True)
class ListFacts:
    """What decides who may add to and manage a list."""

    project_title: str | None
    project_active: bool
    organisers: tuple[int, ...]
    is_lead: bool
    leads_only_channel_lists: bool


async def facts(s: AsyncSession, scope: Scope, lst: TaskList) -> ListFacts:
    settings = await gs.settings_in(s, scope.guild_id)
    own = await repo.get_settings(s, scope.guild_id)
    title: str | None = None
    active = True
    organisers: tuple[int, ...] = ()
    if lst.project_id is not None:
        project = await repo.project(s, scope.guild_id, lst.project_id)
        if project is None:
            raise NotFound(texts.TASK_LIST_NOT_FOUND)
        title, active = project.title, project.state in ("active", "finished")
        organisers = tuple(await repo.organisers(s, project))
    return ListFacts(
        project_title=title,
        project_active=active,
        organisers=organisers,
        is_lead=settings.is_lead(scope.actor),
        leads_only_channel_lists=bool(own and own.leads_only_channel_lists),
    )


def may_add(scope: Scope, lst: TaskList, f: ListFacts) -> bool:
    if f.is_lead:
        return True
    if lst.project_id is not None:
        return scope.user_id in f.organisers
    return not f.leads_only_channel_lists


def require_add(scope: Scope, lst: TaskList, f: ListFacts) -> None:
    if may_add(scope, lst, f):
        return
    raise NotAllowed(texts.TASK_ONLY_ORGANISERS_ADD if lst.project_id is not None else texts.TASK_ONLY_LEADS_ADD)


def may_manage(scope: Scope, task: Task, f: ListFacts) -> bool:
    """Edit, remove, ask someone, change the due date, mark done for someone."""
    return f.is_lead or scope.user_id == task.added_by or scope.user_id in f.organisers


def require_manage(scope: Scope, task: Task, f: ListFacts) -> None:
    if not may_manage(scope, task, f):
        raise NotAllowed(texts.TASK_ONLY_MANAGERS)


def told_about(task: Task, f: ListFacts) -> list[int]:
    """Who is told when a task is given back or needs help: the project's organisers, else who added it."""
    people = list(f.organisers) or [task.added_by]
    if task.asked_by is not None and task.asked_by not in people:
        people.append(task.asked_by)
    return [p for p in people if p]
