"""The practice page's HTML for the stand-in's messages: embeds, attachments, components, markup, forms."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sandbox import Attachment, Message, World, default_world
from sandbox.views import modal_of
from sandbox.web import forms, markup
from sandbox.web.render import Viewer, message_html, messages_html

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


class Tags(HTMLParser):
    """The tags of a fragment, to check structure and that nothing the bot wrote became a tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "hr", "input"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def parse(fragment: str) -> Tags:
    tags = Tags()
    tags.feed(fragment)
    tags.close()
    assert tags.open == [], f"unclosed tags: {tags.open}"
    return tags


def tagged(fragment: str, tag: str) -> list[dict[str, str | None]]:
    return [attrs for name, attrs in parse(fragment).tags if name == tag]


@pytest.fixture
def world() -> World:
    return default_world()


def post(world: World, channel: str = "projects", *, visible_to: int | None = None, **fields: Any) -> Message:
    ch = world.first_guild.channel(channel)
    message = Message(
        id=world.new_id(), channel_id=ch.id, guild_id=ch.guild_id, author=world.bot, created_at=NOW,
        visible_to=visible_to, flags=(1 << 6) if visible_to else 0, **fields,
    )
    world.messages[message.id] = message
    ch.all_messages.append(message)
    return message


def viewer(world: World, name: str = "Sam") -> Viewer:
    return Viewer(world, world.user(name).id, LONDON, NOW.timestamp())


def test_an_embed_shows_title_colour_fields_and_footer(world: World) -> None:
    embed = {
        "title": "Film club",
        "url": "https://example.org/film",
        "description": "We watch a **film**.",
        "color": 0x2E7D32,
        "fields": [{"name": "📍 Where", "value": "Room 2", "inline": True}, {"name": "Places", "value": "8 left"}],
        "footer": {"text": "Started by Sam"},
    }
    html = message_html(post(world, embeds=[embed]), viewer(world))
    assert '<section class="embed" style="--accent: #2e7d32">' in html
    assert '<h3 class="embed-title"><a href="https://example.org/film"' in html and "Film club</a></h3>" in html
    assert "We watch a <strong>film</strong>." in html
    assert '<div class="embed-field inline"><dt>📍 Where</dt><dd>Room 2</dd></div>' in html
    assert '<div class="embed-field"><dt>Places</dt><dd>8 left</dd></div>' in html
    assert '<p class="embed-footer">Started by Sam</p>' in html
    parse(html)


def test_buttons_are_real_buttons_and_link_buttons_real_links(world: World) -> None:
    row = {
        "type": 1,
        "components": [
            {"type": 2, "style": 3, "label": "I'm coming", "emoji": {"name": "✅"}, "custom_id": "connect:p:go:1"},
            {"type": 2, "style": 4, "label": "Cancel", "custom_id": "connect:p:x:1", "disabled": True},
            {"type": 2, "style": 5, "label": "Join online", "url": "https://meet.example/film"},
            {"type": 2, "style": 5, "label": "Bad link", "url": "javascript:alert(1)"},
        ],
    }
    message = post(world, components=[row])
    html = message_html(message, viewer(world))
    buttons = tagged(html, "button")
    assert [b["data-custom-id"] for b in buttons] == ["connect:p:go:1", "connect:p:x:1"]
    assert buttons[0]["class"] == "btn btn-success" and buttons[0]["data-message"] == str(message.id)
    assert "disabled" in buttons[1] and buttons[1]["class"] == "btn btn-danger"
    assert ">✅ I&#x27;m coming</button>" in html
    links = tagged(html, "a")
    assert [a["href"] for a in links] == ["https://meet.example/film"]  # never a javascript: link
    assert links[0]["rel"] == "noopener noreferrer" and "(opens in a new tab)" in html
    assert 'aria-disabled="true">Bad link</span>' in html


