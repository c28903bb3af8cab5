"""Check-ins: results -> messages and cards (pure). Every control's custom_id starts ``connect:checkins:``."""

from __future__ import annotations

from datetime import datetime

import discord

from bot import texts
from bot.notifier import OutMessage
from bot.render.components import Card, custom_id, frozen_view
from bot.services.checkins.results import CheckinView, HelpView, LeadChoice, Opening, Summary
from bot.services.checkins.rules import scale
from bot.textclean import public_text
from bot.timefmt import clock_words, date_words, when_text

COLOUR = discord.Colour.teal()
Button = discord.ui.Button[discord.ui.View]


def day_id(day: str) -> str:
    return day.replace("-", "")


def day_from_id(text: str) -> str:
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def mood_words(choice: str) -> tuple[str, str]:
    return texts.CHECKIN_MOODS[choice]


def days_words(weekdays: str) -> str:
    return texts.CHECKIN_DAY_CHOICES.get(weekdays) or ", ".join(
        texts.CHECKIN_DAY_CHOICES.get(code, code) for code in weekdays.split(",")
    )


def zone_words(view: CheckinView) -> str:
    return texts.CHECKIN_ZONE_MEMBER if view.member_zone else texts.CHECKIN_ZONE_SERVER


def talk_button(guild_id: int, checkin_id: int) -> Button:
    return discord.ui.Button(
        label=texts.CHECKIN_TALK,
        emoji="🙋",
        style=discord.ButtonStyle.primary,
        custom_id=custom_id("checkins", "talk", guild_id, checkin_id),
    )


def answer_view(opening: Opening) -> discord.ui.View:
    view, day = opening.checkin, day_id(opening.day)
    items: list[discord.ui.Item[discord.ui.View]] = []
    if view.kind == "standup":
        items.append(
            discord.ui.Button(
                label=texts.CHECKIN_ANSWER_STANDUP,
                emoji="💬",
                style=discord.ButtonStyle.success,
                custom_id=custom_id("checkins", "su", view.id, day),
                row=0,
            )
        )
    for choice in scale(view.kind):
        emoji, word = mood_words(choice)
        items.append(
            discord.ui.Button(
                label=word, emoji=emoji, custom_id=custom_id("checkins", "a", view.id, day, choice), row=0
            )
        )
    talk = talk_button(view.guild_id, view.id)
    talk.row = 1
    items.append(talk)
    items.append(
        discord.ui.Button(label=texts.CHECKIN_SKIP, custom_id=custom_id("checkins", "skip", view.id, day), row=1)
    )
    return frozen_view(*items)


def opening_text(opening: Opening) -> str:
    view = opening.checkin
    if view.kind == "standup":
        questions = "\n".join(f"- {public_text(q)}" for q in view.questions)
        note = (
            f"{texts.CHECKIN_PRIVATE_NOTE}\n{texts.CHECKIN_SHARE_NOTE}"
            if view.share_answers
            else texts.CHECKIN_PRIVATE_NOTE
        )
        return f"{texts.CHECKIN_STANDUP_TITLE}\n{questions}\n{note}"
    return f"{texts.CHECKIN_QUESTION}\n{texts.CHECKIN_PRESS_ONE}\n{texts.CHECKIN_PRIVATE_NOTE}"


def opening_message(opening: Opening, late: bool) -> OutMessage:
    content = opening_text(opening)
    return OutMessage(content=f"{texts.SCHEDULED_LATE}\n{content}" if late else content, view=answer_view(opening))


def shared_message(user_id: int, answers: tuple[tuple[str, str], ...]) -> OutMessage:
    """A member's own choice to share their stand-up answers. The mention names them without a ping."""
    lines = [texts.CHECKIN_SHARED_POST.format(member=f"<@{user_id}>")]
    lines += [f"- {public_text(q)}: {public_text(a)}" for q, a in answers]
    return OutMessage(content="\n".join(lines)[:2000])


def reminder_message(opening: Opening) -> OutMessage:
    return OutMessage(content=f"{texts.CHECKIN_REMINDER_NOTE}\n{opening_text(opening)}", view=answer_view(opening))


def thanks_text(kind: str, choice: str | None, first_time: bool) -> str:
    if kind == "skip":
        return texts.CHECKIN_SKIPPED
    if kind == "standup" or choice is None:
        lines = [texts.CHECKIN_THANKS_STANDUP]
    else:
        emoji, word = mood_words(choice)
        lines = [texts.CHECKIN_THANKS.format(emoji=emoji, word=word), texts.CHECKIN_CHANGE]
    if first_time:
        lines.append(texts.CHECKIN_PRIVATE_NOTE)
    return "\n".join(lines)


# ---------------------------------------------------------------- talk to someone


