"""The practice page's HTML for what one person sees: messages, embeds, attachments and components.

Pure functions of the world: no I/O. Every control is a real <button>, <a> or <select> with a label, and
carries data- attributes that the page's script sends back (message id, custom_id) when pressed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from ..views import BUTTON, CHANNEL_SELECT, MENTIONABLE_SELECT, ROLE_SELECT, SELECT_TYPES, STRING_SELECT, USER_SELECT
from ..world import DM, Channel, Guild, Message, World
from . import markup

SECTION, TEXT_DISPLAY, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER, ROW = 9, 10, 11, 12, 13, 14, 17, 1
STYLES = {1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link", 6: "premium"}


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


@dataclass
class Viewer:
    """Who is looking, and how to show names and times to them."""

    world: World
    user_id: int
    zone: ZoneInfo
    now: float

    def names(self) -> markup.Names:
        world = self.world

        def user(uid: int) -> str | None:
            u = world.users.get(uid)
            if u is None:
                return None
            for g in world.guilds.values():
                m = g.members.get(uid)
                if m is not None:
                    return m.display_name
            return u.display_name

        def role(rid: int) -> str | None:
            return next((r.name for g in world.guilds.values() for r in g.roles.values() if r.id == rid), None)

        def channel(cid: int) -> str | None:
            ch = world.channels.get(cid)
            return ch.name if ch is not None else None

        return markup.Names(user=user, role=role, channel=channel)

    def md(self, text: str) -> str:
        return markup.block(text, self.names(), zone=self.zone, now=self.now)

    def md_line(self, text: str) -> str:
        return markup.inline(text, self.names(), zone=self.zone, now=self.now)


def colour(value: Any) -> str | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return f"#{number & 0xFFFFFF:06x}"


def embed_html(embed: dict[str, Any], viewer: Viewer) -> str:
    accent = colour(embed.get("color"))
    style = f' style="--accent: {accent}"' if accent else ""
    parts = [f'<section class="embed"{style}>']
    author = embed.get("author")
    if isinstance(author, dict) and author.get("name"):
        parts.append(f'<p class="embed-author">{viewer.md_line(str(author["name"]))}</p>')
    if embed.get("title"):
        title = viewer.md_line(str(embed["title"]))
        url = embed.get("url")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            title = f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
        parts.append(f'<h3 class="embed-title">{title}</h3>')
    if embed.get("description"):
        parts.append(f'<div class="embed-description">{viewer.md(str(embed["description"]))}</div>')
    fields = embed.get("fields") or []
    if fields:
        parts.append('<dl class="embed-fields">')
        for f in fields:
            inline_class = " inline" if f.get("inline") else ""
            parts.append(
                f'<div class="embed-field{inline_class}"><dt>{viewer.md_line(str(f.get("name", "")))}</dt>'
                f'<dd>{viewer.md(str(f.get("value", "")))}</dd></div>'
            )
        parts.append("</dl>")
    image = embed.get("image") or embed.get("thumbnail")
    if isinstance(image, dict) and image.get("url"):
        parts.append(f'<p class="embed-image">Picture: <a href="{esc(image["url"])}">{esc(image["url"])}</a></p>')
    footer = embed.get("footer")
    if isinstance(footer, dict) and footer.get("text"):
        parts.append(f'<p class="embed-footer">{viewer.md_line(str(footer["text"]))}</p>')
    parts.append("</section>")
    return "".join(parts)


def button_html(comp: dict[str, Any], message: Message) -> str:
    style = int(comp.get("style", 1))
    emoji = comp.get("emoji") if isinstance(comp.get("emoji"), dict) else None
    label = " ".join(x for x in (emoji.get("name") if emoji else None, comp.get("label")) if x)
    label_html = esc(label or "Button")
    disabled = " disabled" if comp.get("disabled") else ""
    if style == 5:
        url = str(comp.get("url") or "")
        inside = markup.practice_link(url)
        if inside is not None and not disabled:
            channel_id, message_id = inside
            return (
                f'<a class="btn btn-link" href="#m-{message_id}" data-goto-channel="{channel_id}"'
                f' data-goto-message="{message_id}">{label_html}</a>'
            )
        if disabled or not url.startswith(("http://", "https://")):
            return f'<span class="btn btn-link is-disabled" aria-disabled="true">{label_html}</span>'
        return (
            f'<a class="btn btn-link" href="{esc(url)}" target="_blank" rel="noopener noreferrer">{label_html}'
            '<span aria-hidden="true"> ↗</span><span class="visually-hidden"> (opens in a new tab)</span></a>'
        )
    custom_id = str(comp.get("custom_id") or "")
    return (
        f'<button type="button" class="btn btn-{STYLES.get(style, "secondary")}" data-act="click"'
        f' data-message="{message.id}" data-custom-id="{esc(custom_id)}"{disabled}>{label_html}</button>'
    )


def select_options(comp: dict[str, Any], message: Message, world: World) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for each choice of a menu, the guild's people, roles or channels included."""
    kind = int(comp["type"])
    defaults = {str(d.get("id")) for d in comp.get("default_values") or [] if isinstance(d, dict)}
    if kind == STRING_SELECT:
        return [
            (str(o.get("value", "")), str(o.get("label", "")), bool(o.get("default")))
            for o in comp.get("options") or []
        ]
    guild: Guild | None = world.guilds.get(message.guild_id) if message.guild_id is not None else None
    if guild is None:
        return []
    out: list[tuple[str, str, bool]] = []
    if kind in (ROLE_SELECT, MENTIONABLE_SELECT):
        roles = sorted(guild.roles.values(), key=lambda r: -r.position)
        for role in roles:
            if role.id != guild.id and not role.managed:
                out.append((str(role.id), "@" + role.name, str(role.id) in defaults))
    if kind in (USER_SELECT, MENTIONABLE_SELECT):
        for member in guild.members.values():
            if not member.user.bot:
                out.append((str(member.user.id), member.display_name, str(member.user.id) in defaults))
    if kind == CHANNEL_SELECT:
        types = comp.get("channel_types") or [0]
        for ch in guild.channels:
            if ch.type in types:
                out.append((str(ch.id), "#" + ch.name, str(ch.id) in defaults))
    return out


