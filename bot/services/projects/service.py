"""Projects and sign-ups: every rule of issue 5, Discord-free.

One transaction per action. Every action on a project first locks its row (``repo.lock_project``), so the
lists of one project change one action at a time and the number coming never exceeds the places.

Sessions: a one-off project has one session. A repeating project makes its sessions as they come: the next
open session always exists (with the regulars copied in), and a scheduled "project_roll" row at its start
makes the one after. Past sessions keep their lists.

Later work is a row in ``scheduled_work``, made in the same transaction as the change:
- ``event_reminder`` (ref: session id): one per reminder time before a session, for the members coming.
- ``project_notice`` (ref: project id): a message to some members now (a place opened, what changed,
  cancelled, signed up by a supporter, taken off the list, made an organiser) or the thank-you post.
- ``project_roll`` (ref: project id): at the start of a repeating project's next session, make the next.
"""

from __future__ import annotations

from bot.services.projects.attendance import Attending
from bot.services.projects.drafts import Drafting
from bot.services.projects.for_jobs import ForJobs
from bot.services.projects.organising import Organising
from bot.services.projects.queries import Queries
from bot.services.projects.rules import NOTICE_FINISHED, Change, ChangeResult

__all__ = ["NOTICE_FINISHED", "Change", "ChangeResult", "ProjectsService"]


class ProjectsService(Drafting, Queries, Organising, Attending, ForJobs):
    """Every project action, one responsibility per base class (each file under bot/services/projects/)."""
