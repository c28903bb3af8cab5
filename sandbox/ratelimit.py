"""Per-route buckets and the global limit, with the headers discord.py reads.

Discord's documented shape: a bucket per route template and "major parameter" (channel, guild,
webhook), headers X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket on responses, and on a 429 a
JSON body {message, retry_after, global}, Retry-After and X-RateLimit-Scope. The global limit is
50 requests per second per bot; interaction endpoints are not bound to it.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from .clock import Clock


@dataclass(frozen=True)
class Rule:
    limit: int
    per: float


# Route templates use the sandbox router's names.
DEFAULT_RULES: dict[str, Rule] = {
    "POST /channels/{channel_id}/messages": Rule(5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": Rule(5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": Rule(5, 1.0),
    # No route bucket for opening a DM channel: Discord documents none, and the model (and ours)
    # is that it counts only towards the global limit. Tests can add one: sb.ratelimiter.rules[...] = Rule(...).
    "POST /webhooks/{webhook_id}/{webhook_token}": Rule(5, 2.0),
    "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}": Rule(5, 2.0),
    "PUT /applications/{application_id}/commands": Rule(10, 20.0),
    "PUT /applications/{application_id}/guilds/{guild_id}/commands": Rule(10, 20.0),
}
DEFAULT_ROUTE_RULE = Rule(50, 1.0)


@dataclass
class _Window:
    remaining: int
    reset_at: float


@dataclass(frozen=True)
class Decision:
    allowed: bool
    headers: dict[str, str]
    retry_after: float = 0.0
    is_global: bool = False
    scope: str = "user"
    bucket: str = ""


class RateLimiter:
    def __init__(
        self,
        clock: Clock,
        *,
        enabled: bool = True,
        global_limit: int | None = 50,
        rules: dict[str, Rule] | None = None,
    ) -> None:
        self.clock = clock
        self.enabled = enabled
        self.global_limit = global_limit
        self.rules = dict(DEFAULT_RULES if rules is None else rules)
        self._windows: dict[tuple[str, str], _Window] = {}
        self._global_used = 0
        self._global_reset_at = 0.0

    def reset(self) -> None:
        """Forget every window (all buckets full again)."""
        self._windows.clear()
        self._global_used = 0
        self._global_reset_at = 0.0

    @staticmethod
    def bucket_hash(route_key: str) -> str:
        return hashlib.md5(route_key.encode()).hexdigest()

    def _window(self, key: tuple[str, str], rule: Rule, now: float) -> _Window:
        win = self._windows.get(key)
        if win is None or now >= win.reset_at:
            win = _Window(remaining=rule.limit, reset_at=now + rule.per)
            self._windows[key] = win
        return win

    def check(self, route_key: str, major: str, *, global_exempt: bool) -> Decision:
        """Count one request. `route_key` is "METHOD /template", `major` the major parameters."""
        now = self.clock.time()
        rule = self.rules.get(route_key, DEFAULT_ROUTE_RULE)
        bucket = self.bucket_hash(route_key)
        if not self.enabled:
            return Decision(True, {}, bucket=bucket)
        if self.global_limit is not None and not global_exempt:
            if now >= self._global_reset_at:
                self._global_used = 0
                self._global_reset_at = now + 1.0
            if self._global_used >= self.global_limit:  # compared live, so tests may change the limit
                retry = max(self._global_reset_at - now, 0.001)
                headers = {
                    "Retry-After": str(math.ceil(retry)),
                    "X-RateLimit-Global": "true",
                    "X-RateLimit-Scope": "global",
                }
                return Decision(
                    False, headers, retry_after=round(retry, 3), is_global=True, scope="global", bucket=bucket
                )
            self._global_used += 1
        win = self._window((bucket, major), rule, now)
        reset_after = max(win.reset_at - now, 0.0)
        if win.remaining <= 0:
            headers = self._headers(rule, 0, win.reset_at, reset_after, bucket)
            headers["Retry-After"] = str(math.ceil(reset_after))
            headers["X-RateLimit-Scope"] = "user"
            return Decision(False, headers, retry_after=round(max(reset_after, 0.001), 3), scope="user", bucket=bucket)
        win.remaining -= 1
        return Decision(True, self._headers(rule, win.remaining, win.reset_at, reset_after, bucket), bucket=bucket)

    @staticmethod
    def _headers(rule: Rule, remaining: int, reset_at: float, reset_after: float, bucket: str) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(rule.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": f"{reset_at:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }

    def storm_headers(self, route_key: str, retry_after: float) -> dict[str, str]:
        bucket = self.bucket_hash(route_key)
        rule = self.rules.get(route_key, DEFAULT_ROUTE_RULE)
        now = self.clock.time()
        headers = self._headers(rule, 0, now + retry_after, retry_after, bucket)
        headers["Retry-After"] = str(math.ceil(retry_after))
        headers["X-RateLimit-Scope"] = "shared"
        return headers
