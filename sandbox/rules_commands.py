"""Discord's rules for interaction callbacks (modals, autocomplete choices) and application commands."""

from __future__ import annotations

import re
from typing import Any

from .rules import (
    MAX_CHOICES,
    MAX_CUSTOM_ID,
    MAX_MODAL_COMPONENTS,
    MAX_MODAL_TITLE,
    MAX_TEXT_INPUT_LABEL,
    FormErrors,
    check_select,
)
from .views import LABEL, SELECT_TYPES, TEXT_DISPLAY, TEXT_INPUT


# --- interaction callbacks ----------------------------------------------------------------------
def check_modal(data: Any) -> FormErrors:
    errors = FormErrors()
    if not isinstance(data, dict):
        errors.add(["data"], "BASE_TYPE_REQUIRED", "This field is required")
        return errors
    errors.required(["data", "title"], data.get("title"))
    errors.max_length(["data", "title"], data.get("title"), MAX_MODAL_TITLE)
    errors.required(["data", "custom_id"], data.get("custom_id"))
    errors.max_length(["data", "custom_id"], data.get("custom_id"), MAX_CUSTOM_ID)
    comps = data.get("components") or []
    if not 1 <= len(comps) <= MAX_MODAL_COMPONENTS:
        errors.add(
            ["data", "components"], "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {MAX_MODAL_COMPONENTS} in length."
        )
    ids: set[str] = set()
    for i, top in enumerate(comps):
        p: list[str | int] = ["data", "components", i]
        kind = top.get("type")
        inner: list[dict[str, Any]]
        if kind == 1:
            inner = top.get("components") or []
            if len(inner) != 1:
                errors.add([*p, "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 1 in length.")
            label_text = None
        elif kind == LABEL:
            inner = [top["component"]] if isinstance(top.get("component"), dict) else []
            label_text = top.get("label")
            errors.required([*p, "label"], label_text)
            errors.max_length([*p, "label"], label_text, MAX_TEXT_INPUT_LABEL)
            errors.max_length([*p, "description"], top.get("description"), 100)
            if not inner:
                errors.add([*p, "component"], "BASE_TYPE_REQUIRED", "This field is required")
        elif kind == TEXT_DISPLAY:
            errors.max_length([*p, "content"], top.get("content"), 4000)
            continue
        else:
            errors.add([*p, "type"], "UNION_TYPE_CHOICES", f"Component type {kind} is not allowed in a modal.")
            continue
        for j, c in enumerate(inner):
            cp: list[str | int] = [*p, "components", j] if kind == 1 else [*p, "component"]
            cid = c.get("custom_id")
            errors.required([*cp, "custom_id"], cid)
            errors.max_length([*cp, "custom_id"], cid, MAX_CUSTOM_ID)
            if isinstance(cid, str):
                if cid in ids:
                    errors.add(
                        [*cp, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
                    )
                ids.add(cid)
            if c.get("type") == TEXT_INPUT:
                if kind == 1:
                    errors.required([*cp, "label"], c.get("label"))
                    errors.max_length([*cp, "label"], c.get("label"), MAX_TEXT_INPUT_LABEL)
                elif c.get("label") is not None:
                    errors.add(
                        [*cp, "label"],
                        "TEXT_INPUT_LABEL_NOT_ALLOWED",
                        "A text input inside a label component cannot have its own label",
                    )
                if c.get("style") not in (1, 2):
                    errors.add([*cp, "style"], "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")
                for key, low, high in (("min_length", 0, 4000), ("max_length", 1, 4000)):
                    v = c.get(key)
                    if v is not None and not low <= int(v) <= high:
                        errors.add([*cp, key], "NUMBER_TYPE_MAX", f"int value should be between {low} and {high}.")
                errors.max_length([*cp, "value"], c.get("value"), 4000)
                errors.max_length([*cp, "placeholder"], c.get("placeholder"), 100)
            elif c.get("type") in SELECT_TYPES:
                check_select(c, errors, cp, in_modal=True)
            else:
                errors.add(
                    [*cp, "type"], "UNION_TYPE_CHOICES", f"Component type {c.get('type')} is not allowed in a modal."
                )
    return errors


def check_choices(data: Any) -> FormErrors:
    errors = FormErrors()
    choices = (data or {}).get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        errors.add(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required")
        return errors
    errors.max_items(["data", "choices"], choices, MAX_CHOICES)
    for i, ch in enumerate(choices):
        errors.bad_length(["data", "choices", i, "name"], ch.get("name"), 1, 100)
        errors.max_length(["data", "choices", i, "value"], ch.get("value"), 100)
    return errors


# --- application commands -----------------------------------------------------------------------
_NAME_RE = re.compile(r"^[-_'\w]{1,32}$", re.UNICODE)


def _check_options(options: Any, errors: FormErrors, p: list[str | int], depth: int) -> None:
    if not isinstance(options, list):
        return
    errors.max_items([*p, "options"], options, 25)
    seen_optional = False
    names: set[str] = set()
    for i, o in enumerate(options):
        op: list[str | int] = [*p, "options", i]
        name = o.get("name")
        if not isinstance(name, str) or not _NAME_RE.match(name) or name != name.lower():
            errors.add([*op, "name"], "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")
        if name in names:
            errors.add([*op, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
        names.add(str(name))
        errors.bad_length([*op, "description"], o.get("description"), 1, 100)
        otype = o.get("type")
        if otype in (1, 2):
            if depth >= 2 or (otype == 2 and depth >= 1):
                errors.add([*op, "type"], "APPLICATION_COMMAND_SUBCOMMAND_DEPTH", "Subcommands nested too deeply")
            _check_options(o.get("options"), errors, op, depth + 1)
            continue
        if o.get("required"):
            if seen_optional:
                errors.add(
                    [*op, "required"],
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        choices = o.get("choices")
        if isinstance(choices, list):
            errors.max_items([*op, "choices"], choices, MAX_CHOICES)
            for k, ch in enumerate(choices):
                errors.bad_length([*op, "choices", k, "name"], ch.get("name"), 1, 100)
                errors.max_length([*op, "choices", k, "value"], ch.get("value"), 100)
            if o.get("autocomplete") and choices:
                errors.add(
                    [*op, "autocomplete"],
                    "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES",
                    "Autocomplete cannot be set with choices",
                )


def check_commands(commands: Any) -> FormErrors:
    errors = FormErrors()
    if not isinstance(commands, list):
        errors.add([], "BASE_TYPE_REQUIRED", "An array of commands is required")
        return errors
    seen: set[tuple[int, str]] = set()
    chat = 0
    for i, c in enumerate(commands):
        p: list[str | int] = [i]
        ctype = int(c.get("type") or 1)
        name = c.get("name")
        if ctype == 1:
            chat += 1
            if not isinstance(name, str) or not _NAME_RE.match(name) or name != name.lower():
                errors.add([*p, "name"], "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")
            errors.bad_length([*p, "description"], c.get("description"), 1, 100)
        else:
            errors.bad_length([*p, "name"], name, 1, 32)
        key = (ctype, str(name))
        if key in seen:
            errors.add(
                [*p, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", f"Application command names must be unique: {name}"
            )
        seen.add(key)
        _check_options(c.get("options"), errors, p, 0)
    if chat > 100:
        errors.add([], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer chat input commands.")
    return errors
