"""Discord's limits on what a bot may send, with Discord's own error shapes.

Each check adds to a `FormErrors`, which renders as Discord's 50035 "Invalid Form Body" JSON
(`{"code": 50035, "errors": {"content": {"_errors": [{"code": ..., "message": ...}]}}, ...}`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .views import BUTTON, SELECT_TYPES, STRING_SELECT, walk
from .world_records import EPHEMERAL, IS_COMPONENTS_V2, SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR_NAME = 256
MAX_ROWS = 5
MAX_ROW_BUTTONS = 5
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_SELECT_OPTIONS = 25
MAX_OPTION_TEXT = 100
MAX_PLACEHOLDER = 150
MAX_MODAL_TITLE = 45
MAX_MODAL_COMPONENTS = 5
MAX_TEXT_INPUT_LABEL = 45
MAX_V2_COMPONENTS = 40
MAX_CHOICES = 25
MAX_NONCE = 25
MAX_ATTACHMENTS = 10

ALLOWED_SEND_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2
ALLOWED_INTERACTION_FLAGS = ALLOWED_SEND_FLAGS | EPHEMERAL


class FormErrors:
    """Collects field errors in Discord's nested shape."""

    def __init__(self) -> None:
        self.errors: dict[str, Any] = {}
        self.flat: list[str] = []

    def add(self, path: Sequence[str | int], code: str, message: str) -> None:
        node = self.errors
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
        where = ".".join(str(p) for p in path) or "(body)"
        self.flat.append(f"{where}: {message}")

    def max_length(self, path: Sequence[str | int], value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def bad_length(self, path: Sequence[str | int], value: Any, low: int, high: int) -> None:
        if isinstance(value, (str, list)) and not low <= len(value) <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def max_items(self, path: Sequence[str | int], value: Any, limit: int) -> None:
        if isinstance(value, list) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def required(self, path: Sequence[str | int], value: Any) -> None:
        if value is None or value == "":
            self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def __bool__(self) -> bool:
        return bool(self.errors)

    def body(self) -> dict[str, Any]:
        return {"code": 50035, "errors": self.errors, "message": "Invalid Form Body"}

    def summary(self) -> str:
        return "; ".join(self.flat)


# --- messages ---------------------------------------------------------------------------------
def _embed_text_length(embed: dict[str, Any]) -> int:
    total = len(str(embed.get("title") or "")) + len(str(embed.get("description") or ""))
    for f in embed.get("fields") or []:
        total += len(str(f.get("name") or "")) + len(str(f.get("value") or ""))
    footer = embed.get("footer")
    if isinstance(footer, dict):
        total += len(str(footer.get("text") or ""))
    author = embed.get("author")
    if isinstance(author, dict):
        total += len(str(author.get("name") or ""))
    return total


def check_embeds(embeds: Any, errors: FormErrors, path: Sequence[str | int] = ("embeds",)) -> None:
    if not isinstance(embeds, list):
        return
    errors.max_items(path, embeds, MAX_EMBEDS)
    total = 0
    for i, e in enumerate(embeds):
        if not isinstance(e, dict):
            continue
        p = [*path, i]
        errors.max_length([*p, "title"], e.get("title"), MAX_EMBED_TITLE)
        errors.max_length([*p, "description"], e.get("description"), MAX_EMBED_DESCRIPTION)
        fields = e.get("fields") or []
        errors.max_items([*p, "fields"], fields, MAX_EMBED_FIELDS)
        for j, f in enumerate(fields):
            errors.required([*p, "fields", j, "name"], f.get("name"))
            errors.required([*p, "fields", j, "value"], f.get("value"))
            errors.max_length([*p, "fields", j, "name"], f.get("name"), MAX_FIELD_NAME)
            errors.max_length([*p, "fields", j, "value"], f.get("value"), MAX_FIELD_VALUE)
        footer = e.get("footer")
        if isinstance(footer, dict):
            errors.max_length([*p, "footer", "text"], footer.get("text"), MAX_FOOTER)
        author = e.get("author")
        if isinstance(author, dict):
            errors.max_length([*p, "author", "name"], author.get("name"), MAX_AUTHOR_NAME)
        total += _embed_text_length(e)
    if total > MAX_EMBED_TOTAL:
        errors.add(path, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}")


def _check_button(c: dict[str, Any], errors: FormErrors, p: list[str | int]) -> None:
    style = c.get("style")
    if style not in (1, 2, 3, 4, 5, 6):
        errors.add([*p, "style"], "BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3, 4, 5, 6).")
    errors.max_length([*p, "label"], c.get("label"), MAX_BUTTON_LABEL)
    if style == 5:
        if not c.get("url"):
            errors.add([*p, "url"], "BUTTON_COMPONENT_URL_REQUIRED", "A url is required")
        if c.get("custom_id"):
            errors.add([*p, "custom_id"], "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A custom id cannot be set")
    elif style != 6:
        if not c.get("custom_id"):
            errors.add([*p, "custom_id"], "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED", "A custom id is required")
    if not c.get("label") and not c.get("emoji") and style != 6:
        errors.add(p, "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A label or an emoji is required")


def check_select(c: dict[str, Any], errors: FormErrors, p: list[str | int], *, in_modal: bool = False) -> None:
    errors.max_length([*p, "placeholder"], c.get("placeholder"), MAX_PLACEHOLDER)
    min_v = c.get("min_values")
    max_v = c.get("max_values")
    if min_v is not None and not 0 <= int(min_v) <= 25:
        errors.add([*p, "min_values"], "NUMBER_TYPE_MAX", "int value should be between 0 and 25.")
    if max_v is not None and not 1 <= int(max_v) <= 25:
        errors.add([*p, "max_values"], "NUMBER_TYPE_MAX", "int value should be between 1 and 25.")
    if c.get("type") == STRING_SELECT:
        options = c.get("options") or []
        if not 1 <= len(options) <= MAX_SELECT_OPTIONS:
            errors.add(
                [*p, "options"], "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {MAX_SELECT_OPTIONS} in length."
            )
        values = set()
        for k, o in enumerate(options):
            errors.required([*p, "options", k, "label"], o.get("label"))
            errors.required([*p, "options", k, "value"], o.get("value"))
            errors.max_length([*p, "options", k, "label"], o.get("label"), MAX_OPTION_TEXT)
            errors.max_length([*p, "options", k, "value"], o.get("value"), MAX_OPTION_TEXT)
            errors.max_length([*p, "options", k, "description"], o.get("description"), MAX_OPTION_TEXT)
            if o.get("value") in values:
                errors.add(
                    [*p, "options", k, "value"],
                    "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                    "Select component option values must be unique",
                )
            values.add(o.get("value"))
        if max_v is not None and options and int(max_v) > len(options):
            errors.add([*p, "max_values"], "BASE_TYPE_MAX", f"Must be less than or equal to {len(options)}.")
        defaults = sum(1 for o in options if o.get("default"))
        if defaults > int(max_v if max_v is not None else 1):
            errors.add(
                [*p, "options"],
                "SELECT_COMPONENT_TOO_MANY_DEFAULT_VALUES",
                "The number of default values exceeds max_values",
            )


def check_components(
    components: Any, errors: FormErrors, *, v2: bool, path: Sequence[str | int] = ("components",)
) -> None:
    if not isinstance(components, list):
        return
    seen_ids: set[str] = set()
    for comp in walk(components):
        cid = comp.get("custom_id")
        if isinstance(cid, str):
            if cid in seen_ids:
                errors.add(path, "COMPONENT_CUSTOM_ID_DUPLICATED", f"Component custom id cannot be duplicated: {cid}")
            seen_ids.add(cid)
            if len(cid) > MAX_CUSTOM_ID:
                errors.add(
                    path,
                    "BASE_TYPE_MAX_LENGTH",
                    f"custom_id {cid[:20]}...: Must be {MAX_CUSTOM_ID} or fewer in length.",
                )
    if v2:
        total = sum(1 for _ in walk(components))
        if total > MAX_V2_COMPONENTS:
            errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_V2_COMPONENTS} or fewer in length.")
        for i, comp in enumerate(components):
            for inner in walk([comp]):
                if inner.get("type") == BUTTON:
                    _check_button(inner, errors, [*path, i])
                elif inner.get("type") in SELECT_TYPES:
                    check_select(inner, errors, [*path, i])
        return
    if len(components) > MAX_ROWS:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_ROWS} or fewer in length.")
    for i, row in enumerate(components):
        p: list[str | int] = [*path, i]
        if not isinstance(row, dict) or row.get("type") != 1:
            errors.add(
                [*p, "type"],
                "UNION_TYPE_CHOICES",
                'Value of field "type" must be one of (1,) without the IS_COMPONENTS_V2 flag.',
            )
            continue
        children = row.get("components") or []
        if not children:
            errors.add([*p, "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
        kinds = [c.get("type") for c in children]
        selects = [k for k in kinds if k in SELECT_TYPES]
        if selects and len(children) > 1:
            errors.add(
                [*p, "components"],
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        elif len(children) > MAX_ROW_BUTTONS:
            errors.add([*p, "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
        for j, c in enumerate(children):
            cp: list[str | int] = [*p, "components", j]
            if c.get("type") == BUTTON:
                _check_button(c, errors, cp)
            elif c.get("type") in SELECT_TYPES:
                check_select(c, errors, cp)
            else:
                errors.add(
                    [*cp, "type"],
                    "UNION_TYPE_CHOICES",
                    f"Component type {c.get('type')} is not allowed in an action row.",
                )


@dataclass
class FilePart:
    field: str
    filename: str
    content_type: str | None
    data: bytes


def check_message(
    payload: dict[str, Any],
    *,
    files: Sequence[FilePart] = (),
    edit: bool = False,
    interaction: bool = False,
    existing_has_content: bool = False,
) -> tuple[FormErrors, bool]:
    """Checks a create/edit body. Returns (errors, empty) where `empty` means Discord's 50006."""
    errors = FormErrors()
    content = payload.get("content")
    errors.max_length(["content"], content, MAX_CONTENT)
    check_embeds(payload.get("embeds"), errors)
    flags = payload.get("flags")
    flags_int = int(flags) if isinstance(flags, int) else 0
    v2 = bool(flags_int & IS_COMPONENTS_V2)
    check_components(payload.get("components"), errors, v2=v2)
    if v2 and (payload.get("content") or payload.get("embeds")):
        errors.add(
            ["content"],
            "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
        )
    allowed = ALLOWED_INTERACTION_FLAGS if interaction else ALLOWED_SEND_FLAGS
    if flags_int & ~allowed and not edit:
        errors.add(["flags"], "MESSAGE_INVALID_FLAGS", f"Invalid flags for a message: {flags_int}")
    nonce = payload.get("nonce")
    if isinstance(nonce, str) and len(nonce) > MAX_NONCE:
        errors.add(["nonce"], "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_NONCE} or fewer in length.")
    attachments = payload.get("attachments")
    errors.max_items(["attachments"], attachments, MAX_ATTACHMENTS)
    if len(files) > MAX_ATTACHMENTS:
        errors.add(["files"], "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_ATTACHMENTS} or fewer in length.")
    am = payload.get("allowed_mentions")
    if isinstance(am, dict):
        parse = am.get("parse") or []
        if "users" in parse and am.get("users"):
            errors.add(
                ["allowed_mentions"],
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                'parse:["users"] and users: [ids...] are mutually exclusive.',
            )
        if "roles" in parse and am.get("roles"):
            errors.add(
                ["allowed_mentions"],
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                'parse:["roles"] and roles: [ids...] are mutually exclusive.',
            )
        for key in ("users", "roles"):
            errors.max_items(["allowed_mentions", key], am.get(key), 100)
    empty = False
    if not edit:
        has_something = bool(
            (isinstance(content, str) and content.strip())
            or payload.get("embeds")
            or payload.get("components")
            or files
            or payload.get("sticker_ids")
            or payload.get("poll")
        )
        empty = not has_something
    return errors, empty
