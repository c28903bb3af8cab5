"""The check-ins' persistent buttons and selects, the stand-up box, and the time picks (pause, away).

Every id is untrusted: the service checks the server, the person, and that the day is still open.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.errors import StaleControl, checked_id
from bot.interactions import GuardedItem, actor_of, any_scope_of, modal_listener
from bot.presses import Together, press
from bot.render import checkins as render
from bot.render.checkins_making import share_card
from bot.render.checkins_settings import settings_card
from bot.render.components import custom_id
from bot.scope import Scope
from bot.timefmt import when_text
from cogs._common import services
from cogs.checkins import making
from cogs.checkins.common import actor_of_member, checkins, personal, scope_of

# The answers' and the lead's actions (a ``_on_<action>`` method each), then the making steps.
ACTIONS = ("a", "skip", "sh", "shn", "su", "talk", "who", "soon", "claim", "stop", "settings", "set")
_ACTION = "|".join(sorted({*ACTIONS, *making.HANDLERS}, key=lambda word: (-len(word), word)))
# Any other action is answered by the catch-all (cogs/_unknown.py) as an old button.
TEMPLATE = rf"connect:checkins:(?P<action>{_ACTION})(?P<rest>(?::[0-9a-z]{{1,20}}){{0,4}})"
MODAL_TEMPLATE = r"connect:checkins:sumodal:(?P<id>\d{1,19}):(?P<day>\d{8})"
ANSWER_FIELDS = ("q0", "q1", "q2")


async def _reply(interaction: discord.Interaction[Any], content: str) -> None:
    await interaction.response.send_message(content, ephemeral=True)


class CheckinItem(GuardedItem, discord.ui.DynamicItem[discord.ui.Item[Any]], template=TEMPLATE):
    def __init__(self, item: discord.ui.Item[Any], action: str, rest: tuple[str, ...]) -> None:
        super().__init__(item)
        self.action = action
        self.rest = rest

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CheckinItem:
        return cls(item, match["action"], tuple(p for p in match["rest"].split(":") if p))

    def _int(self, index: int) -> int:
        try:
            return int(self.rest[index])
        except (IndexError, ValueError):
            return 0

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        making_step = making.HANDLERS.get(self.action)
        if making_step is not None:
            await making_step(interaction, self.item, self.rest)
            return
        handler = getattr(self, f"_on_{self.action}", None)
        if handler is None:
            raise StaleControl()
        await handler(interaction)

    # ---- members answering (one write each, answered at once and privately)

    # In the check-in's lane (bot/presses.py): a crowd's taps are acknowledged at once, then answered in
    # turn, the waiting ones in one transaction.

    async def _on_a(self, interaction: discord.Interaction[Any]) -> None:
        day = render.day_from_id(self.rest[1]) if len(self.rest) > 2 else ""
        checkin_id, who, choice = self._int(0), personal(interaction), self.rest[2] if len(self.rest) > 2 else ""

        async def work() -> str:
            result = await checkins(interaction).answer(who, checkin_id, day, choice)
            return render.thanks_text(result.kind, result.choice, result.first_time)

        await press(interaction, ("checkin", checkin_id), work, together=Together.batch(checkins(interaction).db))

    async def _on_skip(self, interaction: discord.Interaction[Any]) -> None:
        day = render.day_from_id(self.rest[1]) if len(self.rest) > 1 else ""
        checkin_id, who = self._int(0), personal(interaction)

        async def work() -> str:
            result = await checkins(interaction).skip(who, checkin_id, day)
            return render.thanks_text(result.kind, None, False)

        await press(interaction, ("checkin", checkin_id), work, together=Together.batch(checkins(interaction).db))

    async def _on_sh(self, interaction: discord.Interaction[Any]) -> None:
        """The member chose to share today's stand-up answers in the channel."""
        day = self.rest[1] if len(self.rest) > 1 else ""
        channel_id = await checkins(interaction).share_standup(
            personal(interaction), self._int(0), render.day_from_id(day)
        )
        done = texts.CHECKIN_SHARE_DONE.format(channel=f"<#{channel_id}>")
        await interaction.response.edit_message(content=done, view=None)

    async def _on_shn(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.edit_message(content=texts.CHECKIN_SHARE_KEPT, view=None)

    async def _on_su(self, interaction: discord.Interaction[Any]) -> None:
        day = self.rest[1] if len(self.rest) > 1 else ""
        questions = await checkins(interaction).standup_questions(
            personal(interaction), self._int(0), render.day_from_id(day)
        )
        modal = discord.ui.Modal(
            title=texts.CHECKIN_STANDUP_MODAL, custom_id=custom_id("checkins", "sumodal", self._int(0), day)
        )
        for field, question in zip(ANSWER_FIELDS, questions, strict=False):
            modal.add_item(
                discord.ui.TextInput(
                    label=question[:45],
                    custom_id=field,
                    required=False,
                    max_length=500,
                    style=discord.TextStyle.paragraph,
                )
            )
        await interaction.response.send_modal(modal)

    # ---- talk to someone

    async def _on_talk(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = interaction.guild_id or self._int(0)
        leads = await checkins(interaction).help_choices(guild_id, interaction.user.id)
        card = render.help_who_card(guild_id, self._int(1), leads)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)

    async def _on_who(self, interaction: discord.Interaction[Any]) -> None:
        card = render.help_soon_card(interaction.guild_id or self._int(0), self._int(1), self._int(2))
        await interaction.response.edit_message(**card.edit_kwargs())

    async def _on_soon(self, interaction: discord.Interaction[Any]) -> None:
        await checkins(interaction).request_help(
            personal(interaction, self._int(0)),
            user_name=interaction.user.display_name,
            wanted_id=self._int(2) or None,
            soon=self.rest[3] if len(self.rest) > 3 else "",
            checkin_id=self._int(1) or None,
            from_dm=interaction.guild_id is None,
        )
        await interaction.response.edit_message(content=texts.CHECKIN_HELP_DONE, view=None)

    async def _on_claim(self, interaction: discord.Interaction[Any]) -> None:
        result = await checkins(interaction).claim_help(personal(interaction), self._int(0), actor_of(interaction))
        await _reply(interaction, render.claimed_text(result.request, result.won))

    # ---- leads

    async def _on_stop(self, interaction: discord.Interaction[Any]) -> None:
        if len(self.rest) > 1 and self.rest[1] == "yes":
            view = await checkins(interaction).stop(scope_of(interaction), self._int(0))
            content = texts.CHECKIN_STOPPED_DONE.format(id=view.id)
        else:
            content = texts.CHECKIN_KEPT
        await interaction.response.edit_message(content=content, view=None)

    async def _on_settings(self, interaction: discord.Interaction[Any]) -> None:
        view = await checkins(interaction).settings(scope_of(interaction))
        await interaction.response.send_message(**settings_card(view).send_kwargs(), ephemeral=True)

    async def _on_set(self, interaction: discord.Interaction[Any]) -> None:
        service = checkins(interaction)
        scope = scope_of(interaction)
        field = self.rest[0] if self.rest else ""
        item: Any = self.item
        saved = texts.CHECKIN_SETTINGS_SAVED
        if field in ("chan", "leadschan"):
            value = item.values[0].id if item.values else None
            view = await service.change_settings(
                scope, "checkins_channel" if field == "chan" else "leads_channel", value
            )
        elif field == "leads":
            view, refused = await service.set_alert_leads(scope, [actor_of_member(m) for m in item.values])
            if refused:
                saved += "\n" + texts.CHECKIN_NOT_LEADS.format(names=", ".join(refused))
        elif field == "retention":  # the menu of its choices; the value is untrusted (one of the choices, else old)
            days = str(item.values[0]) if getattr(item, "values", None) else ""
            if not days.isdigit() or len(days) > 5:
                raise StaleControl()
            try:
                await services(interaction).guild_settings.set_keep(scope, "checkins", int(days))
            except ValueError:
                raise StaleControl() from None
            view = await service.settings(scope)
        elif field == "realert":  # the menu of its choices; the value is untrusted
            hours = str(item.values[0]) if getattr(item, "values", None) else ""
            if not hours.isdigit() or len(hours) > 3:
                raise StaleControl()
            view = await service.change_settings(scope, "realert", int(hours))
        else:
            raise StaleControl()
        await interaction.response.edit_message(**settings_card(view, saved=saved).edit_kwargs())


class _StandupSubmit(GuardedItem):
    def __init__(self, checkin_id: int, day: str, values: dict[str, str]) -> None:
        self.checkin_id, self.day, self.values = checkin_id, day, values

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        answers: list[str | None] = [self.values.get(field) for field in ANSWER_FIELDS]
        result = await checkins(interaction).answer_standup(
            personal(interaction), self.checkin_id, render.day_from_id(self.day), answers
        )
        thanks = render.thanks_text(result.kind, None, result.first_time)
        if result.can_share:
            card = share_card(self.checkin_id, self.day, thanks)
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
            return
        await _reply(interaction, thanks)


async def _on_standup(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    # The id is untrusted: checked inside the error pipeline, so a made-up one is answered "This button is old".
    await _StandupSubmit(checked_id(match["id"]), match["day"], values).handle(interaction)


# The stand-up box is answered from its custom_id, so one opened before a restart still works.
on_checkin_modal = modal_listener(MODAL_TEMPLATE, _on_standup)


# ---- time picks


async def on_pause_picked(interaction: discord.Interaction[Any], ref: int, when_utc: datetime) -> None:
    service = checkins(interaction)
    view = await service.pause(Scope(interaction.guild_id or 0, actor_of(interaction)), ref, when_utc)
    when = when_text(when_utc, view.timezone, service.clock.now(), relative=True)
    await interaction.response.edit_message(content=texts.CHECKIN_PAUSED.format(when=when), view=None)


async def on_pause_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    await interaction.response.edit_message(content=texts.CHECKIN_PAUSE_CANCELLED, view=None)


async def on_away_picked(interaction: discord.Interaction[Any], ref: int, when_utc: datetime) -> None:
    app = services(interaction)
    await app.quiet_hours.set_away(any_scope_of(interaction), when_utc)
    zone = await app.guild_settings.timezone_for(interaction.guild_id, interaction.user.id)
    when = when_text(when_utc, zone, app.clock.now(), relative=True)
    await interaction.response.edit_message(content=texts.CHECKIN_AWAY_SAVED.format(when=when), view=None)


async def on_away_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    await interaction.response.edit_message(content=texts.CHECKIN_AWAY_KEPT, view=None)