def help_who_card(guild_id: int, checkin_id: int, leads: tuple[LeadChoice, ...]) -> Card:
    buttons: list[discord.ui.Item[discord.ui.View]] = [
        discord.ui.Button(
            label=lead.name[:80], custom_id=custom_id("checkins", "who", guild_id, checkin_id, lead.user_id)
        )
        for lead in leads
    ]
    buttons.append(
        discord.ui.Button(
            label=texts.CHECKIN_HELP_ANYONE,
            style=discord.ButtonStyle.primary,
            custom_id=custom_id("checkins", "who", guild_id, checkin_id, 0),
        )
    )
    return Card(content=texts.CHECKIN_HELP_WHO, view=frozen_view(*buttons))


def help_soon_card(guild_id: int, checkin_id: int, lead_id: int) -> Card:
    buttons: list[Button] = [
        discord.ui.Button(label=label, custom_id=custom_id("checkins", "soon", guild_id, checkin_id, lead_id, soon))
        for soon, label in (("today", texts.CHECKIN_HELP_TODAY), ("week", texts.CHECKIN_HELP_WEEK))
    ]
    return Card(content=texts.CHECKIN_HELP_SOON, view=frozen_view(*buttons))


def _member(request: HelpView) -> str:
    name = public_text(request.user_name) if request.user_name else ""
    return f"{name} (<@{request.user_id}>)" if name else f"<@{request.user_id}>"


def _alert_lines(request: HelpView, *, again: bool, owner: bool, now: datetime | None) -> list[str]:
    first = (texts.CHECKIN_ALERT_AGAIN if again else texts.CHECKIN_ALERT).format(member=_member(request))
    if request.wanted_name:
        who = texts.CHECKIN_ALERT_WHO["lead"].format(lead=public_text(request.wanted_name))
    else:
        who = texts.CHECKIN_ALERT_WHO["anyone"]
    asked = texts.CHECKIN_ALERT_ASKED.format(when=when_text(request.created_at, request.timezone, now, relative=True))
    lines = [first, who, texts.CHECKIN_ALERT_SOON[request.soon], asked, texts.CHECKIN_ALERT_PRIVATE]
    if owner:
        lines[0:0] = [texts.CHECKIN_ALERT_OWNER]
        lines.append(texts.CHECKIN_ALERT_OWNER_SETUP)
    return lines


def help_alert_message(request: HelpView, *, again: bool, owner: bool, now: datetime | None = None) -> OutMessage:
    lines = _alert_lines(request, again=again, owner=owner, now=now)
    claim: Button = discord.ui.Button(
        label=texts.CHECKIN_I_WILL_TALK,
        emoji="🙋",
        style=discord.ButtonStyle.success,
        custom_id=custom_id("checkins", "claim", request.id),
    )
    return OutMessage(content="\n".join(lines), view=frozen_view(claim))


def help_taken_message(
    request: HelpView, *, again: bool = False, owner: bool = False, now: datetime | None = None
) -> OutMessage:
    """A lead's copy of the alert once a lead took it: the same words (nothing is lost), who took it, no button."""
    lines = _alert_lines(request, again=again, owner=owner, now=now)
    lines.append(texts.CHECKIN_ALERT_TAKEN.format(lead=public_text(request.claimed_name or texts.CHECKIN_HELP_ANYONE)))
    return OutMessage(content="\n".join(lines))


def help_named_message(request: HelpView) -> OutMessage:
    lead = public_text(request.claimed_name or texts.CHECKIN_HELP_ANYONE)
    return OutMessage(
        content=f"{texts.CHECKIN_HELP_NAMED.format(lead=lead)}\n{texts.CHECKIN_HELP_NAMED_SOON[request.soon]}"
    )


def named_not_sent_message(request: HelpView) -> OutMessage:
    return OutMessage(content=texts.CHECKIN_NAMED_NOT_SENT.format(member=_member(request)))


def claimed_text(result_request: HelpView, won: bool) -> str:
    if won:
        return texts.CHECKIN_CLAIMED.format(member=_member(result_request))
    lead = public_text(result_request.claimed_name or "")
    return texts.CHECKIN_CLAIMED_ALREADY.format(lead=lead, member=_member(result_request))


def waiting_card(requests: tuple[HelpView, ...], now: datetime) -> Card:
    if not requests:
        return Card(content=texts.CHECKIN_WAITING_NONE)
    lines = [f"**{texts.CHECKIN_WAITING_TITLE}**"]
    buttons: list[discord.ui.Item[discord.ui.View]] = []
    for request in requests[:20]:
        when = when_text(request.created_at, request.timezone, now, relative=True)
        lines.append(texts.CHECKIN_WAITING_ITEM.format(member=_member(request), when=when))
        lines.append(texts.CHECKIN_ALERT_SOON[request.soon])
        if len(buttons) < 5:
            buttons.append(
                discord.ui.Button(
                    label=f"{texts.CHECKIN_I_WILL_TALK}: {request.user_name}"[:80],
                    emoji="🙋",
                    custom_id=custom_id("checkins", "claim", request.id),
                )
            )
    return Card(content="\n".join(lines), view=frozen_view(*buttons))


# ---------------------------------------------------------------- summary (leads only)


