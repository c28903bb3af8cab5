"""The gateway's opcodes and intents, its connections (one websocket, its compression and write queue) and
its sessions, which outlive a socket so that a dropped client can resume."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .gateway import Gateway

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


def _load_zstd() -> tuple[Any, str | None]:
    """zstd-stream is offered only where discord.py would ask for it (it needs the same modules)."""
    for name, kind in (("compression.zstd", "stdlib"), ("zstandard", "zstandard")):
        try:
            return importlib.import_module(name), kind
        except ImportError:
            continue
    return None, None


_zstd, _ZSTD = _load_zstd()


class _Compressor:
    def __init__(self, kind: str | None) -> None:
        self.kind = kind
        self._zlib = zlib.compressobj() if kind == "zlib-stream" else None
        self._zstd: Any = None
        if kind == "zstd-stream" and _zstd is not None:
            if _ZSTD == "stdlib":
                self._zstd = _zstd.ZstdCompressor()
            else:
                self._zstd = _zstd.ZstdCompressor().compressobj()

    def __call__(self, data: bytes) -> bytes | None:
        if self._zlib is not None:
            return self._zlib.compress(data) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
        if self._zstd is not None:
            if _ZSTD == "stdlib":
                return bytes(self._zstd.compress(data, mode=_zstd.ZstdCompressor.FLUSH_BLOCK))
            return bytes(self._zstd.compress(data) + self._zstd.flush(_zstd.COMPRESSOBJ_FLUSH_BLOCK))
        return None


@dataclass
class _Close:
    code: int
    reason: str = ""


@dataclass(frozen=True)
class GatewayEvent:
    """A protocol event, for tests: identify, ready, resume, resumed, invalid_session, reconnect,
    disconnect (the client's socket closed), dropped (the sandbox cut it)."""

    kind: str
    session_id: str | None
    shard: tuple[int, int] | None
    detail: str = ""


class Connection:
    def __init__(self, gateway: Gateway, ws: web.WebSocketResponse, request: web.Request, compress: str | None):
        self.gateway = gateway
        self.ws = ws
        self.transport = request.transport
        self.path = request.path
        self.compress = _Compressor(compress)
        self.session: Session | None = None
        self.outbox: asyncio.Queue[dict[str, Any] | _Close] = asyncio.Queue()
        self.heartbeats = 0
        self.writer = asyncio.create_task(self._write_loop(), name="sandbox-gateway-writer")

    def send(self, payload: dict[str, Any]) -> None:
        self.outbox.put_nowait(payload)

    def close(self, code: int, reason: str = "") -> None:
        self.outbox.put_nowait(_Close(code, reason))

    def abort(self) -> None:
        """Cut the TCP connection without a close frame, like a network failure."""
        self.writer.cancel()
        if self.transport is not None:
            self.transport.abort()

    async def _write_loop(self) -> None:
        try:
            while True:
                item = await self.outbox.get()
                if isinstance(item, _Close):
                    await self.ws.close(code=item.code, message=item.reason.encode())
                    return
                raw = json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode()
                packed = self.compress(raw)
                if packed is None:
                    await self.ws.send_str(raw.decode())
                else:
                    await self.ws.send_bytes(packed)
        except (ConnectionError, RuntimeError) as exc:
            log.debug("gateway writer stopped: %s", exc)


@dataclass(eq=False)
class Session:
    id: str
    shard_id: int
    shard_count: int
    intents: int
    token: str
    seq: int = 0
    buffer: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=10000))
    conn: Connection | None = None
    presence: dict[str, Any] | None = None
    identified_with: dict[str, Any] = field(default_factory=dict)

    @property
    def shard(self) -> tuple[int, int]:
        return (self.shard_id, self.shard_count)

    @property
    def connected(self) -> bool:
        return self.conn is not None

    def dispatch(self, event: str, data: Any) -> int:
        self.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.buffer.append(payload)
        if self.conn is not None:
            self.conn.send(payload)
        return self.seq
