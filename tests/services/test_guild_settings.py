from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.scope import PersonalScope, Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from db.engine import Database

GUILD = 111
LEAD_ROLE = 900
MANAGER = Actor(user_id=1, can_manage_server=True)
LEAD = Actor(user_id=2, role_ids=frozenset({LEAD_ROLE}))
MEMBER = Actor(user_id=3)


@pytest.fixture
def service(db: Database, clock: FakeClock) -> GuildSettingsService:
    return GuildSettingsService(db, clock)


async def test_defaults_without_a_row(service: GuildSettingsService) -> None:
    s = await service.get(GUILD)
    assert s.timezone == "Europe/London"
    assert s.lead_role_id is None
    assert s.celebrations_channel_id is None and s.checkins_channel_id is None
    assert s.leads_only_projects is False
    assert s.leaderboard_enabled is False


async def test_updates_are_stored_per_server(service: GuildSettingsService) -> None:
    await service.set_timezone(Scope(GUILD, MANAGER), "Europe/Dublin")
    await service.set_lead_role(Scope(GUILD, MANAGER), LEAD_ROLE)
    await service.set_celebrations_channel(Scope(GUILD, MANAGER), 5)
    await service.set_checkins_channel(Scope(GUILD, MANAGER), 6)
    await service.set_leads_only_projects(Scope(GUILD, MANAGER), True)
    await service.set_leaderboard(Scope(GUILD, MANAGER), True)
    s = await service.get(GUILD)
    assert (s.timezone, s.lead_role_id, s.celebrations_channel_id, s.checkins_channel_id) == (
        "Europe/Dublin",
        LEAD_ROLE,
        5,
        6,
    )
    assert s.leads_only_projects and s.leaderboard_enabled
    other = await service.get(GUILD + 1)
    assert other.timezone == "Europe/London" and other.lead_role_id is None


@pytest.mark.parametrize("zone", ["Mars/Base", "", "   ", "x" * 65, "@everyone", "Europe/London\x00", "🙂"])
async def test_invalid_timezone_is_refused_and_nothing_changes(service: GuildSettingsService, zone: str) -> None:
    await service.set_timezone(Scope(GUILD, MANAGER), "Europe/Paris")
    with pytest.raises(UserError) as err:
        await service.set_timezone(Scope(GUILD, MANAGER), zone)
    assert "@everyone" not in err.value.message
    assert (await service.get(GUILD)).timezone == "Europe/Paris"


async def test_before_a_lead_role_only_managers_may_change(service: GuildSettingsService) -> None:
    with pytest.raises(NotAllowed) as err:
        await service.set_leaderboard(Scope(GUILD, LEAD), True)
    assert "Only leads" in err.value.message
    with pytest.raises(NotAllowed):
        await service.require_lead(Scope(GUILD, MEMBER))
    await service.set_lead_role(Scope(GUILD, MANAGER), LEAD_ROLE)
    # Now the lead role works; a plain member is still refused and nothing changes.
    await service.set_leaderboard(Scope(GUILD, LEAD), True)
    with pytest.raises(NotAllowed):
        await service.set_leaderboard(Scope(GUILD, MEMBER), False)
    assert (await service.get(GUILD)).leaderboard_enabled is True
    # A manager can always get back in (for example after the lead role was deleted).
    await service.require_lead(Scope(GUILD, MANAGER))


async def test_member_timezone(service: GuildSettingsService) -> None:
    assert await service.timezone_for(GUILD, MEMBER.user_id) == "Europe/London"
    await service.set_timezone(Scope(GUILD, MANAGER), "America/New_York")
    assert await service.timezone_for(GUILD, MEMBER.user_id) == "America/New_York"
    await service.set_member_timezone(PersonalScope(MEMBER.user_id), "Asia/Tokyo")
    assert await service.timezone_for(GUILD, MEMBER.user_id) == "Asia/Tokyo"
    assert await service.timezone_for(None, MEMBER.user_id) == "Asia/Tokyo"
    with pytest.raises(UserError):
        await service.set_member_timezone(PersonalScope(MEMBER.user_id), "Nowhere/Land")
    assert await service.timezone_for(None, MEMBER.user_id) == "Asia/Tokyo"
    await service.set_member_timezone(PersonalScope(MEMBER.user_id), None)
    assert await service.timezone_for(GUILD, MEMBER.user_id) == "America/New_York"


async def test_reminders_before_projects_step_through_the_choices(service: GuildSettingsService) -> None:
    from bot.services.guild_settings import PROJECT_REMINDER_CHOICES

    assert (await service.get(GUILD)).project_reminder_minutes == (1440, 60)
    seen = [(await service.next_project_reminders(Scope(GUILD, MANAGER))).project_reminder_minutes for _ in range(4)]
    assert seen == [*PROJECT_REMINDER_CHOICES[1:], PROJECT_REMINDER_CHOICES[0]]
    with pytest.raises(NotAllowed):
        await service.next_project_reminders(Scope(GUILD, MEMBER))
    assert (await service.get(GUILD)).project_reminder_minutes == (1440, 60)
