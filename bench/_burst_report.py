"""The burst bench's limits, its record of one run, and the figures it prints (bench/burst.py runs it)."""

from __future__ import annotations

import argparse
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from bench._common import (
    LogCollector,
    Stats,
    Target,
    ms,
    openapi_note,
    round_trip,
    table,
    targets_table,
)
from bot.ratelimit import DEFAULT_BURST, DEFAULT_RATE
from db.repositories import scheduled as repo
from sandbox import (
    Interaction,
    Message,
    RateLimitEvent,
    RequestRecord,
    Sandbox,
    User,
)
from sandbox.ratelimit import Rule

KIND = "bench_dm"
GLOBAL_LIMIT = 50  # the stand-in's (and Discord's) requests a second per bot
DM_CREATE_ROUTE = "POST /users/@me/channels"
CLICK_EVERY = 0.2
LEAD = 4.0  # seconds from "rows committed, scheduler started" to the due time
RATIO_TARGET = 1.15
P99_TARGET = 0.5


# ---------------------------------------------------------------- the burst
@dataclass
class Burst:
    due_at: datetime
    members: list[User]
    prewarmed: set[int]
    scheduler_note: str = ""
    handler_errors: list[str] = field(default_factory=list)
    clicks: list[Interaction] = field(default_factory=list)
    click_failures: int = 0
    progress: list[tuple[float, int]] = field(default_factory=list)


# ---------------------------------------------------------------- figures
def bot_dms(sb: Sandbox, user: User) -> list[Message]:
    channel = sb.world.dm_channels.get(user.id)
    if channel is None:
        return []
    return [m for m in channel.all_messages if m.author.id == sb.world.bot.id and not m.deleted]


def parse_rule(text: str) -> Rule:
    limit, _, per = text.partition("/")
    return Rule(int(limit), float(per))


def dm_route_floor(creations: int, rule: Rule) -> float:
    """Seconds the per-route bucket needs for ``creations`` DM channels (the first window is full at once)."""
    if creations <= 0:
        return 0.0
    return (math.ceil(creations / rule.limit) - 1) * rule.per


