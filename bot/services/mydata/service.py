"""My data: what Connect knows about a member, a copy of it, and deleting it (Discord's developer terms).

Every feature brings its hooks (``Feature.personal_data``); this service only asks each of them. Erasing runs
one transaction per feature, so a feature that fails leaves the others done and can be run again. The
"do not contact me" choice is kept: it is what the member asked for, and it must outlive their data.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot import texts
from bot.errors import NotAllowed, StaleControl
from bot.features import PersonalData, Shared
from bot.services.mydata.cards import Cards, cards_showing
from bot.services.mydata.core import CoreData
from bot.services.mydata.retention import Retention
from bot.services.people import Actor
from db.repositories import mydata as repo

log = logging.getLogger("connect.mydata")

# Discord's attachment limit for bots without boosts; a copy above it is zipped (JSON packs well).
ATTACHMENT_LIMIT = 8 * 1024 * 1024


@dataclass(frozen=True)
class Summary:
    lines: tuple[str, ...]
    do_not_contact: bool
    for_someone_else: bool = False


@dataclass(frozen=True)
class DataFile:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Copy:
    files: tuple[DataFile, ...]
    zipped: bool


class MyDataService:
    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.db = shared.db
        self.clock = shared.clock
        self.retention = Retention(shared.db, shared.clock)
        # Connect's own rows (settings, quiet hours, DM channels); every feature registers through Shared.
        self._own: dict[str, PersonalData] = {"connect": CoreData(shared.db, shared.clock)}

    def hooks(self) -> dict[str, PersonalData]:
        return {**self._own, **self.shared.personal_data}

    @staticmethod
    def _where(guild_id: int, actor: Actor, member_id: int) -> int | None:
        """A member's own request covers every server; a lead's covers only the lead's server."""
        return None if member_id == actor.user_id else guild_id

    async def check_for(self, guild_id: int, actor: Actor, member_id: int) -> None:
        """Only the member, or a lead of this server for a member who asked another way."""
        if member_id == actor.user_id:
            return
        settings = await self.shared.settings.get(guild_id)
        if not settings.is_lead(actor):
            raise NotAllowed(texts.MYDATA_ONLY_LEADS_FOR_OTHERS)
        log.info("a lead used my data for another member guild=%s", guild_id)

    async def summary(self, guild_id: int, actor: Actor, member_id: int) -> Summary:
        await self.check_for(guild_id, actor, member_id)
        lines: list[str] = []
        where = self._where(guild_id, actor, member_id)
        for hooks in self.hooks().values():
            lines += await hooks.summary(member_id, where)
        async with self.db.read() as s:
            stop = await repo.do_not_contact(s, member_id)
        return Summary(tuple(lines), stop is not None, member_id != actor.user_id)

    async def copy(self, guild_id: int, actor: Actor, member_id: int) -> Copy:
        """Every row that holds the member's id, by feature and table, and an easy-read text of it."""
        await self.check_for(guild_id, actor, member_id)
        tables: dict[str, Mapping[str, list[dict[str, Any]]]] = {}
        lines: list[str] = []
        where = self._where(guild_id, actor, member_id)
        for name, hooks in self.hooks().items():
            tables[name] = await hooks.export(member_id, where)
            lines += await hooks.summary(member_id, where)
        body = {"user_id": member_id, "server_id": where, "made_at": self.clock.now().isoformat(), "data": tables}
        data = json.dumps(body, indent=2, ensure_ascii=False, default=str).encode()
        text = "\n".join([texts.MYDATA_COPY_TITLE, "", *(lines or [texts.MYDATA_NOTHING]), ""]).encode()
        files = (DataFile("my-connect-data.json", data), DataFile("my-connect-data.txt", text))
        if sum(len(f.data) for f in files) <= ATTACHMENT_LIMIT:
            return Copy(files, zipped=False)
        return Copy((DataFile("my-connect-data.zip", _zip(files)),), zipped=True)

    async def erase(self, guild_id: int, actor: Actor, member_id: int) -> Cards:
        """Erase everywhere the request covers; returns the cards that showed the member, to redraw."""
        await self.check_for(guild_id, actor, member_id)
        where = self._where(guild_id, actor, member_id)
        async with self.db.transaction() as s:  # read before erasing: afterwards nothing points to them
            cards = await cards_showing(s, member_id, where)
        for hooks in self.hooks().values():
            await hooks.erase(member_id, where)
        log.info("member data erased guild=%s by=%s", guild_id, "lead" if member_id != actor.user_id else "member")
        return cards

    async def set_do_not_contact(
        self, guild_id: int, actor: Actor, member_id: int, on: bool, *, member_here: bool = False
    ) -> Summary:
        """Do not contact holds in every server: a lead sets it for another person only while that person is
        a member of the lead's server (``member_here``, from Discord), never for someone of another server."""
        await self.check_for(guild_id, actor, member_id)
        if member_id != actor.user_id and not member_here:
            raise StaleControl()
        async with self.db.transaction() as s:
            await repo.set_do_not_contact(s, member_id, on, self.clock.now())
        return await self.summary(guild_id, actor, member_id)


def _zip(files: tuple[DataFile, ...]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            archive.writestr(f.filename, f.data)
    return buffer.getvalue()
