"""The built wheel installs into a clean environment and starts (issue 10, "Packaging").

`pip install .` once gave a dancu that could not start (a run-time import declared only for
development). scripts/smoke-wheel builds the wheel (or takes the one scripts/test built for the run,
DANCU_WHEEL), installs it into a fresh virtual environment (from uv's cache where it can), runs
`dancu --help` and `dancu serve` until /health answers. scripts/test-pythons does the same under
3.12 and 3.13 in CI, next to the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.packaging
def test_the_wheel_installs_into_a_clean_environment_and_serves_health() -> None:
    uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    assert Path(uv).exists(), "uv is needed to build the wheel (scripts/bootstrap installs it)"
    env = {**os.environ, "PATH": f"{Path(uv).parent}:{os.environ['PATH']}"}
    python = str(Path(sys.executable).resolve())
    done = subprocess.run(
        [str(ROOT / "scripts" / "smoke-wheel"), python, "--offline"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "dancu --help ok" in done.stdout
    assert "dancu serve answers /health" in done.stdout
