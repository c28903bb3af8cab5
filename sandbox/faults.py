"""Faults on demand: server errors and 429 storms for the next requests."""

from __future__ import annotations

from dataclasses import dataclass

from .clock import Clock


@dataclass
class _FailRule:
    remaining: int
    status: int
    route_contains: str | None
    code: int
    message: str


class Faults:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._fail: list[_FailRule] = []
        self._storm_until = 0.0
        self._storm_route: str | None = None
        self.injected = 0

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        route_contains: str | None = None,
        *,
        code: int = 0,
        message: str | None = None,
    ) -> None:
        """The next `n` requests (whose "METHOD /path" contains `route_contains`) answer `status`."""
        default = {500: "500: Internal Server Error", 502: "502: Bad Gateway", 503: "503: Service Unavailable"}
        self._fail.append(
            _FailRule(n, status, route_contains, code, message or default.get(status, f"{status}: Error"))
        )

    def storm_429(self, seconds: float, *, route_contains: str | None = None) -> None:
        """For `seconds`, every rate-limited request answers 429 (interaction callbacks are spared)."""
        self._storm_until = self._clock.monotonic() + seconds
        self._storm_route = route_contains

    def clear(self) -> None:
        self._fail.clear()
        self._storm_until = 0.0

    def take_failure(self, method: str, path: str) -> _FailRule | None:
        key = f"{method} {path}"
        for rule in self._fail:
            if rule.route_contains is None or rule.route_contains in key:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._fail.remove(rule)
                self.injected += 1
                return rule
        return None

    def storm_remaining(self, method: str, path: str) -> float:
        left = self._storm_until - self._clock.monotonic()
        if left <= 0:
            return 0.0
        if self._storm_route is not None and self._storm_route not in f"{method} {path}":
            return 0.0
        return left
