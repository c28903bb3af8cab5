"""Discord's message markup as safe HTML: mentions, timestamps, bold, links, headings.

Everything the bot wrote is escaped first; only the few patterns below become tags. Times are shown in
one time zone (the practice server's), and "in 2 hours" counts from the practice clock.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TOKEN = re.compile(
    r"<t:(?P<ts>-?\d+)(?::(?P<style>[tTdDfFR]))?>"
    r"|<@&(?P<role>\d+)>"
    r"|<@!?(?P<user>\d+)>"
    r"|<#(?P<channel>\d+)>"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<target>https?://[^\s)]+)\)"
    r"|(?P<url>https?://[^\s<>()]+)"
)


DISCORD_LINK = re.compile(r"^https://(?:ptb\.|canary\.)?discord(?:app)?\.com/channels/(?:\d+|@me)/(\d+)(?:/(\d+))?$")


def practice_link(url: str) -> tuple[str, str] | None:
    """A link to a message in Discord points into the practice world: (channel id, message id)."""
    found = DISCORD_LINK.match(url)
    if found is None:
        return None
    return found.group(1), found.group(2) or ""


@dataclass
class Names:
    """How to name what a mention points at; unknown ids show as Discord shows them."""

    user: Callable[[int], str | None]
    role: Callable[[int], str | None]
    channel: Callable[[int], str | None]


def hour(moment: dt.datetime) -> str:
    """6pm, 6:30pm: the way the bot's easy-read texts say times."""
    h = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{h}{suffix}" if moment.minute == 0 else f"{h}:{moment.minute:02d}{suffix}"


def relative(seconds: float) -> str:
    """Like Discord's <t:N:R>: "in 2 hours", "5 minutes ago"."""
    ahead = seconds >= 0
    left = abs(seconds)
    sizes = ((86400 * 30, "month"), (86400, "day"), (3600, "hour"), (60, "minute"))
    found = next(((size, name) for size, name in sizes if left >= size), None)
    if found is None:
        return "in a few seconds" if ahead else "a few seconds ago"
    count = round(left / found[0])
    words = f"{count} {found[1]}{'' if count == 1 else 's'}"
    return f"in {words}" if ahead else f"{words} ago"


def timestamp(ts: int, style: str, *, zone: ZoneInfo, now: float) -> str:
    moment = dt.datetime.fromtimestamp(ts, dt.UTC).astimezone(zone)
    day = f"{moment:%A} {moment.day} {moment:%B} {moment.year}"
    shown = {
        "t": hour(moment),
        "T": f"{hour(moment)} and {moment.second} seconds" if moment.second else hour(moment),
        "d": f"{moment.day:02d}/{moment.month:02d}/{moment.year}",
        "D": f"{moment.day} {moment:%B} {moment.year}",
        "f": f"{moment.day} {moment:%B} {moment.year}, {hour(moment)}",
        "F": f"{day}, {hour(moment)}",
        "R": relative(ts - now),
    }[style]
    iso = moment.isoformat()
    return f'<time datetime="{iso}" class="ts">{html.escape(shown)}</time>'


def _mention(kind: str, name: str | None, raw: str) -> str:
    if name is None:
        return html.escape(raw)
    return f'<span class="mention mention-{kind}">{html.escape(name)}</span>'


def inline(text: str, names: Names, *, zone: ZoneInfo, now: float) -> str:
    """One line of markup as HTML."""
    out: list[str] = []
    last = 0
    for match in TOKEN.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        last = match.end()
        g = match.groupdict()
        if g["ts"] is not None:
            try:
                out.append(timestamp(int(g["ts"]), g["style"] or "f", zone=zone, now=now))
            except (OverflowError, OSError, ValueError):
                out.append(html.escape(match.group(0)))
        elif g["role"] is not None:
            role = names.role(int(g["role"]))
            out.append(_mention("role", None if role is None else "@" + role, match.group(0)))
        elif g["user"] is not None:
            user = names.user(int(g["user"]))
            out.append(_mention("user", None if user is None else "@" + user, match.group(0)))
        elif g["channel"] is not None:
            channel = names.channel(int(g["channel"]))
            out.append(_mention("channel", None if channel is None else "#" + channel, match.group(0)))
        elif g["bold"] is not None:
            out.append(f"<strong>{inline(g['bold'], names, zone=zone, now=now)}</strong>")
        elif g["label"] is not None:
            out.append(_link(g["target"], html.escape(g["label"])))
        else:
            out.append(_link(g["url"], html.escape(g["url"])))
    out.append(html.escape(text[last:]))
    return "".join(out)


def _link(url: str, label_html: str) -> str:
    inside = practice_link(url)
    if inside is not None:
        channel_id, message_id = inside
        return (
            f'<a href="#m-{message_id}" data-goto-channel="{channel_id}" data-goto-message="{message_id}">'
            f"{label_html}</a>"
        )
    return (
        f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{label_html}'
        '<span class="visually-hidden"> (opens in a new tab)</span></a>'
    )


def block(text: str, names: Names, *, zone: ZoneInfo, now: float) -> str:
    """Several lines: headings (#, ##, ###), small print (-#), lists (- ), and line breaks."""
    lines: list[str] = []
    for line in text.split("\n"):
        heading = re.match(r"^(#{1,3}) (.*)$", line)
        if line.startswith("-# "):
            lines.append(f'<small class="subtext">{inline(line[3:], names, zone=zone, now=now)}</small>')
        elif heading:
            size = len(heading.group(1))
            body = inline(heading.group(2), names, zone=zone, now=now)
            lines.append(f'<strong class="md-h md-h{size}">{body}</strong>')
        else:
            lines.append(inline(line, names, zone=zone, now=now))
    return "<br>".join(lines)
