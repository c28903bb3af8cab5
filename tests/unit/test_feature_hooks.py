"""Every feature's personal-data hooks come from its own ``Feature`` (none is wired by My data itself)."""

from __future__ import annotations

from bot.app import build_services, feature_list
from bot.clock import FakeClock
from bot.services.mydata import MyDataService
from bot.services.projects.data import ProjectsData
from bot.services.reminders.data import RemindersData
from db.engine import Database


def test_projects_and_reminders_bring_their_personal_data_hooks() -> None:
    services = build_services(Database("sqlite+aiosqlite:///:memory:"), FakeClock())
    hooks = services.shared.personal_data
    assert isinstance(hooks["projects"], ProjectsData) and isinstance(hooks["reminders"], RemindersData)
    mydata = services.features["mydata"]
    assert isinstance(mydata, MyDataService)
    # My data adds only Connect's own rows; the rest are the features', in build order.
    assert list(mydata.hooks()) == ["connect", *[f.name for f in feature_list() if f.name in hooks]]
    assert {"projects", "reminders", "tasks", "thanks", "checkins"} <= set(mydata.hooks())