def test_a_menu_is_a_labelled_select_with_a_choose_button(world: World) -> None:
    menu = {
        "type": 3, "custom_id": "connect:tp:day:1", "placeholder": "Pick a day", "min_values": 1, "max_values": 1,
        "options": [{"label": "Today", "value": "2026-06-01"}, {"label": "Tomorrow", "value": "2026-06-02"}],
    }
    html = message_html(post(world, components=[{"type": 1, "components": [menu]}]), viewer(world))
    select = tagged(html, "select")[0]
    label = tagged(html, "label")[0]
    assert label["for"] == select["id"] and ">Pick a day</label>" in html
    assert "multiple" not in select
    values = [o["value"] for o in tagged(html, "option")]
    assert values == ["", "2026-06-01", "2026-06-02"]  # "Pick one" first, so nothing is sent by accident
    form = tagged(html, "form")[0]
    assert form["data-custom-id"] == "connect:tp:day:1" and (form["data-min"], form["data-max"]) == ("1", "1")
    assert '<button type="submit" class="btn btn-secondary">Choose</button>' in html


def test_role_channel_and_many_value_menus_offer_the_server(world: World) -> None:
    guild = world.first_guild
    lead = guild.role("Co-production lead")
    roles = {"type": 6, "custom_id": "r", "placeholder": "Pick the lead role", "default_values": [
        {"id": str(lead.id), "type": "role"}]}
    channels = {"type": 8, "custom_id": "c", "placeholder": "Pick a channel", "channel_types": [0]}
    people = {"type": 5, "custom_id": "u", "placeholder": "Pick people", "min_values": 0, "max_values": 3}
    rows = [{"type": 1, "components": [c]} for c in (roles, channels, people)]
    html = message_html(post(world, components=rows), viewer(world))
    options = [(o["value"], "selected" in o) for o in tagged(html, "option")]
    assert (str(lead.id), True) in options
    assert not any(v == str(guild.id) for v, _ in options)  # never @everyone
    assert all((str(c.id), False) in options for c in guild.text_channels)
    assert (str(world.user("Priya").id), False) in options and (str(world.bot.id), False) not in options
    many = tagged(html, "select")[2]
    assert "multiple" in many and "You can pick 0 to 3." in html


def test_ephemeral_replies_show_only_to_the_person_who_pressed(world: World) -> None:
    sam, priya = world.user("Sam"), world.user("Priya")
    post(world, content="For everyone")
    post(world, content="Just for Sam", visible_to=sam.id)
    channel = world.first_guild.channel("projects")
    for_sam = messages_html(channel, viewer(world, "Sam"))
    for_priya = messages_html(channel, viewer(world, "Priya"))
    assert "Just for Sam" in for_sam and "Only you can see this" in for_sam
    assert "Just for Sam" not in for_priya and "Only you can see this" not in for_priya
    assert "For everyone" in for_priya and priya.id != sam.id


def test_an_attachment_is_a_download_link_for_the_viewer(world: World) -> None:
    message = post(world, content="📅 Here is Film club for your calendar.")
    message.attachments = [Attachment(id=77, filename="film-club.ics", content_type="text/calendar", data=b"x" * 2048)]
    html = message_html(message, viewer(world))
    link = tagged(html, "a")[0]
    assert link["href"] == f"/file/{message.id}/77?as={world.user('Sam').id}"
    assert link["download"] == "film-club.ics" and "(2 KB)" in html


def test_mentions_times_and_hostile_text(world: World) -> None:
    names = viewer(world).names()
    alex, lead = world.user("Alex"), world.first_guild.role("Co-production lead")
    projects = world.first_guild.channel("projects")
    in_two_hours = int(NOW.timestamp()) + 7200
    text = (
        f"<@{alex.id}> and <@&{lead.id}> in <#{projects.id}> at <t:{in_two_hours}:F> (<t:{in_two_hours}:R>). "
        "<script>alert(1)</script> [click](javascript:alert(1)) @everyone \u202ereversed\u200b"
    )
    html = markup.block(text, names, zone=LONDON, now=NOW.timestamp())
    assert '<span class="mention mention-user">@Alex</span>' in html
    assert '<span class="mention mention-role">@Co-production lead</span>' in html
    assert '<span class="mention mention-channel">#projects</span>' in html
    assert ">Monday 1 June 2026, 3pm</time>" in html and ">in 2 hours</time>" in html  # BST is UTC+1
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert [t for t, _ in parse(html).tags] == ["span", "span", "span", "time", "time"]
    assert markup.inline("<@999>", names, zone=LONDON, now=0) == "&lt;@999&gt;"  # unknown: as Discord shows it


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(30, "in a few seconds"), (60, "in 1 minute"), (-7200, "2 hours ago"), (86400 * 3, "in 3 days")],
)
def test_relative_times(seconds: float, words: str) -> None:
    assert markup.relative(seconds) == words


