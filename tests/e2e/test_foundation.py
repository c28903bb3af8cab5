"""Login, command sync, /setup as a lead and as a member, /me timezone, and persistence across restarts."""

from __future__ import annotations

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect


def lead_role_id(sb: Sandbox) -> int:
    return next(r.id for r in sb.guild().roles.values() if r.name == "Co-production lead")


async def test_login_and_commands_synced(connect: Connect, sandbox: Sandbox) -> None:
    names = {c.name for c in sandbox.commands}
    assert {"setup", "me"} <= names
    assert connect.bot is not None and connect.bot.is_ready()
    assert [g.name for g in connect.bot.guilds] == ["Riverside Community"]


async def test_member_cannot_open_setup(connect: Connect, sandbox: Sandbox) -> None:
    seen = await sandbox.member("Sam").slash("setup")
    assert seen.ephemeral
    assert seen.content == texts.ONLY_LEADS_OR_MANAGERS
    assert not seen.selects
    # Never a dead end: what every member may do instead, and it works.
    assert [b.label for b in seen.buttons] == [texts.PROJECT_BUTTON_SEE_PROJECTS, texts.REMIND_BUTTON]
    listed = await sandbox.member("Sam").click(seen, texts.PROJECT_BUTTON_SEE_PROJECTS)
    assert listed.ephemeral and texts.PROJECT_LIST_TITLE in listed.text
    box = await sandbox.member("Sam").click(await sandbox.member("Sam").slash("setup"), texts.REMIND_BUTTON)
    assert box.modal is not None


async def test_owner_sets_lead_role_then_lead_changes_settings(connect: Connect, sandbox: Sandbox) -> None:
    owner = sandbox.member("Morgan")
    alex = sandbox.member("Alex")
    # Before a lead role is set, only people who manage the server may use /setup.
    refused = await alex.slash("setup")
    assert refused.content == texts.ONLY_LEADS_OR_MANAGERS

    card = await owner.slash("setup")
    assert card.ephemeral
    assert card.embeds[0]["title"] == texts.SETUP_TITLE
    seen = await owner.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)
    assert texts.SETUP_SAVED.format(what=texts.SETUP_LEAD_ROLE, value="Co-production lead") in seen.content
    assert f"<@&{lead_role_id(sandbox)}>" in str(seen.embeds[0])

    # Now Alex (lead role) can change things with menus and buttons.
    card = await alex.slash("setup")
    assert texts.SETUP_PICK_TIMEZONE not in [s.placeholder for s in card.selects]  # grouped behind a button
    seen = await alex.click(card, texts.SETUP_ZONE_AND_PROJECTS)
    seen = await alex.select(seen, ["Europe/Dublin"], placeholder=texts.SETUP_PICK_TIMEZONE)
    assert seen.content == texts.SETUP_SAVED.format(what=texts.SETUP_TIMEZONE, value="Dublin time (Europe/Dublin)")
    # Only settings of features that exist are shown (thank-yous and check-ins bring theirs).
    assert texts.SETUP_LEADERBOARD not in str(seen.embeds[0]) and texts.SETUP_CHECKINS not in str(seen.embeds[0])
    # Settings with several values are menus showing every choice (never a cycle on each press).
    menu = next(s for s in seen.selects if s.placeholder == texts.SETUP_PICK_PROJECT_REMINDERS)
    assert menu.labels == list(texts.SETUP_PROJECT_REMINDER_WORDS.values())
    seen = await alex.select(seen, [texts.SETUP_LEADS_ONLY], placeholder=texts.SETUP_PICK_STARTERS)
    assert seen.content == texts.SETUP_SAVED.format(what=texts.SETUP_PROJECT_STARTERS, value=texts.SETUP_LEADS_ONLY)
    seen = await alex.select(seen, ["1 hour before"], placeholder=texts.SETUP_PICK_PROJECT_REMINDERS)
    assert texts.SETUP_SAVED.format(what=texts.SETUP_PROJECT_REMINDERS, value="1 hour before") in seen.content
    seen = await alex.select(seen, ["1 hour before"], placeholder=texts.SETUP_PICK_PROJECT_REMINDERS)
    assert "1 hour before" in seen.content  # picking again keeps it: no cycling
    main = await alex.click(seen, texts.SETUP_BACK)
    assert texts.SETUP_TOGGLE_LEADERBOARD not in [b.label for b in main.buttons]
    assert texts.SETUP_PICK_LEAD_ROLE in [s.placeholder for s in main.selects]

    # A typed time zone goes through a modal and is checked.
    seen = await alex.click(main, texts.SETUP_ZONE_AND_PROJECTS)
    modal = await alex.click(seen, texts.SETUP_TYPE_TIMEZONE)
    assert modal.modal is not None
    bad = await alex.submit_modal({texts.SETUP_TIMEZONE_FIELD: "Mars/Olympus"})
    assert bad.ephemeral and "Mars/Olympus" in bad.content and "Please pick one" in bad.content
    await alex.click(seen, texts.SETUP_TYPE_TIMEZONE)
    good = await alex.submit_modal({texts.SETUP_TIMEZONE_FIELD: "America/New_York"})
    assert "America/New_York" in good.content and "New York time" in good.content

    # The card is ephemeral, so only Alex has it. If Alex stops being a lead, its controls refuse too.
    alex_member = sandbox.guild().member("Alex")
    alex_member.role_ids.remove(lead_role_id(sandbox))
    refused = await alex.click(seen, texts.SETUP_BACK)
    assert refused.content == texts.ONLY_LEADS_OR_MANAGERS
    alex_member.role_ids.append(lead_role_id(sandbox))

    stored = await connect.bot.services.guild_settings.get(sandbox.guild().id)  # type: ignore[union-attr]
    assert stored.timezone == "America/New_York"
    assert stored.lead_role_id == lead_role_id(sandbox)
    assert stored.leads_only_projects is True
    assert stored.project_reminder_minutes == (60,)