def select_html(comp: dict[str, Any], message: Message, world: World, index: int) -> str:
    custom_id = str(comp.get("custom_id") or "")
    field_id = f"sel-{message.id}-{index}"
    low, high = int(comp.get("min_values", 1)), int(comp.get("max_values", 1))
    placeholder = str(comp.get("placeholder") or "Pick one")
    disabled = " disabled" if comp.get("disabled") else ""
    options = select_options(comp, message, world)
    multiple = f' multiple size="{min(max(len(options), 2), 8)}"' if high > 1 else ""
    picked = any(sel for _, _, sel in options)
    opts = [] if high > 1 else [f'<option value=""{"" if picked else " selected"} disabled>Pick one</option>']
    for value, label, selected in options:
        opts.append(f'<option value="{esc(value)}"{" selected" if selected else ""}>{esc(label)}</option>')
    hint = ""
    if high > 1:
        hint = f'<span class="hint" id="{field_id}-hint">You can pick {low} to {high}. Hold Ctrl to pick more.</span>'
    described = f' aria-describedby="{field_id}-hint"' if hint else ""
    return (
        f'<form class="pick" data-act="select" data-message="{message.id}" data-custom-id="{esc(custom_id)}"'
        f' data-min="{low}" data-max="{high}">'
        f'<label for="{field_id}">{esc(placeholder)}</label>{hint}'
        f'<select id="{field_id}" name="values"{multiple}{described}{disabled}>{"".join(opts)}</select>'
        f'<button type="submit" class="btn btn-secondary"{disabled}>Choose</button></form>'
    )


def components_html(components: list[dict[str, Any]], message: Message, viewer: Viewer) -> str:
    parts: list[str] = []
    counter = [0]

    def one(comp: dict[str, Any]) -> str:
        kind = comp.get("type")
        if kind == ROW:
            inner = "".join(one(c) for c in comp.get("components") or [])
            return f'<div class="row">{inner}</div>'
        if kind == BUTTON:
            return button_html(comp, message)
        if kind in SELECT_TYPES:
            counter[0] += 1
            return select_html(comp, message, viewer.world, counter[0])
        if kind == TEXT_DISPLAY:
            return f'<div class="text-display">{viewer.md(str(comp.get("content", "")))}</div>'
        if kind == SECTION:
            texts = "".join(one(c) for c in comp.get("components") or [])
            accessory = comp.get("accessory")
            side = one(accessory) if isinstance(accessory, dict) else ""
            return f'<div class="section"><div>{texts}</div>{side}</div>'
        if kind == CONTAINER:
            accent = colour(comp.get("accent_color"))
            style = f' style="--accent: {accent}"' if accent else ""
            inner = "".join(one(c) for c in comp.get("components") or [])
            return f'<div class="container"{style}>{inner}</div>'
        if kind == SEPARATOR:
            return '<hr class="separator">'
        if kind in (THUMBNAIL, MEDIA_GALLERY, FILE):
            return '<p class="media">A picture or file (the practice page does not show these).</p>'
        return ""

    for comp in components:
        parts.append(one(comp))
    return "".join(parts)


def size_words(size: int) -> str:
    return f"{size} bytes" if size < 1024 else f"{round(size / 1024)} KB"


def message_html(message: Message, viewer: Viewer) -> str:
    """One message as an <li>; empty when this person cannot see it."""
    if not message.visible_for(viewer.user_id):
        return ""
    author = viewer.names().user(message.author.id) or message.author.display_name
    when = message.created_at.astimezone(viewer.zone)
    head = [f'<span class="author">{esc(author)}</span>']
    if message.author.bot:
        head.append('<span class="tag">App</span>')
    head.append(f'<time class="sent" datetime="{when.isoformat()}">{markup.hour(when)}</time>')
    if message.edited_at is not None:
        head.append('<span class="edited">(changed)</span>')
    body: list[str] = []
    if message.ephemeral:
        body.append('<p class="only-you"><span aria-hidden="true">👁️ </span>Only you can see this</p>')
    if message.loading:
        body.append(f'<p class="thinking">{esc(author)} is thinking…</p>')
    if message.content:
        body.append(f'<div class="content">{viewer.md(message.content)}</div>')
    body += [embed_html(e, viewer) for e in message.embeds]
    for att in message.attachments:
        href = f"/file/{message.id}/{att.id}?as={viewer.user_id}"
        body.append(
            f'<p class="attachment"><a href="{href}" download="{esc(att.filename)}">'
            f'<span aria-hidden="true">📎 </span>{esc(att.filename)}</a> <span class="hint">'
            f"({size_words(att.size)})</span></p>"
        )
    body.append(components_html(message.components, message, viewer))
    classes = "msg" + (" ephemeral" if message.ephemeral else "")
    return (
        f'<li class="{classes}" id="m-{message.id}" data-id="{message.id}">'
        f'<p class="msg-head">{" ".join(head)}</p>{"".join(body)}</li>'
    )


def messages_html(channel: Channel, viewer: Viewer) -> str:
    shown = [message_html(m, viewer) for m in channel.visible_to(viewer.user_id)]
    if not any(shown):
        empty = "No private messages yet." if channel.type == DM else "No messages here yet."
        return f'<li class="empty">{empty}</li>'
    return "".join(shown)
