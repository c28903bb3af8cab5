"""/status for leads: is every part (shard) of Connect running? A shard with no live process is shown,
so a lead can tell the person who runs Connect (the log says it too, once a minute)."""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from bot.errors import NotAllowed
from bot.scheduling.processes import ProcessRegistry
from bot.services.guild_settings import settings_in
from bot.services.people import Actor
from db.engine import Database
from db.repositories.processes import shard_text


@dataclass(frozen=True)
class Status:
    shard_count: int
    missing: tuple[int, ...]  # shards with no live process

    def lines(self) -> list[str]:
        if not self.missing:
            return [texts.STATUS_ALL_ON]
        lines = [texts.STATUS_PART_OFF.format(part=s + 1, parts=self.shard_count) for s in self.missing]
        return [*lines, texts.STATUS_TELL_ADMIN, texts.STATUS_FOR_ADMIN.format(shards=shard_text(self.missing))]


async def status_for_lead(db: Database, process: ProcessRegistry | None, guild_id: int, actor: Actor) -> Status:
    """Leads only. Says nothing about other servers: only which parts of the bot are off."""
    async with db.transaction() as session:
        if not (await settings_in(session, guild_id)).is_lead(actor):
            raise NotAllowed(texts.ONLY_LEADS_OR_MANAGERS)
    if process is None:  # the scheduler has not started yet: nothing to say but "on"
        return Status(1, ())
    return Status(process.shard_count, tuple(await process.missing_shards()))
