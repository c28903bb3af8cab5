"""The Makefile checks the interpreter first (one line), and makes a .venv of another Python again."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.ops.helpers import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

FAKE_310 = """#!/bin/sh
# Answers as Python 3.10 would.
if [ "$1" = "--version" ]; then echo "Python 3.10.12"; exit 0; fi
if [ "$1" = "-c" ]; then echo 3.10; exit 0; fi
exit 1
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The files make reads, in a folder of their own (the real .venv is never touched)."""
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def fake_python(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    python = folder / "python3"
    python.write_text(FAKE_310)
    python.chmod(0o755)
    return python


def make(project: Path, *args: str, path_first: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(project)}
    if path_first is not None:
        env["PATH"] = f"{path_first}:{env['PATH']}"
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_python_310_gets_one_line_that_says_what_to_do(project: Path, tmp_path: Path) -> None:
    fake = fake_python(tmp_path / "fake-bin")
    for goal in ("run", "test", ""):
        done = make(project, *([goal] if goal else []), path_first=fake.parent)
        assert done.returncode != 0
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert 'Connect needs Python 3.11, 3.12 or 3.13, and "python3" is Python 3.10.' in lines[0]
        assert "make run PYTHON=python3.12" in lines[0]
        assert done.stdout == ""
    assert not (project / ".venv").exists(), "nothing is made with the wrong Python"


def test_a_python_that_is_not_there(project: Path) -> None:
    done = make(project, "run", "PYTHON=python3.99")
    assert done.returncode != 0
    [line] = done.stderr.strip().splitlines()
    assert '"python3.99" does not run. Pick one like this: make run PYTHON=python3.12' in line


def test_clean_works_whatever_the_python(project: Path, tmp_path: Path) -> None:
    (project / ".venv").mkdir()
    fake = fake_python(tmp_path / "fake-bin")
    done = make(project, "clean", path_first=fake.parent)
    assert done.returncode == 0, done.stderr
    assert not (project / ".venv").exists()


def test_venv_of_another_python_is_made_again(project: Path) -> None:
    old = fake_python(project / ".venv" / "bin")
    old.rename(old.with_name("python"))  # a .venv left by Python 3.10
    (project / ".venv" / ".installed").touch()
    done = make(project, "venv", f"PYTHON={sys.executable}")
    assert done.returncode == 0, done.stderr
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f"Making .venv again with Python {here}" in done.stdout
    assert not (project / ".venv" / ".installed").exists(), "so the packages are installed again"
    answer = subprocess.run([project / ".venv" / "bin" / "python", "-c", "import sys; print(sys.version_info[:2])"],
                            capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == str(sys.version_info[:2])
    again = make(project, "venv", f"PYTHON={sys.executable}")  # the right one stays
    assert "Making .venv again" not in again.stdout


def test_supported_versions_match_pyproject() -> None:
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    low, high = re.fullmatch(r">=3\.(\d+),<3\.(\d+)", requires).groups()  # type: ignore[union-attr]
    expected = [f"3.{minor}" for minor in range(int(low), int(high))]
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^SUPPORTED := (.*)$", makefile, re.M).group(1).split() == expected  # type: ignore[union-attr]
    said = ", ".join(expected[:-1]) + " or " + expected[-1]
    assert f"Connect needs Python {said}" in makefile
    readme = (REPO / "README.md").read_text()
    assert f"Python {said}" in readme
