"""Calendar files (.ics, RFC 5545) for "Add to my calendar". Pure: CalendarInfo in, bytes out.

Times are written in the project's own zone (``DTSTART;TZID=Europe/London:...``) with a VTIMEZONE, so a
repeating project keeps its local time across clock changes in every calendar app. A repeating project
carries its RRULE; cancelled sessions are EXDATEs and sessions moved on their own are overrides
(RECURRENCE-ID), as calendar apps expect.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from bot import texts
from bot.services.projects.views import CalendarInfo
from bot.timefmt import get_zone

PRODID = "-//Connect//Projects//EN"
UID_DOMAIN = "connect.projects"
MAX_FILENAME = 60


def ics_filename(title: str) -> str:
    """A safe file name from the title: "film-club.ics" (ASCII letters, digits and dashes only)."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_FILENAME].strip("-")
    return f"{slug or 'project'}.ics"


def _description(info: CalendarInfo) -> str:
    parts = [info.about] if info.about else []
    if info.bring:
        parts.append(texts.PROJECT_ICS_BRING.format(bring=info.bring))
    if info.link:
        parts.append(texts.PROJECT_ICS_ONLINE.format(link=info.link))
    return "\n\n".join(parts)


def _event(info: CalendarInfo, start: datetime, end: datetime | None, stamp: datetime) -> Event:
    zone = get_zone(info.timezone)
    event = Event()
    event.add("uid", f"project-{info.project_id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", info.title)
    event.add("dtstart", start.astimezone(zone))
    if end is not None:
        event.add("dtend", end.astimezone(zone))
    if info.where:
        event.add("location", info.where)
    if info.link:
        event.add("url", info.link)
    description = _description(info)
    if description:
        event.add("description", description)
    return event


def project_ics(info: CalendarInfo, now: datetime) -> bytes:
    """The whole project as one calendar file: one event, or one repeating event with its exceptions."""
    zone = get_zone(info.timezone)
    stamp = (info.updated_at or now).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    main = _event(info, info.starts_at, info.ends_at, stamp)
    if info.rule:
        main.add("rrule", vRecur.from_ical(info.rule))
        for slot in info.cancelled_slots:
            main.add("exdate", slot.astimezone(zone))
    cal.add_component(main)
    if info.rule:
        for moved in info.moved:
            override = _event(info, moved.starts_at, moved.ends_at, stamp)
            override.add("recurrence-id", moved.slot.astimezone(zone))
            cal.add_component(override)
    # The zone's rules from a year before the first session to ten years on: enough for any calendar app.
    first = info.starts_at.astimezone(zone).date()
    cal.add_missing_timezones(first_date=first - timedelta(days=366), last_date=first + timedelta(days=3653))
    return cal.to_ical()
