"""The built wheel is all an operator needs: installed alone into a clean venv, ``dancu`` starts.

The wheel is built once for the module and installed from the lock's pinned run-time dependencies
(development tools excluded), so a package imported at run time but declared only for development
is missing here exactly as it would be after ``pip install dancu``. uv's cache makes the install
cheap; it falls back to the registry only for what the cache lacks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")


def _run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A clean venv holding the built wheel and the locked run-time dependencies only."""
    if not Path(UV).exists():
        pytest.fail("uv is needed to build and install the wheel: install it (https://docs.astral.sh/uv/)")
    work = tmp_path_factory.mktemp("wheel")
    _run(UV, "build", "--wheel", "--out-dir", str(work / "dist"), "--quiet")
    [wheel] = (work / "dist").glob("dancu-*.whl")
    requirements = work / "requirements.txt"
    requirements.write_text(
        _run(UV, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "--quiet")
    )
    venv = work / "venv"
    _run(UV, "venv", "--quiet", "--python", sys.executable, str(venv))
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    env.pop("UV_PROJECT_ENVIRONMENT", None)
    _run(
        UV,
        "pip",
        "install",
        "--quiet",
        "--python",
        str(venv / "bin" / "python"),
        "-r",
        str(requirements),
        str(wheel),
        env=env,
    )
    yield venv


def _clean_env(tmp: Path) -> dict[str, str]:
    """No DANCU_* from the developer's shell, and a fresh SQLite file of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANCU_", "PYTHON", "VIRTUAL_ENV"))}
    env["DANCU_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp / 'fresh.sqlite3'}"
    env["HOME"] = str(tmp)
    return env


def test_the_installed_command_prints_its_help(installed: Path, tmp_path: Path) -> None:
    out = _run(str(installed / "bin" / "dancu"), "--help", cwd=tmp_path, env=_clean_env(tmp_path))
    assert "serve" in out and "db" in out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _health(port: int, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_the_installed_server_migrates_a_fresh_file_and_answers_health(
    installed: Path, tmp_path: Path
) -> None:
    env = _clean_env(tmp_path)
    dancu = str(installed / "bin" / "dancu")
    # The migrations ship inside the wheel: a fresh file is built by them alone.
    _run(dancu, "db", "upgrade", cwd=tmp_path, env=env)
    port = _free_port()
    server = subprocess.Popen(
        [dancu, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        try:
            body = _health(port, time.monotonic() + 60)
        except OSError:
            server.terminate()
            pytest.fail(f"dancu serve never answered /health:\n{server.communicate(timeout=10)[0]}")
        assert b'"status":"ok"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_the_supported_pythons_are_admitted(version: str) -> None:
    # Debian 13 ships 3.13 and Ubuntu 24.04 3.12: both must be able to install dancu.
    import tomllib

    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert SpecifierSet(project["requires-python"]).contains(version)
