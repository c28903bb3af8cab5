"""Helpers shared by the benchmarks that drive a bot through the local Discord stand-in (sandbox/).

Not a test helper: nothing here asserts. Import after the repo root is on sys.path (each script does that).
"""

from __future__ import annotations

import logging
import math
import statistics
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from bot.settings import Settings
from sandbox import Interaction, Sandbox, World, default_world

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- figures
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (p99 of 300 values is the 297th smallest)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Stats:
    n: int
    median: float
    p90: float
    p99: float
    max: float
    mean: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if not values:
            return cls(0, math.nan, math.nan, math.nan, math.nan, math.nan)
        return cls(
            len(values),
            statistics.median(values),
            percentile(values, 90),
            percentile(values, 99),
            max(values),
            statistics.fmean(values),
        )


def ms(seconds: float) -> str:
    """Milliseconds below 10 s, seconds above (a lateness of 40 s reads better as 40.1 s)."""
    if math.isnan(seconds):
        return "n/a"
    if math.isinf(seconds):
        return "never"
    if abs(seconds) >= 10:
        return f"{seconds:.1f} s"
    return f"{seconds * 1000:.1f} ms"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain fixed-width table (left column left-aligned, the others right-aligned)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


@dataclass(frozen=True)
class Target:
    what: str
    measured: str
    wanted: str
    met: bool | None  # None: could not be judged in this run

    @property
    def verdict(self) -> str:
        return {True: "MET", False: "MISSED", None: "n/a"}[self.met]


def targets_table(targets: Sequence[Target]) -> str:
    return table(
        ["target", "measured", "wanted", "result"], [(t.what, t.measured, t.wanted, t.verdict) for t in targets]
    )


# ---------------------------------------------------------------- interactions
def answer_at(sb: Sandbox, inter: Interaction) -> float | None:
    """When the member got the real answer (sandbox clock, seconds), or None if it never came.

    Types 4/7/8/9 answer in the callback itself: ``responded_at``. A deferral (5, 6) answers later, with
    the first follow-up or edit through the interaction's webhook: its request record, never the actor's
    fixed settle wait.
    """
    if inter.responded_at is None:
        return None
    if inter.response_type not in (5, 6):
        return inter.responded_at
    for record in sb.requests:
        if (
            record.at >= inter.responded_at
            and record.method in ("POST", "PATCH")
            and record.status < 400
            and "/webhooks/" in record.path
            and inter.token in record.path
        ):
            return record.at
    return None


def round_trip(sb: Sandbox, inter: Interaction) -> float | None:
    """Seconds from the sandbox sending INTERACTION_CREATE to the answer arriving at the sandbox."""
    at = answer_at(sb, inter)
    return None if at is None else at - inter.created_at


# ---------------------------------------------------------------- logs
class LogCollector(logging.Handler):
    """Keeps WARNING and worse from every logger (discord.py logs callback errors and rate limits there)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def install(self) -> LogCollector:
        root = logging.getLogger()
        root.addHandler(self)
        root.setLevel(logging.WARNING)
        return self

    def errors(self) -> list[logging.LogRecord]:
        return [r for r in self.records if r.levelno >= logging.ERROR]

    def matching(self, text: str) -> list[logging.LogRecord]:
        return [r for r in self.records if text in r.getMessage()]

    def summary(self, limit: int = 5) -> list[str]:
        lines = [f"{len(self.errors())} ERROR and {len(self.records) - len(self.errors())} WARNING log records"]
        for r in self.records[:limit]:
            lines.append(f"  {r.levelname} {r.name}: {r.getMessage()[:160]}")
        return lines


# ---------------------------------------------------------------- sandbox and Connect
def make_sandbox(*, openapi: bool, world: World | None = None) -> Sandbox:
    """The stand-in with Discord's rate limits on (global 50/s, the per-route buckets in sandbox/ratelimit.py)."""
    return Sandbox(world=world or default_world(), rate_limits=True, global_rate_limit=50, openapi=openapi)


def openapi_note(sb: Sandbox) -> str:
    if sb.openapi_available:
        return "ON (every request and response is checked against Discord's OpenAPI description)"
    if sb.spec is None:
        return "OFF (switched off for this run)"
    return f"OFF ({sb.openapi_skip_reason})"


def temp_sqlite_url(folder: tempfile.TemporaryDirectory[str]) -> str:
    return f"sqlite+aiosqlite:///{Path(folder.name) / 'connect.db'}"


async def migrated_database_url(folder: tempfile.TemporaryDirectory[str]) -> str:
    """A fresh SQLite file, built by the migrations (the only way the schema is made)."""
    from db import migrate
    from db.engine import Database

    url = temp_sqlite_url(folder)
    database = Database(url)
    await migrate.upgrade(database.engine)
    await database.dispose()
    return url


def connect_settings(sb: Sandbox, db_url: str) -> Settings:
    return Settings(
        discord_token=SecretStr(sb.token),
        database_url=db_url,
        discord_api_base=sb.api_base,
        discord_gateway_url=sb.gateway_url,
        log_level="WARNING",
    )


def sandbox_problems(sb: Sandbox, limit: int = 5) -> list[str]:
    problems = sb.problems()
    lines = [f"{len(problems)} sandbox problems (rule violations, unknown routes, OpenAPI mismatches, failed answers)"]
    lines += [f"  {p[:200]}" for p in problems[:limit]]
    return lines
