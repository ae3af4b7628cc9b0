"""Tests that need ../shared/data skip with a reason without it, and fail under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run_without_shared_data(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PENINSULA_SHARED_DATA"] = str(tmp_path / "nowhere")
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         str(ROOT / "tests/events/test_feeds.py::test_every_csis_label_is_mapped")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_skips_with_reason_on_a_developer_machine(tmp_path: Path) -> None:
    proc = _run_without_shared_data(tmp_path, ci=False)
    assert proc.returncode == 0, proc.stdout
    assert "1 skipped" in proc.stdout and "../shared/data not found" in proc.stdout


def test_fails_under_ci(tmp_path: Path) -> None:
    proc = _run_without_shared_data(tmp_path, ci=True)
    assert proc.returncode != 0
    assert "../shared/data not found" in proc.stdout
