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
