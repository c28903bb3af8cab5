"""The times the time picker offers, worked out in the member's zone. Pure: no Discord, no database.

Definitions (``now_utc`` is aware UTC; ``timezone`` is the member's IANA zone):

- **In 1 hour**: ``now_utc`` + 1 hour of real time, rounded *up* to a whole 5 minutes
  (10:02 -> 11:05; exactly 10:05:00 -> 11:05). Across a clock change the wall clock moves 0 or 2 hours;
  that is still one hour from now. The picker works this out when the button is pressed, not when
  the card was drawn, so it always means "an hour from the press".
- **This evening**: 6pm today on the member's wall clock. From 6pm on (6pm itself included) the button
  becomes **Tomorrow evening**: 6pm tomorrow. We never offer a time that has gone, and "this evening"
  after 6pm would be a guess between "now" and "tomorrow"; the label says which one it is.
- **Tomorrow morning**: 9am on the next calendar day in the member's zone. Just after midnight
  (00:30 on Tuesday) that is Wednesday 9am: "tomorrow" always means the next date, as the day list says.
- **Days**: 14 days in a row, starting today in the member's zone. When no time is left today
  (after 11:30pm) the list starts tomorrow, so it still has 14 days.
- **Time slots**: every half hour of the member's wall clock (12am, 12:30am ... 11:30pm) of that day.
  Only slots after ``now_utc`` are offered.
  Clock changes: a wall time that does not exist (the hour the clocks go forward) is not offered.
  A wall time that happens twice (the hour the clocks go back) is offered twice, once for each real
  moment, in the order they happen (``Slot.repeat`` 1 then 2), so every moment stays reachable.
- **Groups** (a Discord menu holds 25 choices at most; a day has 46 to 50 half hours):
  "usual" 9am-9pm (25 slots, both ends included), then "early" (before 9am: 18, or 20 on the night the
  clocks go back) and "late" (after 9pm: 5). Each group is in time order. A group longer than 25 is cut into
  menus of 25 (only for zones with a very large clock change, like Antarctica/Troll), so every slot is reachable.
- A fixed wall time that falls in the hour the clocks go forward (only possible for 6pm/9am in a zone
  that changes its clocks at that hour) means the same moment as the wall clock just after the jump.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.timefmt import get_zone

SLOT_MINUTES = 30
ROUND_SECONDS = 5 * 60
EVENING = time(18, 0)
MORNING = time(9, 0)
USUAL_START = time(9, 0)
USUAL_END = time(21, 0)
DAYS_OFFERED = 14
MAX_OPTIONS = 25  # Discord's limit for one select menu

USUAL = "usual"
EARLY = "early"
LATE = "late"
GROUP_ORDER = (USUAL, EARLY, LATE)


@dataclass(frozen=True)
class Slot:
    """One offered time: a real moment and how the member's clock shows it."""

    when_utc: datetime
    local: datetime  # aware, in the member's zone (``fold`` set for the second of a repeated time)
    repeat: int = 0  # 0: the clock shows this time once; 1 or 2: first or second of a repeated time

    @property
    def group(self) -> str:
        wall = self.local.time().replace(fold=0)
        if wall < USUAL_START:
            return EARLY
        if wall > USUAL_END:
            return LATE
        return USUAL


@dataclass(frozen=True)
class SlotGroup:
    kind: str  # USUAL, EARLY or LATE
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class QuickChoices:
    """The three time buttons of the first step."""

    in_one_hour: datetime
    evening: datetime
    evening_is_tomorrow: bool  # the button says "Tomorrow evening" instead of "This evening"
    tomorrow_morning: datetime


def _require_aware(now_utc: datetime) -> None:
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be an aware datetime")


def _exists(naive: datetime, zone: ZoneInfo, fold: int) -> datetime | None:
    """The aware wall time, or None when the clock never shows it (the hour the clocks go forward)."""
    aware = naive.replace(tzinfo=zone, fold=fold)
    back = aware.astimezone(UTC).astimezone(zone)
    return aware if back.replace(tzinfo=None, fold=0) == naive else None


