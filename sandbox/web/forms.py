"""Slash commands as buttons with a small form, and modals as dialogs, for the practice page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..actors import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER,
)
from ..views import TEXT_DISPLAY, Modal
from ..world import Command, Guild
from .render import esc


@dataclass(frozen=True)
class SlashCommand:
    """One thing a person can run: "/project new", with the options of that leaf."""

    path: str  # "project new"
    description: str
    options: tuple[dict[str, Any], ...]


def leaves(cmd: Command) -> list[SlashCommand]:
    """Every runnable path of a chat command (subcommands and groups flattened)."""
    if cmd.type != 1:
        return []
    out: list[SlashCommand] = []

    def walk(prefix: list[str], description: str, options: list[dict[str, Any]]) -> None:
        subs = [o for o in options if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if not subs:
            out.append(SlashCommand(" ".join(prefix), description, tuple(options)))
            return
        for sub in subs:
            walk([*prefix, str(sub["name"])], str(sub.get("description") or ""), list(sub.get("options") or []))

    walk([cmd.name], str(cmd.data.get("description") or ""), cmd.options)
    return out


def commands_html(commands: list[SlashCommand]) -> str:
    if not commands:
        return '<p class="hint">Connect has no commands here yet.</p>'
    buttons = [
        f'<li><button type="button" class="btn btn-command" data-act="command" data-command="{esc(c.path)}"'
        f' title="{esc(c.description)}">/{esc(c.path)}</button></li>'
        for c in sorted(commands, key=lambda c: c.path)
    ]
    return f'<ul class="commands">{"".join(buttons)}</ul>'


def _choices_select(field_id: str, name: str, choices: list[tuple[str, str]], required: bool) -> str:
    blank = "" if required else '<option value="">(leave empty)</option>'
    first = '<option value="" disabled selected>Pick one</option>' if required else ""
    opts = "".join(f'<option value="{esc(v)}">{esc(label)}</option>' for v, label in choices)
    req = " required" if required else ""
    return f'<select id="{field_id}" name="{esc(name)}"{req}>{first}{blank}{opts}</select>'


def option_input(opt: dict[str, Any], guild: Guild | None, index: int) -> str:
    """One labelled field for an option: text, number, yes/no, or a menu of people, roles, channels."""
    name = str(opt["name"])
    kind = opt.get("type")
    required = bool(opt.get("required"))
    field_id = f"opt-{index}"
    hint_id = f"{field_id}-hint"
    label = f'<label for="{field_id}">{esc(name)}{"" if required else " (you can leave this empty)"}</label>'
    hint = f'<span class="hint" id="{hint_id}">{esc(opt.get("description") or "")}</span>'
    control: str
    if opt.get("choices"):
        choices = [(str(c.get("value")), str(c.get("name"))) for c in opt["choices"]]
        control = _choices_select(field_id, name, choices, required)
    elif kind == BOOLEAN:
        control = _choices_select(field_id, name, [("yes", "Yes"), ("no", "No")], required)
    elif kind in (USER, ROLE, CHANNEL, MENTIONABLE) and guild is not None:
        choices = []
        if kind in (ROLE, MENTIONABLE):
            choices += [("@" + str(r.id), "@" + r.name) for r in guild.roles.values() if r.id != guild.id]
        if kind in (USER, MENTIONABLE):
            choices += [(str(m.user.id), m.display_name) for m in guild.members.values() if not m.user.bot]
        if kind == CHANNEL:
            choices += [(str(c.id), "#" + c.name) for c in guild.text_channels]
        choices = [(v.lstrip("@"), label) for v, label in choices]
        control = _choices_select(field_id, name, choices, required)
    elif kind in (INTEGER, NUMBER):
        limits = "".join(
            f' {attr}="{esc(opt[key])}"' for key, attr in (("min_value", "min"), ("max_value", "max")) if key in opt
        )
        step = "1" if kind == INTEGER else "any"
        req = " required" if required else ""
        control = f'<input id="{field_id}" name="{esc(name)}" type="number" step="{step}"{limits}{req}>'
    elif kind == ATTACHMENT:
        control = f'<input id="{field_id}" name="{esc(name)}" type="text" disabled value="(no files here)">'
    else:
        lengths = "".join(
            f' {attr}="{esc(opt[key])}"' for key, attr in (("min_length", "minlength"), ("max_length", "maxlength"))
            if key in opt
        )
        req = " required" if required else ""
        auto = datalist = ""
        if opt.get("autocomplete"):
            auto = f' list="{field_id}-list" data-autocomplete="{esc(name)}" autocomplete="off"'
            datalist = f'<datalist id="{field_id}-list"></datalist>'

        control = f'<input id="{field_id}" name="{esc(name)}" type="text"{lengths}{req}{auto}>{datalist}'
    control = control.replace(f'id="{field_id}"', f'id="{field_id}" aria-describedby="{hint_id}"', 1)
    return f'<div class="field">{label}{hint}{control}</div>'


def command_form_html(command: SlashCommand, guild: Guild | None) -> str:
    fields = "".join(option_input(o, guild, i) for i, o in enumerate(command.options))
    return (
        f'<form class="dialog-form" data-act="slash" data-command="{esc(command.path)}">'
        f'<h2 id="dialog-title">/{esc(command.path)}</h2>'
        f'<p class="hint">{esc(command.description)}</p>{fields}'
        '<div class="row"><button type="submit" class="btn btn-primary">Send</button>'
        '<button type="button" class="btn btn-secondary" data-close>Close</button></div></form>'
    )


def convert(opt: dict[str, Any], raw: str) -> Any:
    """A form's text for an option, in the shape MemberActor.slash takes."""
    kind = opt.get("type")
    if opt.get("choices"):
        for c in opt["choices"]:
            if str(c.get("value")) == raw:
                return c.get("value")
    if kind == BOOLEAN:
        return raw == "yes"
    if kind == INTEGER:
        return int(raw)
    if kind == NUMBER:
        return float(raw)
    if kind in (USER, ROLE, CHANNEL, MENTIONABLE) and raw.isdigit():
        return int(raw)
    return raw