async def test_settings_card_buttons_work_after_restart(connect: Connect, sandbox: Sandbox) -> None:
    owner = sandbox.member("Morgan")
    card = await owner.slash("setup")
    await connect.restart()
    seen = await owner.click(card, texts.SETUP_ZONE_AND_PROJECTS)
    await connect.restart()
    seen = await owner.select(seen, [texts.SETUP_LEADS_ONLY], placeholder=texts.SETUP_PICK_STARTERS)
    assert texts.SETUP_LEADS_ONLY in seen.content
    assert (await connect.bot.services.guild_settings.get(sandbox.guild().id)).leads_only_projects  # type: ignore[union-attr]


async def test_me_timezone_with_menu_and_typed(connect: Connect, sandbox: Sandbox) -> None:
    sam = sandbox.member("Sam")
    seen = await sam.slash("me timezone")
    assert seen.ephemeral and seen.content == texts.ME_PICK_TIMEZONE
    seen = await sam.select(seen, ["Europe/Paris"])
    assert seen.content == texts.ME_TIMEZONE_SAVED.format(zone="Paris time")
    seen = await sam.slash("me timezone", zone="@everyone **Nowhere**")
    assert "Please pick one" in seen.content and "@everyone" not in seen.content
    services = connect.bot.services  # type: ignore[union-attr]
    assert await services.guild_settings.timezone_for(None, sandbox.user("Sam").id) == "Europe/Paris"


async def test_gateway_drop_resumes_and_bot_still_answers(connect: Connect, sandbox: Sandbox) -> None:
    await sandbox.drop_gateway()
    await sandbox.wait_until_connected()
    seen = await sandbox.member("Sam").slash("setup")
    assert seen.content == texts.ONLY_LEADS_OR_MANAGERS


async def test_leads_see_unsent_messages_members_do_not(connect: Connect, sandbox: Sandbox) -> None:
    from datetime import timedelta

    from db.repositories import scheduled as repo

    async with connect.services.db.transaction() as session:
        row = await repo.create(
            session,
            kind="reminder",
            due_at=connect.clock.now() - timedelta(days=2),
            guild_id=sandbox.guild().id,
            now=connect.clock.now(),
        )
        row.state = repo.MISSED
    refused = await sandbox.member("Sam").slash("unsent")
    assert refused.content == texts.ONLY_LEADS_OR_MANAGERS
    seen = await sandbox.member("Morgan").slash("unsent")
    assert seen.ephemeral
    assert seen.embeds[0]["title"] == texts.UNSENT_TITLE
    assert "Connect was off at that time" in seen.text
