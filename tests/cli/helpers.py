"""Running the CLI as a user would: a new process, its exit code, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``peninsula ARGS`` in a new Python process."""
    return subprocess.run([sys.executable, "-c", "from peninsula.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=timeout)


def cli_json(*args: str) -> object:
    """``peninsula ARGS --json``, which must succeed, parsed."""
    proc = cli(*args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    """A failed command: non-zero exit, one ``error:`` line on stderr naming ``needle``, no traceback."""
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
