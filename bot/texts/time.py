"""How times and time zones are said (EASY_READ.md rule 6: a time once, in words, with how far away it is)."""

from __future__ import annotations

# "Tuesday 3 June at 2pm (in 2 days)": the second part is Discord's relative timestamp.
WHEN_ONCE = "{words} ({relative})"
# A time zone in words people know; the IANA name ("Europe/London") only in a lead's settings detail.
ZONE_PLACE = "{place} time"
ZONE_UK = "UK time"
ZONE_UTC = "UTC"
