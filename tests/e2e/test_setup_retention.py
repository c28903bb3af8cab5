"""/setup "How long we keep things" (issue 13): a lead picks the periods; someone who is not a lead cannot."""

from __future__ import annotations

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect


async def test_a_lead_changes_how_long_project_lists_are_kept(connect: Connect, sandbox: Sandbox) -> None:
    morgan = sandbox.member("Morgan")  # manages the server, so counts as a lead
    card = await morgan.slash("setup")
    group = await morgan.click(card, texts.SETUP_ZONE_AND_PROJECTS)
    keep = await morgan.click(group, texts.SETUP_KEEP_BUTTON)
    shown = str(keep.embeds[0])
    assert keep.embeds[0]["title"] == texts.SETUP_KEEP_BUTTON
    assert "2 years" in shown and "30 days" in shown and "90 days" in shown  # the defaults
    menu = next(s for s in keep.selects if s.placeholder == texts.SETUP_PICK_KEEP_PROJECTS)
    assert menu.labels == ["1 year", "2 years", "5 years"]

    seen = await morgan.select(keep, ["1 year"], placeholder=texts.SETUP_PICK_KEEP_PROJECTS)
    assert seen.content == texts.SETUP_SAVED.format(what=texts.SETUP_KEEP_PROJECTS, value="1 year")
    field = next(f for f in seen.embeds[0]["fields"] if f["name"] == texts.SETUP_KEEP_PROJECTS)
    assert field["value"] == "1 year"
    seen = await morgan.select(seen, ["6 months"], placeholder=texts.SETUP_PICK_KEEP_CHECKINS)
    assert seen.content == texts.SETUP_SAVED.format(what=texts.SETUP_KEEP_CHECKINS, value="6 months")
    back = await morgan.click(seen, texts.SETUP_BACK)
    assert texts.SETUP_PICK_LEAD_ROLE in [s.placeholder for s in back.selects]

    stored = await connect.bot.services.guild_settings.get(sandbox.guild().id)  # type: ignore[union-attr]
    assert (stored.keep_project_days, stored.keep_reminder_days, stored.keep_checkin_days) == (365, 30, 180)


async def test_someone_no_longer_a_lead_cannot_change_it(connect: Connect, sandbox: Sandbox) -> None:
    morgan, alex = sandbox.member("Morgan"), sandbox.member("Alex")
    await morgan.select(await morgan.slash("setup"), ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)
    group = await alex.click(await alex.slash("setup"), texts.SETUP_ZONE_AND_PROJECTS)
    keep = await alex.click(group, texts.SETUP_KEEP_BUTTON)
    # Alex stops being a lead while the card is open: its menus refuse, and nothing changes.
    role = next(r.id for r in sandbox.guild().roles.values() if r.name == "Co-production lead")
    sandbox.guild().member("Alex").role_ids.remove(role)
    refused = await alex.select(keep, ["1 year"], placeholder=texts.SETUP_PICK_KEEP_PROJECTS)
    assert refused.content == texts.ONLY_LEADS_OR_MANAGERS
    stored = await connect.bot.services.guild_settings.get(sandbox.guild().id)  # type: ignore[union-attr]
    assert stored.keep_project_days == 730