def wall_time_utc(day: date, at: time, timezone: str) -> datetime:
    """``at`` o'clock on ``day`` in ``timezone`` as UTC: the first one when the clock shows it twice,
    the same moment as just after the jump when the clock skips it."""
    zone = get_zone(timezone)
    return datetime.combine(day, at.replace(fold=0), tzinfo=zone).astimezone(UTC)


def local_today(now_utc: datetime, timezone: str) -> date:
    _require_aware(now_utc)
    return now_utc.astimezone(get_zone(timezone)).date()


def in_one_hour(now_utc: datetime) -> datetime:
    """Now + 1 hour, rounded up to a whole 5 minutes (UTC; every zone in use today is a whole 5 minutes
    from UTC, so the member's clock shows a whole 5 minutes too)."""
    _require_aware(now_utc)
    target = now_utc.astimezone(UTC) + timedelta(hours=1)
    seconds = target.timestamp()
    rounded = math.ceil(seconds / ROUND_SECONDS) * ROUND_SECONDS
    return datetime.fromtimestamp(rounded, UTC)


def evening(now_utc: datetime, timezone: str) -> tuple[datetime, bool]:
    """(6pm today, False) before 6pm; (6pm tomorrow, True) from 6pm on."""
    today = local_today(now_utc, timezone)
    when = wall_time_utc(today, EVENING, timezone)
    if when > now_utc:
        return when, False
    return wall_time_utc(today + timedelta(days=1), EVENING, timezone), True


def tomorrow_morning(now_utc: datetime, timezone: str) -> datetime:
    return wall_time_utc(local_today(now_utc, timezone) + timedelta(days=1), MORNING, timezone)


def quick_choices(now_utc: datetime, timezone: str) -> QuickChoices:
    when, is_tomorrow = evening(now_utc, timezone)
    return QuickChoices(
        in_one_hour=in_one_hour(now_utc),
        evening=when,
        evening_is_tomorrow=is_tomorrow,
        tomorrow_morning=tomorrow_morning(now_utc, timezone),
    )


def day_slots(day: date, timezone: str, now_utc: datetime | None = None) -> list[Slot]:
    """Every half hour the member's clock shows on ``day``, in the order they happen; only those after
    ``now_utc`` when it is given."""
    zone = get_zone(timezone)
    if now_utc is not None:
        _require_aware(now_utc)
    found: dict[datetime, Slot] = {}
    for minutes in range(0, 24 * 60, SLOT_MINUTES):
        naive = datetime.combine(day, time(minutes // 60, minutes % 60))
        first = _exists(naive, zone, 0)
        second = _exists(naive, zone, 1)
        if first is None or second is None:
            continue  # skipped by the clock change
        first_utc, second_utc = first.astimezone(UTC), second.astimezone(UTC)
        if first_utc == second_utc:
            found[first_utc] = Slot(first_utc, first)
        else:
            # Shown twice: the earlier moment is the first time the clock shows it.
            (a_utc, a), (b_utc, b) = sorted([(first_utc, first), (second_utc, second)])
            found[a_utc] = Slot(a_utc, a, repeat=1)
            found[b_utc] = Slot(b_utc, b, repeat=2)
    slots = [found[key] for key in sorted(found)]
    if now_utc is not None:
        slots = [slot for slot in slots if slot.when_utc > now_utc]
    return slots


def offered_days(now_utc: datetime, timezone: str) -> list[date]:
    """The 14 days of the day menu: from today, or from tomorrow when no time is left today."""
    today = local_today(now_utc, timezone)
    start = today if day_slots(today, timezone, now_utc) else today + timedelta(days=1)
    return [start + timedelta(days=i) for i in range(DAYS_OFFERED)]


def slot_groups(slots: list[Slot]) -> list[SlotGroup]:
    """Usual times first, then early, then late; each group in time order and at most 25 slots
    (a longer group is cut into several). Empty groups are left out."""
    groups: list[SlotGroup] = []
    for kind in GROUP_ORDER:
        mine = [slot for slot in slots if slot.group == kind]
        for start in range(0, len(mine), MAX_OPTIONS):
            groups.append(SlotGroup(kind, tuple(mine[start : start + MAX_OPTIONS])))
    return groups