def summary_message(summary: Summary, late: bool) -> OutMessage:
    day = datetime.fromisoformat(summary.day)
    weekday = day.strftime("%A")
    title = texts.CHECKIN_SUMMARY_TITLE.format(day=f"{weekday} {date_words(day.day, day.month)}")
    lines = [f"**{title}**"]
    if late:
        lines.insert(0, texts.SCHEDULED_LATE)
    for mood in summary.moods:
        emoji, word = mood_words(mood.choice)
        lines.append(texts.CHECKIN_SUMMARY_COUNT.format(emoji=emoji, word=word, count=mood.count))
    lines.append(
        texts.CHECKIN_SUMMARY_ANSWERED.format(count=summary.answered)
        if summary.answered
        else texts.CHECKIN_SUMMARY_NONE
    )
    for standup in summary.standups:
        lines.append(texts.CHECKIN_SUMMARY_STANDUP.format(member=f"<@{standup.user_id}>"))
        lines += [f"- {public_text(q)}: {public_text(a)}" for q, a in standup.answers]
    for request in summary.help:
        status = (
            texts.CHECKIN_SUMMARY_HELP_CLAIMED.format(lead=public_text(request.claimed_name or ""))
            if request.state == "claimed"
            else texts.CHECKIN_SUMMARY_HELP_OPEN
        )
        lines.append(texts.CHECKIN_SUMMARY_HELP.format(member=_member(request), status=status))
    lines.append(texts.CHECKIN_SUMMARY_PRIVATE)
    return OutMessage(content="\n".join(lines)[:2000])


# ---------------------------------------------------------------- leads' cards


def created_text(view: CheckinView, now: datetime) -> str:
    lines = [
        texts.CHECKIN_CREATED.format(
            days=days_words(view.weekdays).lower(),
            time=clock_words(view.hour, view.minute),
            zone=zone_words(view).lower(),
        )
    ]
    if view.next_at is not None:
        lines.append(
            texts.CHECKIN_CREATED_FIRST.format(when=when_text(view.next_at, view.timezone, now, relative=True))
        )
    if view.channel_id is not None:
        lines.append(texts.CHECKIN_CREATED_CHANNEL.format(channel=f"<#{view.channel_id}>"))
    else:
        lines.append(texts.CHECKIN_CREATED_MEMBERS.format(count=len(view.members)))
    lines.append(summary_words(view))
    return "\n".join(lines)


def summary_words(view: CheckinView) -> str:
    hours = max(1, round(view.summary_after_minutes / 60))
    return texts.CHECKIN_CREATED_SUMMARY_1 if hours == 1 else texts.CHECKIN_CREATED_SUMMARY.format(hours=hours)


def who_words(view: CheckinView) -> str:
    if view.channel_id is not None:
        return texts.CHECKIN_WHO_CHANNEL.format(channel=f"<#{view.channel_id}>")
    if view.project_id is not None:
        return texts.CHECKIN_WHO_PROJECT.format(project=public_text(view.project_title) or texts.CHECKIN_A_PROJECT)
    if view.members:
        return texts.CHECKIN_WHO_MEMBERS.format(count=len(view.members))
    return texts.CHECKIN_NOT_CHOSEN


def list_line(view: CheckinView, now: datetime) -> str:
    line = texts.CHECKIN_LIST_ITEM.format(
        id=view.id,
        kind=texts.CHECKIN_KIND_WORDS[view.kind],
        days=days_words(view.weekdays).lower(),
        time=clock_words(view.hour, view.minute),
    )
    line += " " + texts.CHECKIN_LIST_WHO.format(who=who_words(view))
    if view.paused_until is not None and view.paused_until > now:
        line += " " + texts.CHECKIN_LIST_PAUSED.format(
            when=when_text(view.paused_until, view.timezone, now, relative=True)
        )
    return line


def list_text(views: tuple[CheckinView, ...], now: datetime) -> str:
    if not views:
        return texts.CHECKIN_LIST_NONE
    return "\n".join([f"**{texts.CHECKIN_LIST_TITLE}**", *(list_line(v, now) for v in views)])


def choice_label(view: CheckinView) -> str:
    return texts.CHECKIN_CHOICE_LABEL.format(
        id=view.id,
        kind=texts.CHECKIN_KIND_WORDS[view.kind],
        days=days_words(view.weekdays).lower(),
        time=clock_words(view.hour, view.minute),
    )[:100]


def stop_card(checkin_id: int) -> Card:
    yes: Button = discord.ui.Button(
        label=texts.CHECKIN_STOP_YES,
        emoji="❌",
        style=discord.ButtonStyle.danger,
        custom_id=custom_id("checkins", "stop", checkin_id, "yes"),
    )
    no: Button = discord.ui.Button(
        label=texts.CHECKIN_STOP_NO, custom_id=custom_id("checkins", "stop", checkin_id, "no")
    )
    return Card(content=texts.CHECKIN_STOP_ASK.format(id=checkin_id), view=frozen_view(yes, no))
