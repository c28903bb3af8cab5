"""Members drive a real discord.py bot through the sandbox: commands, buttons, selects, modals."""

from __future__ import annotations

import discord
import pytest

from sandbox import CommandNotAvailable, InteractionFailed, NotVisible, Sandbox
from tests.sandbox.bare import BareBot, MakeSandbox, eventually
from tests.sandbox.conftest import RunBot


async def test_slash_command_is_answered(sandbox: Sandbox, bare_bot: BareBot) -> None:
    seen = await sandbox.member("Sam").slash("hello", name="Sam")
    assert seen.content == "Hello Sam."
    assert not seen.ephemeral
    assert seen.response_type == 4
    message = seen.message
    assert message is not None and message in sandbox.channel("general").messages
    assert message.interaction_metadata is not None and message.interaction_metadata["name"] == "hello"


async def test_button_click_on_a_persistent_view(sandbox: Sandbox, bare_bot: BareBot) -> None:
    # A card posted before a restart: the bot never saw this message, only its view's custom ids.
    general = sandbox.channel("general")
    card = sandbox.create_message(
        general,
        sandbox.world.bot,
        {
            "content": "Film club (2 places left)",
            "components": [
                {
                    "type": 1,
                    "components": [
                        {"type": 2, "style": 3, "label": "✅ I'm coming", "custom_id": "bare:join"},
                        {"type": 2, "style": 2, "label": "❌ Not this time", "custom_id": "bare:leave"},
                    ],
                }
            ],
        },
    )
    sam = sandbox.member("Sam")
    seen = await sam.click(card, "i'm coming")  # by label, emoji and case ignored
    assert seen.content == "Done. You are on the list."
    assert seen.ephemeral
    seen = await sam.click(card, "bare:leave")  # by custom_id; the bot edits the card in place
    assert seen.response_type == 7
    assert seen.message is card and card.content == "Film club (1 place left)"
    assert card.history[0]["content"] == "Film club (2 places left)"