def busiest_second(times: list[float]) -> int:
    """Most requests in any 1-second sliding window."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= 1.0:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def report(
    args: argparse.Namespace,
    sb: Sandbox,
    burst: Burst,
    *,
    finished: bool,
    ended: float,
    states: dict[int, tuple[str, str | None]],
    dm_rule: Rule,
    requests: list[RequestRecord],
    limited: list[RateLimitEvent],
    limited_total: int,
    nonce_repeats: int,
    log: LogCollector,
) -> None:
    due = burst.due_at.timestamp()
    n = len(burst.members)
    creations_needed = n - len(burst.prewarmed)

    # What arrived.
    delivered_at: list[float] = []
    per_user: dict[int, int] = {}
    nonces: Counter[str] = Counter()
    for user in burst.members:
        msgs = bot_dms(sb, user)
        per_user[user.id] = len(msgs)
        for m in msgs:
            delivered_at.append(m.created_at.timestamp())
            nonces[str(m.nonce)] += 1
    delivered_users = sum(1 for c in per_user.values() if c)
    users_with_two = sum(1 for c in per_user.values() if c > 1)
    nonce_dupes = sum(c - 1 for c in nonces.values() if c > 1)
    duplicates = users_with_two + nonce_dupes
    lateness = [t - due for t in delivered_at]
    last = max(delivered_at) - due if delivered_at else math.nan

    # What the bot asked for.
    creates = [r for r in requests if r.method == "POST" and r.path == "/users/@me/channels"]
    sends = [
        r for r in requests if r.method == "POST" and r.path.startswith("/channels/") and r.path.endswith("/messages")
    ]
    global_bound = [r for r in requests if "/interactions/" not in r.path and "/webhooks/" not in r.path]
    busiest = busiest_second([r.at for r in global_bound])
    created_ok = sum(1 for r in creates if r.status == 200)
    sent_ok = sum(1 for r in sends if r.status == 200)
    by_route = Counter(
        f"{e.method} {'/users/@me/channels' if 'users' in e.path else e.path.split('/')[1]} ({e.scope})"
        for e in limited
    )

    # Floors.
    naive_floor = n / GLOBAL_LIMIT
    real_floor = (n + creations_needed) / GLOBAL_LIMIT
    route_floor = dm_route_floor(creations_needed, dm_rule)
    aware_floor = max(real_floor, route_floor)

    # Clicks during the burst.
    trips = [rt for rt in (round_trip(sb, i) for i in burst.clicks) if rt is not None]
    unanswered = len(burst.clicks) - len(trips) + burst.click_failures
    trips_all = trips + [math.inf] * unanswered
    clicks = Stats.of(trips_all)

    # Losses: a member with no DM whose row is no longer pending or running (done without a message,
    # failed, missed). Rows still pending or running when the run was cut are "not sent yet", not lost.
    by_state = Counter(state for state, _ in states.values())
    errors = Counter((error or "")[:90] for state, error in states.values() if state == repo.FAILED)
    lost = 0
    open_rows = 0
    for i, user in enumerate(burst.members, start=1):
        state, _ = states.get(i, ("absent", None))
        if per_user[user.id]:
            continue
        if state in repo.ACTIVE_STATES:
            open_rows += 1
        else:
            lost += 1

    print()
    print("Reminder burst: DMs through the stand-in with rate limits ON")
    print(f"  reminders: {n}, all due at {burst.due_at:%H:%M:%S} UTC, one DM each to {n} different members")
    print(
        f"  DM channels: {len(burst.prewarmed)} pre-warmed ({args.prewarm:.0%}, every member the notifier's cache"
        f" already holds, filled without requests), {creations_needed} to create (POST /users/@me/channels)"
    )
    print(
        f"  stand-in limits: global {GLOBAL_LIMIT}/s; {DM_CREATE_ROUTE}: {dm_rule.limit} per {dm_rule.per:g} s"
        f"{' (set by --dm-create-rule)' if args.dm_create_rule else ' (the stand-in default)'};"
        " POST /channels/{id}/messages: 5 per 5 s per channel"
    )
    print(
        f"  Connect's pacing: TokenBucket {DEFAULT_RATE:g}/s, burst {DEFAULT_BURST} (bot/ratelimit.py);"
        " Scheduler max_concurrency 8 (default)"
    )
    print(f"  scheduler: {burst.scheduler_note}")
    print(f"  OpenAPI validation: {openapi_note(sb)}")
    print()
    print(
        table(
            ["figure", "value"],
            [
                ("delivered (members with the DM)", f"{delivered_users} of {n}"),
                (
                    "time to deliver all (due -> last DM)",
                    f"{last:.2f} s" if finished else f"not finished: cut at {ended - due:.1f} s",
                ),
                ("first DM after the due time", ms(min(lateness)) if lateness else "n/a"),
                ("DM lateness median / p99", f"{ms(Stats.of(lateness).median)} / {ms(Stats.of(lateness).p99)}"),
                ("naive floor (reminders / 50 per s)", f"{naive_floor:.2f} s"),
                ("floor with DM channel creations ((creations + messages) / 50 per s)", f"{real_floor:.2f} s"),
                (
                    f"floor of the DM-creation route alone ({creations_needed} at {dm_rule.limit}/{dm_rule.per:g} s)",
                    f"{route_floor:.2f} s",
                ),
                ("floor with every stand-in limit (max of the two above)", f"{aware_floor:.2f} s"),
                ("DM channels created / message sends OK", f"{created_ok} / {sent_ok}"),
                ("busiest second (requests under the global limit)", f"{busiest} (limit {GLOBAL_LIMIT})"),
                ("429s drawn during the burst", f"{len(limited)} (whole run: {limited_total})"),
                ("  of which", ", ".join(f"{k}: {v}" for k, v in by_route.items()) or "-"),
                ("members who got two or more DMs", users_with_two),
                ("same nonce delivered twice", nonce_dupes),
                ("repeats refused by the nonce (not delivered)", nonce_repeats),
                ("rows by state", ", ".join(f"{k}: {v}" for k, v in sorted(by_state.items()))),
                ("handler errors", len(burst.handler_errors)),
                ("clicks during the burst (answered / not answered)", f"{len(trips)} / {unanswered}"),
                (
                    "click round trip median / p90 / p99 / max",
                    f"{ms(clicks.median)} / {ms(clicks.p90)} / {ms(clicks.p99)} / {ms(clicks.max)}",
                ),
            ],
        )
    )
    print()
    if finished:
        ratio = last / real_floor
        ratio_text = f"x{ratio:.3f} ({last:.2f} s / {real_floor:.2f} s)"
        ratio_met: bool | None = ratio <= RATIO_TARGET
        aware_text = f"x{last / aware_floor:.3f}"
    else:
        ratio = (ended - due) / real_floor
        ratio_text = f"> x{ratio:.2f} (not finished in {ended - due:.0f} s)"
        ratio_met = False
        aware_text = f"> x{(ended - due) / aware_floor:.2f}" if aware_floor else "n/a"
    print(f"  ratio to the floor with every stand-in limit: {aware_text}")
    targets = [
        Target("time to deliver all / floor with creations", ratio_text, f"<= x{RATIO_TARGET}", ratio_met),
        Target("429s drawn (sandbox.rate_limited)", str(len(limited)), "0", len(limited) == 0),
        Target("duplicates (two DMs to one member, or one nonce twice)", str(duplicates), "0", duplicates == 0),
        Target(
            "losses",
            str(lost) + ("" if finished else f" ({open_rows} rows not sent by the deadline)"),
            "0",
            lost == 0 if finished or lost else None,
        ),
        Target(
            "click round trip p99 during the burst",
            ms(clicks.p99),
            f"< {P99_TARGET * 1000:.0f} ms",
            clicks.p99 < P99_TARGET,
        ),
    ]
    print(targets_table(targets))
    print()
    span = (last if finished else ended - due) or math.nan
    warm_sent = sum(1 for u in burst.members if u.id in burst.prewarmed and per_user[u.id])
    print("why (from this run's own figures):")
    print(
        f"  requests under the global limit during the burst: {created_ok + sent_ok} in {span:.1f} s ="
        f" {(created_ok + sent_ok) / span:.1f}/s (stand-in limit {GLOBAL_LIMIT}/s, Connect's bucket {DEFAULT_RATE:g}/s:"
        f" at best x{GLOBAL_LIMIT / DEFAULT_RATE:.3f} of the floor)"
    )
    print(
        f"  DM channels created: {created_ok} in {span:.1f} s = {created_ok / span:.2f}/s"
        f" (route bucket {dm_rule.limit} per {dm_rule.per:g} s = {dm_rule.limit / dm_rule.per:g}/s)"
    )
    print(f"  DMs to members whose channel was already known: {warm_sent} of {len(burst.prewarmed)} sent")
    if route_floor > real_floor:
        print(
            f"  the DM-creation route alone needs {route_floor:.0f} s for {creations_needed} channels, more than the"
            f" {real_floor:.0f} s floor: the ratio target cannot be met while channels are created during the burst"
        )
    if burst.prewarmed and warm_sent < len(burst.prewarmed) and not finished:
        print(
            "  known-channel DMs waited behind channel creations: a firing holds one of the scheduler's slots"
            " while discord.py waits for the DM-creation bucket"
        )
    print()
    if errors:
        print("failed rows by last error:")
        for text, count in errors.most_common(5):
            print(f"  {count} x {text}")
    if burst.handler_errors:
        print("first handler errors:")
        for e in burst.handler_errors[:5]:
            print(f"  {e}")
    problems = sb.problems()
    print(f"{len(problems)} sandbox problems")
    for p in problems[:5]:
        print(f"  {p[:200]}")
    for line in log.summary():
        print(line)
    print(
        "progress (s after due: delivered): "
        + ", ".join(f"{t:.0f}: {c}" for t, c in burst.progress[:: max(1, len(burst.progress) // 12)])
    )