def slash_options(command: SlashCommand, values: dict[str, str]) -> dict[str, Any]:
    """Only the options the person filled in (an empty field is left out, as Discord does)."""
    out: dict[str, Any] = {}
    for opt in command.options:
        name = str(opt["name"])
        raw = values.get(name) or ""
        if not raw.strip():
            continue
        plain_text = opt.get("type") == STRING and not opt.get("choices")
        out[name] = raw if plain_text else convert(opt, raw.strip())
    return out


def modal_html(modal: Modal) -> str:
    """A modal the bot opened, as a form inside the page's dialog."""
    parts = [f'<form class="dialog-form" data-act="modal"><h2 id="dialog-title">{esc(modal.title)}</h2>']
    for top in modal.raw.get("components") or []:
        if top.get("type") == TEXT_DISPLAY and top.get("content"):
            parts.append(f'<p class="hint">{esc(top["content"])}</p>')
    for i, f in enumerate(modal.fields):
        field_id = f"modal-{i}"
        label = esc(f.label or f.custom_id)
        req = " required" if f.required else ""
        optional = "" if f.required else " (you can leave this empty)"
        attrs = req
        if f.min_length is not None:
            attrs += f' minlength="{f.min_length}"'
        if f.max_length is not None:
            attrs += f' maxlength="{f.max_length}"'
        if f.placeholder:
            attrs += f' placeholder="{esc(f.placeholder)}"'
        name = esc(f.custom_id)
        if f.kind == "select":
            multiple = " multiple" if f.max_values > 1 else ""
            opts = "".join(
                f'<option value="{esc(o.value)}"{" selected" if o.default else ""}>{esc(o.label)}</option>'
                for o in f.options
            )
            control = f'<select id="{field_id}" name="{name}"{multiple}{req}>{opts}</select>'
        elif f.style == 2:
            control = f'<textarea id="{field_id}" name="{name}" rows="4"{attrs}>{esc(f.value or "")}</textarea>'
        else:
            value = f' value="{esc(f.value)}"' if f.value else ""
            control = f'<input id="{field_id}" name="{name}" type="text"{attrs}{value}>'
        parts.append(f'<div class="field"><label for="{field_id}">{label}{optional}</label>{control}</div>')
    parts.append(
        '<div class="row"><button type="submit" class="btn btn-primary">Send</button>'
        '<button type="button" class="btn btn-secondary" data-close>Close</button></div></form>'
    )
    return "".join(parts)
