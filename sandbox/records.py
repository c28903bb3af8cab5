"""What the sandbox records for tests: every one of these lists should stay empty in a good run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Violation:
    """The bot broke one of Discord's rules (Discord answered 4xx)."""

    rule: str
    message: str
    method: str
    path: str
    status: int
    code: int
    detail: dict[str, Any] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status} ({self.code}) {self.rule}: {self.message}"


@dataclass(frozen=True)
class UnknownRoute:
    method: str
    path: str

    def __str__(self) -> str:
        return f"unknown route {self.method} {self.path} (the sandbox does not implement it)"


@dataclass(frozen=True)
class SpecProblem:
    """A request body or a response that does not match Discord's OpenAPI description."""

    direction: str  # "request" or "response"
    method: str
    path: str
    operation: str
    message: str
    status: int | None = None

    def __str__(self) -> str:
        where = f" [{self.status}]" if self.status is not None else ""
        return f"invalid {self.direction} {self.method} {self.path}{where} ({self.operation}): {self.message}"


@dataclass(frozen=True)
class FailedInteraction:
    """A member saw "This interaction failed"."""

    interaction_id: int
    user: str
    what: str
    reason: str

    def __str__(self) -> str:
        return f"This interaction failed: {self.what} by {self.user}: {self.reason}"


@dataclass(frozen=True)
class RateLimitEvent:
    method: str
    path: str
    bucket: str
    scope: str
    retry_after: float
    is_global: bool


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    query: dict[str, str]
    status: int
    body: Any
    at: float
