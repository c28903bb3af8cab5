"""Cards and panels posted before custom ids became words still work: their short codes reach the same
handlers. The stand-in keeps messages as Discord would, so a card is made "old" by giving it the ids the
first version posted (the forms are in tests/unit/projects/test_ids.py and tests/unit/reminders/test_ids.py)."""

from __future__ import annotations

from typing import Any

from bot import texts
from sandbox import Message, Sandbox, Seen
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, card_shows, start_project, user_id


def posted_before(message: Seen | Message, *old: tuple[str, str]) -> Message:
    """Give every control on ``message`` the short codes it would have carried (word -> code)."""
    found = message.message if isinstance(message, Seen) else message
    assert found is not None

    def walk(components: list[dict[str, Any]]) -> None:
        for component in components:
            custom = component.get("custom_id")
            if isinstance(custom, str):
                for word, code in old:
                    custom = custom.replace(word, code)
                component["custom_id"] = custom
            walk(component.get("components") or [])

    walk(found.components)
    return found


async def test_old_card_and_panel_ids_reach_the_same_handlers(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club", places=None)
    posted_before(card, (":calendar:", ":ics:"))
    assert any(b.custom_id and ":ics:" in b.custom_id for b in card.buttons)
    await connect.restart()

    seen = await sandbox.member("Priya").click(card, texts.PROJECT_BUTTON_CALENDAR)
    assert seen.attachments[0].filename == "film-club.ics"

    sam = sandbox.member("Sam")
    more = await sam.click(await sam.click(card, texts.PROJECT_BUTTON_MORE), texts.PROJECT_BUTTON_ORGANISE)
    posted_before(more, (":proj:organise:", ":proj:org:"), (":add-organiser", ":coorg"), (":new-everyone:", ":newall:"))
    assert all(":organise:" not in (b.custom_id or "") for b in more.message.buttons)  # type: ignore[union-attr]
    more = await sam.click(more, texts.PROJECT_BUTTON_MORE_CHOICES)
    pick = await sam.click(more, texts.PROJECT_BUTTON_ADD_ORGANISER)
    posted_before(pick, (":proj:member:", ":proj:usr:"), (":add-organiser", ":coorg"))
    done = await sam.select(pick, ["Priya"], placeholder=texts.PROJECT_PICK_MEMBER)
    priya = f"<@{user_id(sandbox, 'Priya')}>"
    assert done.content == texts.PROJECT_DONE_ORGANISER.format(member=priya, title="Film club")
    await card_shows(sandbox, card, priya)

    # "Remind everyone coming" with its old id opens the same typing box.
    more = await sam.click(await sam.click(card, texts.PROJECT_BUTTON_MORE), texts.PROJECT_BUTTON_ORGANISE)
    posted_before(more, (":new-everyone:", ":newall:"))
    box = await sam.click(more, texts.REMIND_BUTTON_EVERYONE)
    assert box.modal is not None and box.modal.title == texts.REMIND_MODAL_TITLE
