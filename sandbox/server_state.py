"""The Sandbox's state: its settings, what it records, its addresses and the problems tests assert on.

The Sandbox is built in layers, one module each, every layer adding one responsibility to the one before:
server_state (this) -> server_lookups (world access and waiting) -> server_gateway (gateway glue)
-> server_interactions (interactions and their deadlines) -> server_messages (messages) -> server (lifecycle).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from aiohttp import web

from .clock import Clock
from .faults import Faults
from .gateway import Gateway
from .openapi import SpecValidator
from .ratelimit import RateLimiter
from .records import FailedInteraction, RateLimitEvent, RequestRecord, SpecProblem, UnknownRoute, Violation
from .world import Interaction, Message, World, default_world, make_token

if TYPE_CHECKING:
    from .actors import MemberActor
    from .http_api import RestApi
    from .server import Sandbox

MESSAGE_TYPE_DEFAULT = 0
MESSAGE_TYPE_REPLY = 19
MESSAGE_TYPE_CHAT_INPUT = 20
MESSAGE_TYPE_CONTEXT_MENU = 23


class NotConnected(RuntimeError):
    """No bot session is connected to the gateway for that guild's shard."""


class SandboxState:
    rest: RestApi  # set by Sandbox.start()

    def __init__(
        self,
        world: World | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        heartbeat_interval_ms: int = 41250,
        interaction_deadline: float = 3.0,
        followup_window: float = 15 * 60.0,
        nonce_window: float = 5 * 60.0,
        rate_limits: bool = True,
        global_rate_limit: int | None = 50,
        openapi: bool = True,
        spec_path: str | None = None,
        attachment_size_limit: int = 10 * 1024 * 1024,
    ) -> None:
        self.world = world if world is not None else default_world()
        self.clock: Clock = self.world.clock
        self.host = host
        self._requested_port = port
        self.port = 0
        self.token = token or make_token(self.world.application.id)
        self.interaction_deadline = interaction_deadline
        self.followup_window = followup_window
        self.nonce_window = nonce_window
        self.attachment_size_limit = attachment_size_limit
        self.faults = Faults(self.clock)
        self.ratelimiter = RateLimiter(self.clock, enabled=rate_limits, global_limit=global_rate_limit)
        self.spec: SpecValidator | None = SpecValidator.load(spec_path) if openapi else None
        self.gateway = Gateway(self._whole, heartbeat_interval_ms=heartbeat_interval_ms)

        # What went wrong; tests assert these stay empty (see problems()).
        self.violations: list[Violation] = []
        self.unknown_routes: list[UnknownRoute] = []
        self.invalid_requests: list[SpecProblem] = []
        self.invalid_responses: list[SpecProblem] = []
        self.failed_interactions: list[FailedInteraction] = []
        # What happened, for assertions.
        self.rate_limited: list[RateLimitEvent] = []
        self.nonce_repeats = 0
        self.requests: list[RequestRecord] = []

        self._runner: web.AppRunner | None = None
        self._message_waiters: list[tuple[Callable[[Message], bool], asyncio.Future[Message]]] = []
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._nonces: dict[tuple[int, int, str], tuple[float, int]] = {}
        self._actors: dict[tuple[int, int | None], MemberActor] = {}
        # The modal each user has open (the last one the bot showed them), by user id.
        self.open_modals: dict[int, Interaction] = {}
        # Told of every new, changed or deleted message (the practice page's live updates).
        self.message_listeners: list[Callable[[Message], None]] = []

    @property
    def _whole(self) -> Sandbox:
        """This state as the whole Sandbox (its last layer), for the parts that take one (gateway, actors)."""
        return cast("Sandbox", self)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Put this in discord.http.Route.BASE (DISCORD_API_BASE)."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Put this in DiscordWebSocket.DEFAULT_GATEWAY (DISCORD_GATEWAY_URL)."""
        return f"ws://{self.host}:{self.port}/"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/resume-gateway/"

    @property
    def application_id(self) -> int:
        return self.world.application.id

    @property
    def time_offset(self) -> float:
        return self.clock.offset

    @time_offset.setter
    def time_offset(self, seconds: float) -> None:
        self.clock.offset = seconds

    @property
    def openapi_available(self) -> bool:
        return self.spec is not None and self.spec.available

    @property
    def openapi_skip_reason(self) -> str:
        if self.spec is None:
            return "OpenAPI checks switched off (Sandbox(openapi=False))"
        return self.spec.reason

    # --- problems -----------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Everything that would make a test fail: rule violations, unknown routes, spec mismatches,
        failed interactions. Empty in a good run."""
        out: list[str] = [str(v) for v in self.violations]
        out += [str(u) for u in self.unknown_routes]
        out += [str(p) for p in self.invalid_requests]
        out += [str(p) for p in self.invalid_responses]
        out += [str(f) for f in self.failed_interactions]
        return out

    def assert_no_problems(self) -> None:
        problems = self.problems()
        if problems:
            raise AssertionError("Discord sandbox problems:\n  " + "\n  ".join(problems))

    def clear_problems(self) -> None:
        """Forget recorded problems (after a test asserted the ones it provoked on purpose)."""
        self.violations.clear()
        self.unknown_routes.clear()
        self.invalid_requests.clear()
        self.invalid_responses.clear()
        self.failed_interactions.clear()
