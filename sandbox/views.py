"""Read components the way a member sees them: buttons, selects, modals, text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
USER_SELECT = 5
ROLE_SELECT = 6
MENTIONABLE_SELECT = 7
CHANNEL_SELECT = 8
SELECT_TYPES = {STRING_SELECT, USER_SELECT, ROLE_SELECT, MENTIONABLE_SELECT, CHANNEL_SELECT}
TEXT_DISPLAY = 10
LABEL = 18


def walk(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component, depth first (rows, sections, containers, labels included)."""
    for comp in components:
        yield comp
        children = comp.get("components")
        if isinstance(children, list):
            yield from walk(children)
        inner = comp.get("component")
        if isinstance(inner, dict):
            yield from walk([inner])
        accessory = comp.get("accessory")
        if isinstance(accessory, dict):
            yield from walk([accessory])


def plain(text: str | None) -> str:
    """Label text without emoji or punctuation noise, case-folded: "✅ I'm coming" -> "i'm coming"."""
    if not text:
        return ""
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cs", "Co", "Mn", "Cf") or ch in "\ufe0f\u200d":
            continue
        kept.append(ch)
    out = re.sub(r"<a?:\w+:\d+>", "", "".join(kept))
    out = out.replace("\u2019", "'")
    return " ".join(out.split()).casefold()


@dataclass(frozen=True)
class Button:
    label: str | None
    custom_id: str | None
    style: int
    url: str | None = None
    disabled: bool = False
    emoji: str | None = None

    def matches(self, wanted: str) -> bool:
        if self.custom_id is not None and wanted == self.custom_id:
            return True
        return bool(self.label) and plain(self.label) == plain(wanted)


@dataclass(frozen=True)
class SelectOption:
    label: str
    value: str
    description: str | None = None
    default: bool = False


@dataclass(frozen=True)
class Select:
    custom_id: str
    type: int
    placeholder: str | None
    options: tuple[SelectOption, ...]
    min_values: int = 1
    max_values: int = 1
    disabled: bool = False
    channel_types: tuple[int, ...] = ()

    @property
    def labels(self) -> list[str]:
        return [o.label for o in self.options]


@dataclass(frozen=True)
class ModalField:
    custom_id: str
    label: str | None
    kind: str  # "text" or "select"
    style: int = 1
    required: bool = True
    min_length: int | None = None
    max_length: int | None = None
    value: str | None = None
    placeholder: str | None = None
    options: tuple[SelectOption, ...] = ()
    min_values: int = 1
    max_values: int = 1
    # 1 when wrapped in an action row (older layout), 18 when wrapped in a label component.
    wrapper: int = 1
    wrapper_id: int | None = None
    component_id: int | None = None
    component_type: int = TEXT_INPUT


@dataclass(frozen=True)
class Modal:
    custom_id: str
    title: str
    fields: tuple[ModalField, ...]
    raw: dict[str, Any] = field(repr=False, hash=False, compare=False, default_factory=dict)

    def field(self, label_or_id: str) -> ModalField:
        for f in self.fields:
            if f.custom_id == label_or_id:
                return f
        for f in self.fields:
            if f.label is not None and plain(f.label) == plain(label_or_id):
                return f
        raise LookupError(
            f"modal {self.title!r} has no field {label_or_id!r}; fields: {[f.label for f in self.fields]}"
        )


def _emoji_text(emoji: Any) -> str | None:
    if isinstance(emoji, dict):
        return emoji.get("name")
    return None


def _options(raw: list[dict[str, Any]] | None) -> tuple[SelectOption, ...]:
    return tuple(
        SelectOption(
            label=str(o.get("label", "")),
            value=str(o.get("value", "")),
            description=o.get("description"),
            default=bool(o.get("default", False)),
        )
        for o in raw or []
    )


def buttons_of(components: list[dict[str, Any]]) -> list[Button]:
    return [
        Button(
            label=c.get("label"),
            custom_id=c.get("custom_id"),
            style=int(c.get("style", 1)),
            url=c.get("url"),
            disabled=bool(c.get("disabled", False)),
            emoji=_emoji_text(c.get("emoji")),
        )
        for c in walk(components)
        if c.get("type") == BUTTON
    ]


def selects_of(components: list[dict[str, Any]]) -> list[Select]:
    return [
        Select(
            custom_id=str(c.get("custom_id")),
            type=int(c["type"]),
            placeholder=c.get("placeholder"),
            options=_options(c.get("options")),
            min_values=int(c.get("min_values", 1) if c.get("min_values") is not None else 1),
            max_values=int(c.get("max_values", 1) if c.get("max_values") is not None else 1),
            disabled=bool(c.get("disabled", False)),
            channel_types=tuple(c.get("channel_types") or ()),
        )
        for c in walk(components)
        if c.get("type") in SELECT_TYPES
    ]


def modal_of(data: dict[str, Any]) -> Modal:
    fields: list[ModalField] = []
    for top in data.get("components") or []:
        wrapper = int(top.get("type", 1))
        if wrapper == 1:
            inner_list = top.get("components") or []
            label = None
        elif wrapper == LABEL:
            inner_list = [top.get("component")] if top.get("component") else []
            label = top.get("label")
        else:
            continue
        for inner in inner_list:
            ctype = inner.get("type")
            if ctype == TEXT_INPUT:
                fields.append(
                    ModalField(
                        custom_id=str(inner.get("custom_id")),
                        label=label if wrapper == LABEL else inner.get("label"),
                        kind="text",
                        style=int(inner.get("style", 1)),
                        required=bool(inner.get("required", True)),
                        min_length=inner.get("min_length"),
                        max_length=inner.get("max_length"),
                        value=inner.get("value"),
                        placeholder=inner.get("placeholder"),
                        wrapper=wrapper,
                        wrapper_id=top.get("id"),
                        component_id=inner.get("id"),
                        component_type=TEXT_INPUT,
                    )
                )
            elif ctype in SELECT_TYPES:
                fields.append(
                    ModalField(
                        custom_id=str(inner.get("custom_id")),
                        label=label,
                        kind="select",
                        required=bool(inner.get("required", True)),
                        placeholder=inner.get("placeholder"),
                        options=_options(inner.get("options")),
                        min_values=int(inner.get("min_values") if inner.get("min_values") is not None else 1),
                        max_values=int(inner.get("max_values") if inner.get("max_values") is not None else 1),
                        wrapper=wrapper,
                        wrapper_id=top.get("id"),
                        component_id=inner.get("id"),
                        component_type=int(ctype),
                    )
                )
    return Modal(custom_id=str(data.get("custom_id")), title=str(data.get("title")), fields=tuple(fields), raw=data)


def text_of(content: str, embeds: list[dict[str, Any]], components: list[dict[str, Any]]) -> str:
    parts = [content] if content else []
    for e in embeds:
        for key in ("title", "description"):
            if e.get(key):
                parts.append(str(e[key]))
        if isinstance(e.get("author"), dict) and e["author"].get("name"):
            parts.append(str(e["author"]["name"]))
        for f in e.get("fields") or []:
            parts.append(f"{f.get('name', '')}: {f.get('value', '')}")
        if isinstance(e.get("footer"), dict) and e["footer"].get("text"):
            parts.append(str(e["footer"]["text"]))
    for c in walk(components):
        if c.get("type") == TEXT_DISPLAY and c.get("content"):
            parts.append(str(c["content"]))
    return "\n".join(parts)
