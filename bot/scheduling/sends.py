"""Never send twice: each message a firing sends is recorded in its own tiny transaction right after the send.

``RecordingSends`` wraps the process's notifier for one firing (``job.notifier``):
- after Discord accepted a message: one small INSERT (row, nonce, where it went, message id);
- in a retry of the same occurrence, or a firing that took over one that never finished: a nonce already
  recorded is not sent again (the recorded delivery is returned). After a takeover (``taken_over_since``)
  one not recorded is looked for in the channel first (``find_sent``: the bot's recent messages there),
  since Discord's nonce memory lasts only a few minutes.

What remains possible (README, "Running several processes"): a process killed in the milliseconds between
Discord accepting a message and the INSERT committing, and restarted after Discord's nonce memory, when the
notifier cannot find the message (the channel cannot be read, or 50 newer bot messages are there already).
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.outbox import Delivery, Notifier, OutMessage
from bot.scheduling.batch import GroupCommit
from db.engine import Database
from db.repositories import mydata as mydata_repo
from db.repositories import processes as prepo

log = logging.getLogger("connect.scheduler.sends")


class RecordingSends:
    """A Notifier for one firing of one row. Recording failures never fail the send (it went out)."""

    def __init__(
        self,
        inner: Notifier,
        db: Database,
        clock: Clock,
        row_id: int,
        *,
        taken_over_since: datetime | None = None,
        recorded: dict[str, Any] | None = None,
        writes: GroupCommit | None = None,
    ) -> None:
        self.inner = inner
        self._db = db
        self._clock = clock
        self._row_id = row_id
        self._since = taken_over_since
        self._recorded = recorded or {}
        self._writes = writes or GroupCommit(db)

    @classmethod
    async def for_firing(
        cls,
        inner: Notifier,
        db: Database,
        clock: Clock,
        row_id: int,
        taken_over_since: datetime | None,
        *,
        attempt: int = 1,
        writes: GroupCommit | None = None,
    ) -> RecordingSends:
        """A retry (``attempt`` > 1) or a takeover first reads what earlier attempts recorded as sent."""
        recorded: dict[str, Any] = {}
        if taken_over_since is not None or attempt > 1:
            async with db.transaction() as session:
                recorded = dict(await prepo.sends_of(session, row_id))
        return cls(inner, db, clock, row_id, taken_over_since=taken_over_since, recorded=recorded, writes=writes)

    async def send_to_channel(self, channel_id: int, msg: OutMessage, nonce: str) -> int:
        done = self._recorded.get(nonce)
        if done is not None and done.message_id is not None:
            return int(done.message_id)
        found = await self._find(msg, nonce, channel_id=channel_id)
        message_id = found if found is not None else await self.inner.send_to_channel(channel_id, msg, nonce)
        await self._record(nonce, Delivery(via="channel", message_id=message_id, channel_id=channel_id))
        return message_id

    async def send_dm(
        self, user_id: int, msg: OutMessage, nonce: str, fallback_channel_id: int | None = None
    ) -> Delivery:
        if await self._do_not_contact(user_id):
            # They asked Connect never to message them (/mydata): no DM, and no channel post naming them.
            log.info("row %s: user %s asked not to be contacted; not sent", self._row_id, user_id)
            return Delivery(via="none", message_id=None, channel_id=None)
        done = self._recorded.get(nonce)
        if done is not None and done.via != "none":  # nothing reached them last time: try again
            return Delivery(
                via=done.via, message_id=done.message_id, channel_id=done.channel_id, dm_failed=done.dm_failed
            )
        found = await self._find(msg, nonce, user_id=user_id)
        if found is None and fallback_channel_id is not None:
            found = await self._find(msg, nonce, channel_id=fallback_channel_id, any_text=True)
            if found is not None:
                delivery = Delivery(via="channel", message_id=found, channel_id=fallback_channel_id, dm_failed=True)
                await self._record(nonce, delivery)
                return delivery
        if found is not None:
            delivery = Delivery(via="dm", message_id=found, channel_id=None)
        else:
            delivery = await self.inner.send_dm(user_id, msg, nonce, fallback_channel_id)
        await self._record(nonce, delivery)
        return delivery

    async def _do_not_contact(self, user_id: int) -> bool:
        async def asked(session: AsyncSession) -> bool:
            return await mydata_repo.do_not_contact(session, user_id) is not None

        # A read, in the shared transactions of the burst (one per firing was one round trip per DM).
        return await self._writes.run(asked)

    async def _find(
        self,
        msg: OutMessage,
        nonce: str,
        *,
        channel_id: int | None = None,
        user_id: int | None = None,
        any_text: bool = False,
    ) -> int | None:
        finder = getattr(self.inner, "find_sent", None)
        if self._since is None or finder is None:
            return None
        if any_text:  # a DM fallback post starts with a note before the text: match on the nonce only
            msg = OutMessage(content=None)
        found: int | None = await finder(msg, nonce, self._since, channel_id=channel_id, user_id=user_id)
        if found is not None:
            log.info("row %s: message %s was already sent before the takeover; not sent again", self._row_id, found)
        return found

    async def _record(self, nonce: str, delivery: Delivery) -> None:
        if delivery.via == "none":
            return  # nothing was sent (closed DMs, no fallback): a retry must try again, not skip it
        record = functools.partial(
            prepo.record_send,
            row_id=self._row_id,
            nonce=nonce,
            via=delivery.via,
            channel_id=delivery.channel_id,
            message_id=delivery.message_id,
            dm_failed=delivery.dm_failed,
            now=self._clock.now(),
        )
        try:
            # Its own tiny write, committed before the firing goes on; records of other firings sent at the
            # same moment share the transaction (bot/scheduling/batch.py).
            await self._writes.run(record)
        except Exception:
            # The message went out; only the record is missing (the database is away, or a second record of
            # the same nonce). The nonce still guards a retry within Discord's memory.
            log.debug("row %s: could not record the send of %s", self._row_id, nonce, exc_info=True)
