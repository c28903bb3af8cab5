from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings

VARS = [
    "DISCORD_TOKEN",
    "DATABASE_URL",
    "DEV_GUILD_ID",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
    "SHARD_COUNT",
    "SHARD_ID",
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults() -> None:
    s = load_settings()
    assert s.discord_token is None
    assert s.database_url == DEFAULT_DATABASE_URL
    assert s.dev_guild_id is None
    assert s.log_level == "INFO"
    assert s.log_format == "text"
    assert s.discord_api_base == "https://discord.com/api/v10"
    assert s.discord_gateway_url == "wss://gateway.discord.gg/"


def test_sqlite_folder_is_created(tmp_path: Path) -> None:
    s = load_settings()
    s.ensure_data_folder()
    assert (tmp_path / "data").is_dir()


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "DISCORD_TOKEN=abc.def\nDEV_GUILD_ID=123\nLOG_LEVEL=debug\nSHARD_COUNT=\n"
        "DISCORD_API_BASE=http://127.0.0.1:9999/api/v10/\n"
    )
    s = load_settings()
    assert s.discord_token is not None and s.discord_token.get_secret_value() == "abc.def"
    assert s.dev_guild_id == 123
    assert s.log_level == "DEBUG"
    assert s.shard_count is None
    assert s.discord_api_base == "http://127.0.0.1:9999/api/v10"


def test_environment_beats_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=DEBUG\n")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    assert load_settings().log_level == "WARNING"


def test_token_is_never_printed() -> None:
    s = Settings(discord_token="secret-token")  # type: ignore[arg-type]
    assert "secret-token" not in repr(s)


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("DEV_GUILD_ID", "my server"),
        ("DEV_GUILD_ID", "-5"),
        ("LOG_LEVEL", "loud"),
        ("LOG_FORMAT", "xml"),
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DISCORD_API_BASE", "discord.com"),
        ("DISCORD_GATEWAY_URL", "http://127.0.0.1/"),
        ("SHARD_COUNT", "0"),
        ("SHARD_ID", "-1"),
    ],
)
def test_bad_value_names_the_variable_in_one_line(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    message = str(err.value)
    assert var in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_shard_id_must_be_below_shard_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARD_COUNT", "2")
    monkeypatch.setenv("SHARD_ID", "2")
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert "SHARD_ID" in str(err.value)
    monkeypatch.setenv("SHARD_ID", "1")
    assert load_settings().shard_id == 1


def test_log_format_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", " JSON ")
    assert load_settings().log_format == "json"


def test_env_example_documents_every_setting() -> None:
    from bot.settings import Settings

    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    documented = {line.split("=", 1)[0] for line in example.splitlines() if line and not line.startswith("#")}
    assert documented == {name.upper() for name in Settings.model_fields}
