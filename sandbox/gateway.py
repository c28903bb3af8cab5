"""The gateway: a websocket that speaks Discord's protocol to the real discord.py client.

HELLO, heartbeats and ACKs, IDENTIFY -> READY + GUILD_CREATE per guild on the shard, sequence numbers,
RESUME (replays what the client missed, then RESUMED), RECONNECT (op 7), INVALID_SESSION (op 9),
sharding, and zlib-stream compression (one zlib context per connection, Z_SYNC_FLUSH per message).
A session outlives its socket so that a dropped client can resume it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .gateway_session import (
    _ZSTD,
    DIRECT_MESSAGES,
    DISPATCH,
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILD_PRESENCES,
    GUILDS,
    HEARTBEAT,
    HEARTBEAT_ACK,
    HELLO,
    IDENTIFY,
    INVALID_SESSION,
    MESSAGE_CONTENT,
    PRESENCE,
    PRIVILEGED,
    RECONNECT,
    REQUEST_MEMBERS,
    RESUME,
    VOICE_STATE,
    Connection,
    GatewayEvent,
    Session,
)

if TYPE_CHECKING:
    from .server import Sandbox

log = logging.getLogger(__name__)


class Gateway:
    def __init__(self, sandbox: Sandbox, *, heartbeat_interval_ms: int = 41250, ack_delay: float = 0.05) -> None:
        self.sb = sandbox
        self.heartbeat_interval_ms = heartbeat_interval_ms
        # Discord answers a heartbeat after a network round trip. An ACK sent at once on loopback can arrive
        # before discord.py's keep-alive thread notes when it sent the beat, so it logs "Can't keep up ... 41s
        # behind" at every beat. A short delay, like a real network, avoids that race.
        self.ack_delay = ack_delay
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.events: list[GatewayEvent] = []
        # Intents the app may use (the developer portal switches); others close with 4014.
        self.allowed_intents = (1 << 26) - 1
        self._changed = asyncio.Event()

    # --- observation ------------------------------------------------------------------------------
    def _record(self, kind: str, session: Session | None, detail: str = "") -> None:
        self.events.append(
            GatewayEvent(kind, session.id if session else None, session.shard if session else None, detail)
        )
        self._changed.set()
        self._changed = asyncio.Event()

    def count(self, kind: str) -> int:
        return sum(1 for e in self.events if e.kind == kind)

    async def wait_for(self, kind: str, count: int = 1, timeout: float = 10.0) -> None:  # noqa: ASYNC109 (timeout= is part of the public API)
        """Wait until `kind` happened at least `count` times in total."""
        await self.wait_until(lambda: self.count(kind) >= count, timeout, f"{count}x {kind}")

    async def wait_until(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:  # noqa: ASYNC109 (timeout= is part of the public API)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                kinds = [e.kind for e in self.events]
                raise TimeoutError(f"gateway: waited {timeout}s for {what}; events so far: {kinds}")
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    def connected_sessions(self, shard_id: int | None = None) -> list[Session]:
        return [s for s in self.sessions.values() if s.connected and (shard_id is None or s.shard_id == shard_id)]

    # --- routing ------------------------------------------------------------------------------------
    def sessions_for(self, guild_id: int | None) -> list[Session]:
        return [s for s in self.sessions.values() if self.sb.world.shard_of(guild_id, s.shard_count) == s.shard_id]

    def dispatch(
        self,
        guild_id: int | None,
        event: str,
        build: Callable[[Session], Any],
        *,
        intent: int | None = None,
    ) -> None:
        """Send `event` to every session whose shard holds `guild_id` (DMs: shard 0) and has `intent`."""
        for s in self.sessions_for(guild_id):
            if intent is not None and not s.intents & intent:
                continue
            data = build(s)
            if data is not None:
                s.dispatch(event, data)

    def dispatch_one(self, guild_id: int | None, event: str, data: Any) -> Session | None:
        """Send to ONE session (interactions go to a single session), preferring a connected one."""
        candidates = self.sessions_for(guild_id)
        if not candidates:
            return None
        candidates.sort(key=lambda s: (s.connected, s.seq))
        chosen = candidates[-1]
        chosen.dispatch(event, data)
        return chosen

    # --- faults -------------------------------------------------------------------------------------
    def _targets(self, shard_id: int | None) -> list[Session]:
        return [s for s in self.sessions.values() if shard_id is None or s.shard_id == shard_id]

    def drop(self, shard_id: int | None = None) -> int:
        """Cut the sockets without a close frame; the sessions stay resumable."""
        n = 0
        for s in self._targets(shard_id):
            conn = s.conn
            if conn is None:
                continue
            s.conn = None  # from now on events are only buffered, to be replayed on RESUME
            conn.abort()
            self._record("dropped", s)
            n += 1
        return n

    def invalidate(self, *, resumable: bool = False, shard_id: int | None = None) -> int:
        n = 0
        for s in self._targets(shard_id):
            conn = s.conn
            if not resumable:
                self.sessions.pop(s.id, None)
            if conn is not None:
                conn.send({"op": INVALID_SESSION, "d": resumable})
                if not resumable:
                    s.conn = None
            self._record("invalid_session", s, f"resumable={resumable}")
            n += 1
        return n

    def request_reconnect(self, shard_id: int | None = None) -> int:
        n = 0
        for s in self._targets(shard_id):
            if s.conn is not None:
                s.conn.send({"op": RECONNECT, "d": None})
                self._record("reconnect", s)
                n += 1
        return n

    async def close_all(self) -> None:
        for conn in list(self.connections):
            conn.close(1001, "sandbox stopping")
        for conn in list(self.connections):
            try:
                await asyncio.wait_for(conn.writer, 1.0)
            except (TimeoutError, asyncio.CancelledError):
                conn.abort()
        self.connections.clear()

    # --- the websocket handler ------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        query = request.query
        compress = query.get("compress")
        conn = Connection(self, ws, request, compress if compress in ("zlib-stream", "zstd-stream") else None)
        self.connections.add(conn)
        try:
            if query.get("v", "10") != "10":
                conn.close(4012, "Invalid API version")
            elif query.get("encoding", "json") != "json":
                conn.close(4002, "Only json encoding is supported by the sandbox")
            elif compress == "zstd-stream" and _ZSTD is None:
                conn.close(4000, "zstd-stream is not available in the sandbox")
            else:
                conn.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["sandbox"]}})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    try:
                        payload = json.loads(msg.data)
                    except ValueError:
                        conn.close(4002, "Error while decoding payload")
                        continue
                    self._handle_op(conn, payload)
                elif msg.type is WSMsgType.BINARY:
                    conn.close(4002, "Binary frames are not supported")
        finally:
            self.connections.discard(conn)
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                # A clean close (1000/1001) by the client ends the session, as on Discord.
                if ws.close_code in (1000, 1001):
                    self.sessions.pop(session.id, None)
                self._record("disconnect", session, f"code={ws.close_code}")
            if not conn.writer.done():
                conn.writer.cancel()
        return ws

    def _handle_op(self, conn: Connection, payload: dict[str, Any]) -> None:
        op = payload.get("op")
        data = payload.get("d")
        if op == HEARTBEAT:
            conn.heartbeats += 1
            if self.ack_delay > 0:
                asyncio.get_running_loop().call_later(self.ack_delay, conn.send, {"op": HEARTBEAT_ACK})
            else:
                conn.send({"op": HEARTBEAT_ACK})
            return
        if op == IDENTIFY:
            self._identify(conn, data or {})
            return
        if op == RESUME:
            self._resume(conn, data or {})
            return
        if conn.session is None:
            conn.close(4003, "Not authenticated.")
            return
        if op == PRESENCE:
            conn.session.presence = data
        elif op == REQUEST_MEMBERS:
            self._request_members(conn.session, data or {})
        elif op == VOICE_STATE:
            pass
        else:
            conn.close(4001, "Unknown opcode.")

    def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        if conn.session is not None:
            conn.close(4005, "Already authenticated.")
            return
        if data.get("token") != self.sb.token:
            conn.close(4004, "Authentication failed.")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0 or intents >= (1 << 26):
            conn.close(4013, "Invalid intent(s).")
            return
        if intents & PRIVILEGED & ~self.allowed_intents:
            conn.close(4014, "Disallowed intent(s).")
            return
        shard = data.get("shard") or [0, 1]
        try:
            shard_id, shard_count = int(shard[0]), int(shard[1])
        except (TypeError, ValueError, IndexError):
            conn.close(4010, "Invalid shard.")
            return
        if shard_count < 1 or not 0 <= shard_id < shard_count:
            conn.close(4010, "Invalid shard.")
            return
        session = Session(
            id=secrets.token_hex(16),
            shard_id=shard_id,
            shard_count=shard_count,
            intents=intents,
            token=str(data.get("token")),
            presence=data.get("presence"),
            identified_with=data,
        )
        self.sessions[session.id] = session
        conn.session = session
        session.conn = conn
        self._record("identify", session, f"path={conn.path} compress={conn.compress.kind}")
        ready = self.sb._ready_payload(session, sharded="shard" in data)
        session.dispatch("READY", ready)
        for guild_payload in self.sb._guild_creates(session):
            session.dispatch("GUILD_CREATE", guild_payload)
        self._record("ready", session)

    def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        if conn.session is not None:
            conn.close(4005, "Already authenticated.")
            return
        session = self.sessions.get(str(data.get("session_id")))
        seq = data.get("seq")
        if data.get("token") != self.sb.token:
            conn.close(4004, "Authentication failed.")
            return
        oldest = session.buffer[0]["s"] if session and session.buffer else 1
        if session is None or not isinstance(seq, int) or seq < oldest - 1 or seq > session.seq:
            # Discord answers an unknown or expired session with op 9 d=false.
            conn.send({"op": INVALID_SESSION, "d": False})
            self._record("invalid_session", session, "resume refused")
            return
        if session.conn is not None and session.conn is not conn:
            session.conn.close(4000, "Session resumed elsewhere")
        conn.session = session
        session.conn = conn
        missed = [p for p in session.buffer if p["s"] > seq]
        for payload in missed:
            conn.send(payload)
        self._record("resume", session, f"path={conn.path} replayed={len(missed)}")
        session.dispatch("RESUMED", {"_trace": ["sandbox"]})
        self._record("resumed", session, f"replayed={len(missed)}")

    def _request_members(self, session: Session, data: dict[str, Any]) -> None:
        try:
            guild = self.sb.world.guilds[int(data.get("guild_id", 0))]
        except (KeyError, ValueError):
            return
        user_ids = data.get("user_ids")
        if not user_ids and not session.intents & GUILD_MEMBERS:
            if session.conn is not None:
                session.conn.close(4013, "Requesting all members needs the GUILD_MEMBERS intent.")
            return
        query = str(data.get("query") or "").casefold()
        limit = int(data.get("limit") or 0)
        members = list(guild.members.values())
        if user_ids:
            wanted = {int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])}
            members = [m for m in members if m.user.id in wanted]
        elif query:
            members = [
                m
                for m in members
                if m.user.username.casefold().startswith(query) or (m.nick or "").casefold().startswith(query)
            ]
        if limit:
            members = members[:limit]
        from . import payloads  # local: payloads imports world only

        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [payloads.member(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        if user_ids:
            found = {m.user.id for m in members}
            missing = [str(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids]) if int(u) not in found]
            if missing:
                chunk["not_found"] = missing
        session.dispatch("GUILD_MEMBERS_CHUNK", chunk)


__all__ = [
    "DIRECT_MESSAGES",
    "DISPATCH",
    "GUILDS",
    "GUILD_MEMBERS",
    "GUILD_MESSAGES",
    "GUILD_PRESENCES",
    "HEARTBEAT",
    "HEARTBEAT_ACK",
    "HELLO",
    "IDENTIFY",
    "INVALID_SESSION",
    "MESSAGE_CONTENT",
    "PRESENCE",
    "PRIVILEGED",
    "RECONNECT",
    "REQUEST_MEMBERS",
    "RESUME",
    "VOICE_STATE",
    "Connection",
    "Gateway",
    "GatewayEvent",
    "Session",
]
