"""Settings as choices (issue 17): how long check-in answers are kept is a menu of its choices on the
check-ins' own panel, the same choices as /setup's menu, never a button that steps on at each press."""

from __future__ import annotations

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_easyread_panels import choices
from tests.easyread import MAX_FIRST_VIEW_CHOICES


async def test_check_in_answers_are_kept_as_picked_from_a_menu(connect: Connect, sandbox: Sandbox) -> None:
    morgan = sandbox.member("Morgan")
    card = await morgan.slash("setup")
    panel = await morgan.click(card, texts.CHECKIN_SETTINGS_BUTTON)
    assert choices(panel) <= MAX_FIRST_VIEW_CHOICES
    [menu] = [s for s in panel.selects if s.placeholder == texts.SETUP_PICK_KEEP_CHECKINS]
    assert menu.labels == ["30 days", "90 days", "6 months", "1 year"]
    assert [o.label for o in menu.options if o.default] == ["90 days"]
    assert not any("keep" in b.label.lower() for b in panel.buttons)  # no button that cycles

    saved = await morgan.select(panel, ["1 year"], placeholder=texts.SETUP_PICK_KEEP_CHECKINS)
    assert texts.CHECKIN_SETTINGS_SAVED in saved.text and "1 year" in saved.text
    guild_id = sandbox.guild().id
    assert (await connect.services.guild_settings.get(guild_id)).keep_checkin_days == 365

    # /setup shows the same setting, changed.
    setup = await morgan.slash("setup")
    group = await morgan.click(setup, texts.SETUP_ZONE_AND_PROJECTS)
    keep = await morgan.click(group, texts.SETUP_KEEP_BUTTON)
    [same] = [s for s in keep.selects if s.placeholder == texts.SETUP_PICK_KEEP_CHECKINS]
    assert [o.label for o in same.options if o.default] == ["1 year"]
