"""The Dockerfile, compose.yaml and the systemd unit parse and say what README promises.

No container engine runs here, so the image is built only where one does (else skipped, with the reason).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.settings import load_settings
from tests.ops.helpers import REPO

DOCKER_INSTRUCTIONS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped, as Docker reads it."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        word, _, args = line.partition(" ")
        result.append((word, args.strip()))
    assert pending == "", "the last line must not end with a backslash"
    return result


def test_dockerfile_parses_and_is_safe() -> None:
    steps = dockerfile_instructions((REPO / "Dockerfile").read_text())
    names = [name for name, _ in steps]
    assert set(names) <= DOCKER_INSTRUCTIONS, set(names) - DOCKER_INSTRUCTIONS
    assert all(name.isupper() for name in names)
    assert steps[0] == ("FROM", "python:3.11-slim")
    for name, args in steps:
        if name in ("CMD", "ENTRYPOINT", "VOLUME"):
            assert isinstance(json.loads(args), list), f"{name} in exec form"
        if name == "COPY":
            *sources, _dest = args.split()
            for source in sources:
                assert (REPO / source).exists(), f"COPY {source}: not in the repository"
        if name == "HEALTHCHECK":
            assert json.loads(args[args.index("CMD") + 3 :]) == ["python", "-m", "bot", "check"]
    users = [args for name, args in steps if name == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert names.index("USER") > max(i for i, n in enumerate(names) if n == "RUN"), "no RUN as root after USER"
    assert ("VOLUME", '["/app/data"]') in steps and ("WORKDIR", "/app") in steps
    assert dict(steps)["CMD"] == '["python", "-m", "bot"]'
    # Installs with the pinned versions, only from the package registry.
    run = " ".join(args for name, args in steps if name == "RUN")
    assert "pip install -c constraints.txt ." in run
    assert not re.search(r"curl|wget|git clone", run)


def test_dockerignore_keeps_secrets_and_data_out() -> None:
    ignored = (REPO / ".dockerignore").read_text().split()
    for entry in (".env", ".venv", ".git", "data/", "*.db"):
        assert entry in ignored


def test_compose_file() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "PostgreSQL's data is in a named volume"
    assert bot["build"] == "."
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["env_file"] == ".env"
    url = bot["environment"]["DATABASE_URL"].replace("${POSTGRES_PASSWORD:-connect}", "connect")
    assert "@db:5432/" in url
    assert load_settings(database_url=url).database_url == url  # Connect accepts it
    assert bot["volumes"] == ["data:/app/data"] and "data" in compose["volumes"]
    assert db["environment"]["POSTGRES_DB"] in url and db["environment"]["POSTGRES_USER"] in url


def unit_file() -> dict[str, dict[str, list[str]]]:
    """systemd's syntax: [Section] headers, Key=value lines, keys may repeat."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for number, raw in enumerate((REPO / "deploy" / "connect.service").read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None and "=" in line, f"line {number}: {raw!r}"
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_systemd_unit_parses_and_says_what_readme_says() -> None:
    unit = unit_file()
    assert set(unit) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service["WorkingDirectory"] == ["/opt/connect"]
    assert service["EnvironmentFile"] == ["/opt/connect/.env"]
    assert service["ExecStart"] == ["/opt/connect/.venv/bin/python -m bot"]
    assert service["User"] == ["connect"]
    # A person must fix what exits with 2 (a setting, the token, the database): no restart loop.
    assert service["RestartPreventExitStatus"] == ["2"]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    """systemd's own check, on a copy that points at this checkout (it looks for the programs)."""
    text = (REPO / "deploy" / "connect.service").read_text().replace("/opt/connect", str(REPO))
    text = text.replace("User=connect", "User=root").replace("Group=connect", "Group=root")
    copy = tmp_path / "connect.service"
    copy.write_text(text)
    if not (REPO / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv here for ExecStart to point at")
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


def container_engine() -> str | None:
    for engine in ("docker", "podman"):
        if shutil.which(engine) is not None:
            info = subprocess.run([engine, "info"], capture_output=True, timeout=30)
            if info.returncode == 0:
                return engine
    return None


def test_image_builds() -> None:
    engine = container_engine()
    if engine is None:
        pytest.skip("no container engine runs here (docker info and podman info failed): the image is not built")
    done = subprocess.run([engine, "build", "-q", "-t", "connect-test", str(REPO)], capture_output=True,
                          text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
