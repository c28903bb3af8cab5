"""Checks requests and responses against Discord's OpenAPI description, when it is present.

The spec lives outside the repository: `../shared/discord-api-spec/openapi.json` next to the repo
root, or the path in `DISCORD_OPENAPI_SPEC`. It is loaded and prepared once per process; validators
are built lazily and cached per operation. Without the file, `SpecValidator.available` is False and
one warning says why.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

log = logging.getLogger(__name__)

SPEC_URI = "urn:discord-openapi"
REQUEST_SPEC_URI = "urn:discord-openapi:requests"
REPO_ROOT = Path(__file__).resolve().parents[1]

# Where the spec is stricter than Discord in a way that flags discord.py 2.7.1's own normal requests.
# Applied to REQUEST validation only; the stand-in's responses are held to the spec as written.
RELAXATIONS: dict[str, str] = {
    "SnowflakeType": (
        "Discord accepts snowflakes as JSON integers as well as strings; discord.py sends integers "
        "(recipient_id, allowed_mentions.users, attachments[].id upload indexes, ...). The spec types "
        "them as strings only."
    ),
}
_SNOWFLAKE_RELAXED = {
    "anyOf": [
        {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
        {"type": "integer", "minimum": 0},
    ]
}


def default_spec_path() -> Path:
    env = os.environ.get("DISCORD_OPENAPI_SPEC")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    operation_id: str
    request_schemas: dict[str, Any]  # content type -> schema ref pointer
    response_codes: dict[str, dict[str, Any]]  # status pattern -> {content type: pointer}
    regex: re.Pattern[str]
    literal_segments: int


def _pointer(*parts: str, base: str = SPEC_URI) -> str:
    escaped = [p.replace("~", "~0").replace("/", "~1") for p in parts]
    return base + "#/" + "/".join(quote(p, safe="~@") for p in escaped)


class SpecValidator:
    _cache: dict[Path, SpecValidator] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.available = False
        self.reason = ""
        self._operations: list[Operation] = []
        self._validators: dict[str, Any] = {}
        self._registry: Registry[Any] = Registry()
        self._load()

    @classmethod
    def load(cls, path: Path | str | None = None) -> SpecValidator:
        """The validator for `path` (default: the shared spec), loaded once per process."""
        resolved = Path(path) if path is not None else default_spec_path()
        cached = cls._cache.get(resolved)
        if cached is None:
            cached = cls._cache[resolved] = cls(resolved)
            if not cached.available:
                log.warning("Discord OpenAPI checks are skipped: %s", cached.reason)
        return cached

    def _load(self) -> None:
        if not self.path.is_file():
            self.reason = (
                f"no spec file at {self.path} (put discord-api-spec beside the repository in "
                "shared/discord-api-spec/openapi.json, or set DISCORD_OPENAPI_SPEC)"
            )
            return
        try:
            spec = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.reason = f"cannot read {self.path}: {exc}"
            return
        relaxed = dict(spec)
        relaxed["components"] = dict(spec["components"])
        relaxed["components"]["schemas"] = dict(spec["components"]["schemas"])
        relaxed["components"]["schemas"]["SnowflakeType"] = _SNOWFLAKE_RELAXED
        self._registry = Registry().with_resources(
            [
                (SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)),
                (REQUEST_SPEC_URI, Resource.from_contents(relaxed, default_specification=DRAFT202012)),
            ]
        )
        for template, item in spec.get("paths", {}).items():
            regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template)) + "$")
            literals = sum(1 for seg in template.split("/") if seg and not seg.startswith("{"))
            for method, op in item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                requests: dict[str, Any] = {}
                for ctype, media in (op.get("requestBody") or {}).get("content", {}).items():
                    if "schema" in media:
                        requests[ctype] = _pointer(
                            "paths", template, method, "requestBody", "content", ctype, "schema", base=REQUEST_SPEC_URI
                        )
                responses: dict[str, dict[str, Any]] = {}
                for status, resp in op.get("responses", {}).items():
                    ref = resp.get("$ref")
                    base: tuple[str, ...] = ("paths", template, method, "responses", status)
                    if ref:
                        name = ref.rsplit("/", 1)[-1]
                        resp = spec["components"]["responses"][name]
                        base = ("components", "responses", name)
                    responses[status] = {
                        ctype: _pointer(*base, "content", ctype, "schema")
                        for ctype, media in (resp.get("content") or {}).items()
                        if "schema" in media
                    }
                self._operations.append(
                    Operation(
                        method=method.upper(),
                        template=template,
                        operation_id=str(op.get("operationId", f"{method} {template}")),
                        request_schemas=requests,
                        response_codes=responses,
                        regex=regex,
                        literal_segments=literals,
                    )
                )
        # Literal segments win over parameters (/messages/@original before /messages/{message_id}).
        self._operations.sort(key=lambda o: -o.literal_segments)
        self.available = True

    def operation(self, method: str, path: str) -> Operation | None:
        for op in self._operations:
            if op.method == method and op.regex.match(path):
                return op
        return None

    def _validator(self, pointer: str) -> Any:
        v = self._validators.get(pointer)
        if v is None:
            v = jsonschema.Draft202012Validator(
                {"$ref": pointer},
                registry=self._registry,
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            )
            self._validators[pointer] = v
        return v

    def _errors(self, pointer: str, body: Any) -> list[str]:
        errors = list(self._validator(pointer).iter_errors(body))
        if not errors:
            return []
        return [_describe(best_match(errors))]

    def validate_request(self, method: str, path: str, content_type: str, body: Any) -> tuple[str, list[str]]:
        """Returns (operation id, problems). Unknown operations give ("", [])."""
        op = self.operation(method, path)
        if op is None:
            return "", []
        pointer = op.request_schemas.get(content_type) or op.request_schemas.get("application/json")
        if pointer is None:
            if body is not None:
                return op.operation_id, [f"the spec defines no request body, got {type(body).__name__}"]
            return op.operation_id, []
        return op.operation_id, self._errors(pointer, body)

    def validate_response(self, method: str, path: str, status: int, body: Any) -> tuple[str, list[str]]:
        op = self.operation(method, path)
        if op is None:
            return "", []
        codes = op.response_codes
        key = str(status) if str(status) in codes else f"{str(status)[0]}XX"
        entry = codes.get(key)
        if entry is None:
            return op.operation_id, [f"status {status} is not a documented response"]
        pointer = entry.get("application/json")
        if pointer is None:
            if body is not None:
                return op.operation_id, [f"status {status} has no documented body, got one"]
            return op.operation_id, []
        if body is None:
            return op.operation_id, [f"status {status} must have a JSON body"]
        return op.operation_id, self._errors(pointer, body)


def _describe(error: ValidationError) -> str:
    # For unions, point at the deepest failing branch: "... is not valid under any" says nothing.
    leaf = error
    while leaf.context:
        leaf = best_match(leaf.context)
    where = leaf.json_path
    msg = leaf.message
    if len(msg) > 300:
        msg = msg[:300] + "..."
    return f"{where}: {msg}"
