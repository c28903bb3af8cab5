"""Settings from the environment and ``.env``. Every variable is documented in ``.env.example``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import texts

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/connect.db"
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["text", "json"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        # An empty line in .env (DEV_GUILD_ID=) means "not set", as .env.example shows.
        env_ignore_empty=True,
    )

    discord_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    dev_guild_id: int | None = Field(default=None, gt=0)
    log_level: LogLevel = "INFO"
    # text: one line per record for people; json: one JSON object per line for log collectors.
    log_format: LogFormat = "text"
    discord_api_base: str = DISCORD_API_BASE
    discord_gateway_url: str = DISCORD_GATEWAY_URL
    # Several processes: how many shards in all, and the one this process runs. Unset: one process.
    shard_count: int | None = Field(default=None, ge=1)
    shard_id: int = Field(default=0, ge=0)
    # Or several shards in this one process (discord.py's AutoShardedBot), e.g. SHARD_IDS=0,1. Wins over SHARD_ID.
    shard_ids: str | None = None
    # The practice page (no token): this computer only, unless the admin chooses another address.
    practice_host: str = "127.0.0.1"
    practice_port: int = Field(default=8080, ge=0, le=65535)

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _blank_shard_ids_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        value = value.strip()
        if not (value.startswith("sqlite+aiosqlite://") or value.startswith("postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path/to/file.db or postgresql+asyncpg://user@host/db")
        return value

    @field_validator("discord_api_base")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("it must start with http:// or https://")
        return value

    @field_validator("discord_gateway_url")
    @classmethod
    def _ws_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("it must start with ws:// or wss://")
        return value

    @model_validator(mode="after")
    def _shard_in_range(self) -> Settings:
        if self.shard_count is not None and self.shard_id >= self.shard_count:
            raise ValueError("SHARD_ID must be smaller than SHARD_COUNT")
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT too")
            try:
                ids = [int(part) for part in self.shard_ids.split(",") if part.strip()]
            except ValueError:
                raise ValueError("SHARD_IDS must be numbers with commas, like 0,1") from None
            if not ids or any(not 0 <= i < self.shard_count for i in ids):
                raise ValueError("SHARD_IDS must each be 0 or more and smaller than SHARD_COUNT")
        return self

    def owned_shards(self) -> list[int]:
        """The shards this process runs: SHARD_IDS, else SHARD_ID, else shard 0 of 1."""
        if self.shard_count is None:
            return [0]
        if self.shard_ids is not None:
            return sorted({int(part) for part in self.shard_ids.split(",") if part.strip()})
        return [self.shard_id]

    def sqlite_path(self) -> Path | None:
        """The SQLite file, if the database is a SQLite file."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        rest = self.database_url[len(prefix) :].split("?", 1)[0]
        if not rest or rest == ":memory:":
            return None
        return Path(rest)

    def ensure_data_folder(self) -> None:
        path = self.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)


class SettingsError(Exception):
    """A setting has a bad value. ``str(err)`` is one plain line naming the variable."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as err:
        first = err.errors()[0]
        problem = str(first["msg"]).removeprefix("Value error, ")
        # The cross-field check has no field of its own: it names SHARD_IDS or SHARD_ID in its message.
        name = str(first["loc"][0]).upper() if first["loc"] else problem.split(" ", 1)[0]
        raise SettingsError(texts.STARTUP_BAD_SETTING.format(name=name, problem=problem)) from None
