"""A refused box keeps what was typed (bot/render/kept.py): shown on the refusal, read back by "Try again"."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError
from bot.render.kept import keeping, kept_embed, labels, refill, text_inputs
from bot.render.projects import details_modal
from bot.render.projects.common import IN_ABOUT, IN_LINK, IN_TITLE
from bot.services.projects.fields import MAX_ABOUT, MAX_TITLE


def message_with(embed: discord.Embed | None) -> Any:
    return SimpleNamespace(embeds=[embed] if embed is not None else [])


def defaults(box: discord.ui.Modal) -> dict[str, str | None]:
    return {str(item.custom_id): item.default for item in text_inputs(box)}


def test_a_refusal_keeps_every_box_in_order_and_try_again_comes_first() -> None:
    values = {IN_TITLE: "Film club", IN_LINK: "not a link"}
    kept = keeping(UserError("Bad link."), details_modal(), values, "connect:proj:new:0")
    assert [w.label for w in kept.ways] == [texts.FORM_TRY_AGAIN]
    assert [label for label, _ in kept.kept] == list(labels(details_modal()).values())
    assert dict(kept.kept)[texts.PROJECT_INPUT_LINK] == "not a link"


def test_not_found_and_not_allowed_have_nothing_to_try_again() -> None:
    for refused in (NotFound("Gone."), NotAllowed("Only leads can do this.")):
        assert keeping(refused, details_modal(), {}, "connect:proj:new:0") is refused


def test_try_again_fills_the_box_and_an_emptied_box_stays_empty() -> None:
    kept = keeping(UserError("No."), details_modal(), {IN_TITLE: "Film club", IN_ABOUT: ""}, "x")
    box = refill(details_modal(), message_with(kept_embed(kept.kept)))
    assert defaults(box)[IN_TITLE] == "Film club" and defaults(box)[IN_ABOUT] is None


def test_hostile_text_on_the_message_is_cut_to_each_box_limit() -> None:
    embed = discord.Embed(title=texts.FORM_KEPT_TITLE)
    embed.add_field(name=texts.PROJECT_INPUT_TITLE, value="@everyone " + "x" * 5000)
    embed.add_field(name=texts.PROJECT_INPUT_ABOUT, value="<@1> " * 400)
    embed.add_field(name="Not a box", value="ignored")
    box = refill(details_modal(), message_with(embed))
    assert len(defaults(box)[IN_TITLE] or "") == MAX_TITLE
    assert len(defaults(box)[IN_ABOUT] or "") == MAX_ABOUT


def test_a_card_that_is_not_a_refusal_changes_nothing() -> None:
    box = details_modal()
    before = defaults(box)
    other = discord.Embed(title="Film club")
    other.add_field(name=texts.PROJECT_INPUT_TITLE, value="Something else")
    assert defaults(refill(box, message_with(other))) == before
    assert defaults(refill(box, None)) == before


def test_nothing_typed_shows_nothing_and_long_text_fits_a_field() -> None:
    assert kept_embed([("Title", ""), ("About", "  ")]) is None
    embed = kept_embed([("About", "y" * 3000)])
    assert embed is not None and len(embed.fields[0].value or "") == 1024