def test_headings_and_small_print() -> None:
    names = markup.Names(user=lambda _: None, role=lambda _: None, channel=lambda _: None)
    html = markup.block("# Big\nline one\n-# small", names, zone=LONDON, now=0)
    assert html == '<strong class="md-h md-h1">Big</strong><br>line one<br><small class="subtext">small</small>'


def test_a_modal_is_a_form_with_labels_limits_and_required_fields() -> None:
    modal = modal_of(
        {
            "custom_id": "connect:projects:new",
            "title": "Start a project",
            "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": "title", "label": "Title", "style": 1,
                                            "max_length": 80, "required": True, "placeholder": "Like: Film club"}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "about", "label": "What is it about?",
                                            "style": 2, "required": False, "value": "<b>hi</b>"}]},
            ],
        }
    )
    html = forms.modal_html(modal)
    fields = tagged(html, "input") + tagged(html, "textarea")
    labels = {a["for"] for a in tagged(html, "label")}
    assert {f["id"] for f in fields} == labels
    title = tagged(html, "input")[0]
    assert title["name"] == "title" and "required" in title and title["maxlength"] == "80"
    assert "required" not in tagged(html, "textarea")[0] and "&lt;b&gt;hi&lt;/b&gt;</textarea>" in html
    assert "What is it about? (you can leave this empty)" in html
    assert '<h2 id="dialog-title">Start a project</h2>' in html


def test_slash_commands_become_buttons_and_their_options_a_form(world: World) -> None:
    from sandbox import Command

    remind = Command(id=1, data={"name": "remind", "type": 1, "description": "Set a reminder.", "options": [
        {"type": 3, "name": "what", "description": "What should I remind you about?", "max_length": 200},
        {"type": 3, "name": "when", "description": "When?", "autocomplete": True},
        {"type": 4, "name": "times", "description": "How many times?", "min_value": 1, "max_value": 5},
        {"type": 5, "name": "quiet", "description": "Quietly?"},
        {"type": 8, "name": "role", "description": "Which role?"},
    ]})
    me = Command(id=2, data={"name": "me", "type": 1, "description": "You.", "options": [
        {"type": 1, "name": "timezone", "description": "Your time zone.", "options": []},
        {"type": 1, "name": "quiet-hours", "description": "Quiet hours.", "options": []},
    ]})
    leaves = forms.leaves(remind) + forms.leaves(me)
    assert [c.path for c in leaves] == ["remind", "me timezone", "me quiet-hours"]
    buttons = forms.commands_html(leaves)
    assert re.findall(r'data-command="([^"]+)"', buttons) == ["me quiet-hours", "me timezone", "remind"]
    form = forms.command_form_html(leaves[0], world.first_guild)
    inputs = {a["name"]: a for a in tagged(form, "input")}
    assert inputs["what"]["maxlength"] == "200" and inputs["when"]["data-autocomplete"] == "when"
    assert (inputs["times"]["type"], inputs["times"]["min"], inputs["times"]["max"]) == ("number", "1", "5")
    assert {a["for"] for a in tagged(form, "label")} == {
        a["id"] for a in tagged(form, "input") + tagged(form, "select")
    }
    lead = world.first_guild.role("Co-production lead")
    values = {"what": "  take the camera ", "when": "", "times": "3", "quiet": "no", "role": str(lead.id)}
    assert forms.slash_options(leaves[0], values) == {
        "what": "  take the camera ", "times": 3, "quiet": False, "role": lead.id,
    }


def test_links_to_discord_messages_stay_in_the_practice_world(world: World) -> None:
    card = post(world, content="The card")
    url = f"https://discord.com/channels/{world.first_guild.id}/{card.channel_id}/{card.id}"
    row = {"type": 1, "components": [{"type": 2, "style": 5, "label": "Open the project", "url": url}]}
    html = message_html(post(world, content=f"See [the card]({url})", components=[row]), viewer(world))
    links = tagged(html, "a")
    assert len(links) == 2 and all(a["href"] == f"#m-{card.id}" for a in links)
    assert all(a["data-goto-channel"] == str(card.channel_id) for a in links)
    assert "discord.com" not in html
