"""Rendering thank-yous: the card's words, me too, celebrations counting but not naming opted-out people,
the good news with names in the order given and no counts per person, ids within Discord's limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot import texts
from bot.render import thanks as render
from bot.services.thanks import Digest, ThanksView

BIG = 1_577_000_000_000_000_000  # a snowflake near today's


def view(**changes: object) -> ThanksView:
    values: dict[str, object] = dict(
        id=BIG,
        guild_id=1,
        author_id=10,
        typed_by=None,
        reason="for the tea [x](https://e.example)",
        private=False,
        state="posted",
        people=(20, 30),
        by_dm=(),
        me_too=(),
        channel_id=5,
        message_id=6,
    )
    values.update(changes)
    return ThanksView(**values)  # type: ignore[arg-type]


def test_card_names_people_and_shows_links_plainly() -> None:
    text = render.card_text(view())
    assert text.splitlines() == [
        texts.THANKS_CARD.format(author="<@10>", people="<@20> and <@30>"),
        texts.THANKS_CARD_FOR.format(reason="for the tea x (https://e.example)"),
    ]
    post = render.post(view())
    assert post.mention_user_ids == {20, 30}


def test_me_too_lines() -> None:
    assert texts.THANKS_ME_TOO_ONE.format(name="<@40>") in render.card_text(view(me_too=(40,)))
    assert texts.THANKS_ME_TOO_TWO.format(first="<@40>", second="<@50>") in render.card_text(view(me_too=(40, 50)))
    many = render.card_text(view(me_too=(40, 50, 60, 70)))
    assert texts.THANKS_ME_TOO_MANY.format(name="<@40>", others=3) in many


def test_celebration_counts_everyone_but_names_only_who_agreed() -> None:
    msg = render.project_celebration("Film club", 7, [1, 2, 3], [1, 2], [])
    assert "the 3 people who took part: <@1>, <@2> and 1 more." in (msg.content or "")
    assert msg.mention_user_ids == {1, 2}
    nobody = render.project_celebration("Film club", 7, [1], [], [])
    assert "<@1>" not in (nobody.content or "")


def test_digest_lists_names_in_order_without_counts() -> None:
    week = Digest(
        1,
        datetime(2027, 3, 19, tzinfo=UTC),
        datetime(2027, 3, 26, tzinfo=UTC),
        ("Film club",),
        ("Tidy up",),
        4,
        (1, 2, 3),
    )
    content = render.digest(week, ["Ann", "Ben", "Cat"]).content or ""
    assert texts.THANKS_DIGEST_PEOPLE.format(names="Ann, Ben and Cat") in content
    assert not re.search(r"Ann\D*\d|Ben\D*\d|Cat\D*\d", content.splitlines()[-1])
    assert texts.THANKS_DIGEST_PROJECTS.format(titles="Film club") in content
    late = render.digest(week, [], late=True).content or ""
    assert late.startswith(texts.SCHEDULED_LATE)


def test_custom_ids_fit_and_match_the_template() -> None:
    ids = [
        render.say_button("project", BIG).custom_id,
        render.say_button("task", BIG).custom_id,
        render.people_picker_for(BIG).view.children[0].custom_id,  # type: ignore[union-attr,attr-defined]
        render.card(view()).view.children[0].custom_id,  # type: ignore[union-attr,attr-defined]
    ]
    for cid in ids:
        assert cid is not None and len(cid) <= 100 and re.fullmatch(render.TEMPLATE, cid), cid
    modal = render.reason_modal(BIG, "Thank you for Film club.")
    assert re.fullmatch(render.MODAL_TEMPLATE, modal.custom_id)


def test_session_and_all_tasks_celebrations_show_links_plainly_and_ping_only_the_member() -> None:
    title = "Film [club](https://evil.example) @everyone"
    shown = "Film club (https://evil.example) @everyone"
    group = render.sessions(title, 25, 7, late=True)
    [say] = group.view.children
    assert say.custom_id == "connect:thanks:say:project:7"
    assert group.content == f"{texts.SCHEDULED_LATE}\n{texts.THANKS_SESSIONS.format(title=shown, number=25)}"
    assert not group.mention_user_ids
    own = render.member_sessions(20, 50)
    assert own.content == texts.THANKS_MEMBER_SESSIONS.format(name="<@20>", number=50)
    assert own.mention_user_ids == {20}
    nobody = render.all_tasks(title, [], 3)
    assert nobody.content == texts.THANKS_ALL_TASKS_NOBODY.format(title=shown) and not nobody.mention_user_ids
    many = render.all_tasks(title, list(range(BIG, BIG + 200)), 0)
    content = many.content or ""
    assert len(content) <= 2000 and not many.mention_user_ids
    assert content.endswith(texts.THANKS_DIGEST_MORE.format(count=200 - 62) + ".")  # no name cut in half


def test_the_leads_panel_has_at_most_five_choices_on_each_page() -> None:
    from bot.render import thanks_settings
    from bot.services.thanks import ThanksSettingsView

    view = ThanksSettingsView(
        guild_id=1,
        channel_id=5,
        timezone="Europe/London",
        celebrate_projects=True,
        celebrate_tasks=False,
        celebrate_milestones=True,
        celebrate_sessions=False,
        digest_on=False,
        digest_weekday=4,
        digest_minute=16 * 60,
        leaderboard=False,
        next_digest=None,
    )
    ids: set[str] = set()
    for page in ("main", "cel", "news", "made-up"):
        card = thanks_settings.settings_panel(view, page=page)
        assert card.view is not None
        items = card.view.children
        assert 1 <= len(items) <= 5, page
        ids |= {str(getattr(i, "custom_id", "")) for i in items}
    # Every switch and menu is somewhere, and each sub-page leads back.
    for what in ("chan", "board", "projects", "tasks", "firsts", "sessions", "day", "time", "digest", "page:main"):
        assert f"connect:thanks:set:{what}" in ids
    assert all(re.fullmatch(render.TEMPLATE, i) for i in ids)