async def test_card_posted_by_a_command_then_clicked(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam, priya = sandbox.member("Sam"), sandbox.member("Priya")
    card = await sam.slash("card")
    assert [b.label for b in card.buttons] == ["✅ I'm coming", "❌ Not this time"]
    assert card.buttons[0].custom_id == "bare:join" and card.buttons[0].style == 3
    seen = await priya.click(card, "I'm coming")
    assert seen.content == "Done. You are on the list." and seen.ephemeral


async def test_modal_round_trip(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam = sandbox.member("Sam")
    seen = await sam.slash("project new", title="Film club", places=2)
    assert seen.modal is not None
    assert seen.modal.title == "New project"
    assert [f.label for f in seen.modal.fields] == ["Title", "Notes"]
    assert seen.modal.field("Title").value == "Film club"  # the default the bot filled in
    done = await sam.submit_modal({"Notes": "Bring snacks."})
    assert done.content == "Made Film club. Notes: Bring snacks."
    assert done.ephemeral
    with pytest.raises(LookupError):
        await sam.submit_modal({"Title": "again"})  # the modal was used up


async def test_modal_required_field_cannot_be_left_empty(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam = sandbox.member("Sam")
    await sam.slash("project new", title="Film club")
    with pytest.raises(ValueError, match="required"):
        await sam.submit_modal({"Title": ""})


async def test_select_and_deferred_update(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam = sandbox.member("Sam")
    seen = await sam.slash("project pick")
    assert seen.selects[0].placeholder == "Pick a day"
    picked = await sam.select(seen, ["Tuesday"])
    assert picked.response_type == 7 and picked.content == "Day: tue"
    later = await sam.click(picked, "Later")
    assert later.response_type == 6
    assert later.message is seen.message and later.content == "Edited after a deferred update"


async def test_deferred_reply_with_a_file_and_a_ping(sandbox: Sandbox, bare_bot: BareBot) -> None:
    seen = await sandbox.member("Alex").slash("invite", who="Priya")
    assert seen.response_type == 5
    assert not seen.thinking  # the follow-up filled in the "thinking" message
    assert seen.content == f"<@{sandbox.user('Priya').id}>, here is the invite."
    ics = seen.message.attachment("film-club.ics") if seen.message else None
    assert ics is not None and ics.data.startswith(b"BEGIN:VCALENDAR")
    assert ics.content_type is not None and ics.content_type.startswith("text/calendar")
    assert seen.message is not None and seen.message.pinged_user_ids == {sandbox.user("Priya").id}


async def test_autocomplete(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam = sandbox.member("Sam")
    choices = await sam.autocomplete("project remind", "when", "tomo")
    assert [c.name for c in choices] == ["tomorrow morning", "tomorrow evening"]
    seen = await sam.slash("project remind", when=choices[0].value)
    assert seen.content == "I will remind you tomorrow morning."


async def test_ephemeral_reply_is_seen_only_by_its_member(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam, alex = sandbox.member("Sam"), sandbox.member("Alex")
    card = await sam.slash("card")
    seen = await sam.click(card, "I'm coming")
    assert seen.ephemeral and seen.message is not None
    assert seen.message in sam.sees("general")
    assert seen.message not in alex.sees("general")
    assert seen.message not in sandbox.channel("general").messages
    assert card.message in alex.sees("general")
    with pytest.raises(NotVisible):
        await alex.click(seen.message, "anything")


async def test_permissions_reach_the_bot(sandbox: Sandbox, bare_bot: BareBot) -> None:
    lead = await sandbox.member("Alex").slash("whoami")
    assert lead.content == "manage_guild=False administrator=False"
    owner = await sandbox.member("Morgan").slash("whoami")
    assert owner.content == "manage_guild=True administrator=True"


async def test_unanswered_and_late_interactions_fail(make_sandbox: MakeSandbox, run_bot: RunBot) -> None:
    sb = await make_sandbox(interaction_deadline=0.3)
    bot = await run_bot(sb)
    sam = sb.member("Sam")
    with pytest.raises(InteractionFailed, match="/ignore"):
        await sam.slash("ignore")
    assert [f.what for f in sb.failed_interactions] == ["/ignore"]
    assert "This interaction failed" in sb.problems()[0]

    with pytest.raises(InteractionFailed):
        await sam.slash("late", wait=0.6)
    await eventually(lambda: bot.errors)
    assert bot.errors and bot.errors[0].status == 404 and bot.errors[0].code == 10062
    assert len(sb.failed_interactions) == 2
    sb.clear_problems()


async def test_answering_twice_is_a_violation(sandbox: Sandbox, bare_bot: BareBot) -> None:
    seen = await sandbox.member("Sam").slash("twice")
    assert seen.content == "Once."
    await eventually(lambda: bare_bot.errors)
    assert bare_bot.errors[0].status == 400 and bare_bot.errors[0].code == 40060
    assert [v.code for v in sandbox.violations] == [40060]
    sandbox.clear_problems()


async def test_follow_ups_only_within_15_minutes(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam = sandbox.member("Sam")
    sam.timeout = 0.2  # the bot keeps this one "thinking" on purpose
    seen = await sam.slash("keep")
    assert seen.response_type == 5 and seen.thinking
    interaction = bare_bot.kept_interactions[-1]
    await interaction.followup.send("Here it is.", ephemeral=True)
    assert seen.message is not None and seen.message.content == "Here it is." and not seen.thinking
    sandbox.time_offset += 16 * 60
    with pytest.raises(discord.HTTPException) as info:
        await interaction.followup.send("Too late.", ephemeral=True)
    assert info.value.status == 401 and info.value.code == 50027
    assert [v.code for v in sandbox.violations] == [50027]
    sandbox.clear_problems()


async def test_user_role_and_channel_options_and_selects(sandbox: Sandbox, bare_bot: BareBot) -> None:
    alex = sandbox.member("Alex")
    seen = await alex.slash("assign", who="Priya", role="Co-production lead", where="projects")
    assert seen.content == "Priya / Co-production lead / #projects"
    helpers = await alex.select(seen, ["Sam", "Jordan"], placeholder="Who helps?")
    assert helpers.content == "Helpers: Jordan, Sam"
    role = await alex.select(seen, ["Co-production lead"], custom_id="bare:roles")
    assert role.content == "Role: Co-production lead"
    with pytest.raises(ValueError, match=r"takes 1\.\.2 values"):
        await alex.select(seen, ["Sam", "Jordan", "Priya"], placeholder="Who helps?")


async def test_hidden_commands_and_dms(sandbox: Sandbox, bare_bot: BareBot) -> None:
    # /setup needs Manage Server: the lead (Alex) does not see it, the owner does.
    with pytest.raises(CommandNotAvailable):
        await sandbox.member("Alex").slash("setup")
    assert (await sandbox.member("Morgan").slash("setup")).content == "Setup."
    # In a DM with the bot: global commands work, guild-only ones are not offered.
    sam_dm = sandbox.dm_user("Sam")
    seen = await sam_dm.slash("hello", name="Sam")
    assert seen.content == "Hello Sam."
    assert seen.message is not None and seen.message in sandbox.dms_of("Sam")
    with pytest.raises(CommandNotAvailable):
        await sam_dm.slash("setup")
    with pytest.raises(TypeError, match="required"):
        await sandbox.member("Sam").slash("hello")
