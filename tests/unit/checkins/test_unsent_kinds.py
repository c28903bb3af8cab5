"""/unsent names every scheduled kind of check-ins in easy words (not "A message")."""

from __future__ import annotations

from bot import texts
from bot.services.checkins.jobs import POLICIES
from tests.easyread import text_problems


def test_every_check_in_kind_has_its_own_unsent_words() -> None:
    assert POLICIES  # every kind the check-ins register has a policy
    for kind in POLICIES:
        what = texts.UNSENT_KINDS.get(kind)
        assert what, kind
        line = texts.UNSENT_FAILED.format(what=what, when="Monday 22 March at 9am", attempts=3)
        assert text_problems(line) == [], (kind, line)
