"""The /mydata buttons. The member id in the custom_id is untrusted: the service checks who may act for whom."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot import texts
from bot.errors import checked_id
from bot.interactions import GuardedItem, actor_of, require_guild
from bot.render import mydata as render
from cogs.mydata.commands import mydata
from cogs.mydata.redraw import redraw_cards


class MyDataButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"connect:mydata:(?P<action>copy|delete|sure|keep|stop|start):(?P<member>\d{1,20})",
):
    def __init__(self, item: discord.ui.Button[Any], action: str, member_id: int) -> None:
        super().__init__(item)
        self.action = action
        self.member_id = member_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MyDataButton:
        assert isinstance(item, discord.ui.Button)
        return cls(item, match["action"], int(match["member"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild(interaction)
        actor = actor_of(interaction)
        service = mydata(interaction)
        member = checked_id(self.member_id)  # untrusted: a number a member id could be, else "This button is old"
        for_other = member != actor.user_id
        name = await self._name(interaction, member)
        if self.action == render.DELETE:
            await service.check_for(guild_id, actor, member)
            card = render.ask_delete_card(member, name, for_other)
            await interaction.response.edit_message(**card.edit_kwargs())
        elif self.action == render.KEEP:
            await interaction.response.edit_message(content=texts.MYDATA_KEPT, embed=None, view=None)
        elif self.action == render.SURE:
            # One transaction per feature (six or more): acknowledged first, so a busy database never
            # makes the press fail; the question is then replaced by "Done".
            await interaction.response.defer()
            cards = await service.erase(guild_id, actor, member)
            done = texts.MYDATA_DELETED_FOR.format(name=name) if for_other else texts.MYDATA_DELETED
            await interaction.edit_original_response(content=done, embed=None, view=None)
            await redraw_cards(interaction.client, cards)  # after the answer: the cards no longer show them
        elif self.action in (render.STOP, render.START):
            await interaction.response.defer()  # the card is read again from every feature's hooks
            here = interaction.guild is not None and interaction.guild.get_member(member) is not None
            on = self.action == render.STOP
            summary = await service.set_do_not_contact(guild_id, actor, member, on, member_here=here)
            await interaction.edit_original_response(**render.summary_card(summary, member, name).edit_kwargs())
        else:
            await self._copy(interaction, guild_id, member, for_other)

    async def _copy(self, interaction: discord.Interaction[Any], guild_id: int, member: int, for_other: bool) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        copy = await mydata(interaction).copy(guild_id, actor_of(interaction), member)
        if not for_other:
            try:
                await interaction.user.send(texts.MYDATA_COPY_DM, files=render.copy_files(copy))
            except discord.Forbidden:
                pass  # DMs closed: the copy comes here instead, seen only by them
            else:
                await interaction.followup.send(texts.MYDATA_COPY_SENT, ephemeral=True)
                return
        await interaction.followup.send(texts.MYDATA_COPY_HERE, files=render.copy_files(copy), ephemeral=True)

    @staticmethod
    async def _name(interaction: discord.Interaction[Any], member_id: int) -> str:
        if member_id == interaction.user.id:
            return interaction.user.display_name
        guild = interaction.guild
        found = guild.get_member(member_id) if guild is not None else None
        return found.display_name if found is not None else texts.MYDATA_A_MEMBER
