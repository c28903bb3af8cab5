"""``python -m bot backup PATH``: a copy of the data that is safe to make while Connect runs.

SQLite: the online backup API copies a consistent snapshot page by page (writers wait a moment, WAL
included), so the copy is never half-written. It goes to ``PATH.partial`` first and is renamed at the end.
PostgreSQL: ``pg_dump`` does the same job; Connect prints the command (it needs the PostgreSQL tools).
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bot import texts
from bot.settings import Settings

SQLITE_BUSY_TIMEOUT_S = 30


def target_file(target: str | Path, suffix: str, now: datetime) -> Path:
    """A folder (existing, or written with a slash at the end) gets a file named by the time."""
    path = Path(target)
    if path.is_dir() or str(target).endswith(("/", os.sep)):
        return path / f"connect-{now:%Y-%m-%d-%H%M%S}{suffix}"
    return path


def backup_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_S)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)


def pg_dump_command(url: str, target: Path) -> tuple[str, bool]:
    """The pg_dump command for this database (never with the password), and whether it has one."""
    parsed = make_url(url)
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts.append(parsed.database or "connect")
    return " ".join(shlex.quote(p) for p in parts), parsed.password is not None


def main(
    settings: Settings, target: str | Path, say: Callable[[str], None] = print, now: datetime | None = None
) -> int:
    now = now or datetime.now(UTC)
    if settings.database_url.startswith("postgresql"):
        command, has_password = pg_dump_command(settings.database_url, target_file(target, ".dump", now))
        say(texts.OPS_BACKUP_POSTGRES.format(command=command))
        if has_password:
            say(texts.OPS_BACKUP_PASSWORD)
        return 0
    source = settings.sqlite_path()
    if source is None:
        say(texts.OPS_BACKUP_MEMORY)
        return 1
    if not source.is_file():
        say(texts.OPS_BACKUP_NOTHING.format(path=source))
        return 1
    file = target_file(target, ".db", now)
    if file.exists() and file.resolve() == source.resolve():
        say(texts.OPS_BACKUP_SAME_FILE)
        return 1
    if file.exists():
        say(texts.OPS_BACKUP_EXISTS.format(path=file))
        return 1
    try:
        backup_sqlite(source, file)
    except (OSError, sqlite3.Error):
        say(texts.OPS_BACKUP_CANNOT_WRITE.format(path=file))
        return 1
    say(texts.OPS_BACKUP_DONE.format(path=file))
    return 0
