"""Logging for people and for machines.

Everything goes to standard error (systemd's journal and ``docker compose logs`` keep it).
``LOG_FORMAT=text``: one line per record, a timestamp first. ``LOG_FORMAT=json``: one JSON object per line.
The operator's own lines (ready, a plain failure) come from the ``connect.ops`` logger: shown at any
``LOG_LEVEL``, and in text mode without a prefix, so a person reads one plain sentence.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from bot import texts

OPS_LOGGER = "connect.ops"
ops_log = logging.getLogger(OPS_LOGGER)

# Fields every LogRecord has; anything else was passed with extra={...} and goes into the JSON too.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if record.name == OPS_LOGGER and not record.exc_info:
            return record.getMessage()
        return super().format(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text", stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # discord.py is chatty at INFO about gateway internals.
    quiet = max(logging.getLevelName(level), logging.WARNING)
    for noisy in ("discord", "alembic"):
        logging.getLogger(noisy).setLevel(quiet)
    # The operator's lines show at any level; below INFO they would hide "ready" and the plain failures.
    ops_log.setLevel(min(logging.getLevelName(level), logging.INFO))


def say(line: str, *, level: int = logging.INFO) -> None:
    """One plain line for the person who runs Connect."""
    ops_log.log(level, line)


def said_with_detail(line: str, error: BaseException, *, level: int = logging.ERROR) -> None:
    """The plain line for people; the traceback only in the DEBUG log."""
    say(line, level=level)
    logging.getLogger("connect").debug("details of: %s", line, exc_info=error)


def ready_line(guild_count: int) -> str:
    if guild_count == 0:
        return texts.OPS_READY_NONE
    if guild_count == 1:
        return texts.OPS_READY_ONE
    return texts.OPS_READY.format(count=guild_count)
