"""A SIGKILL in the middle of an ingest leaves the store exactly as it was."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from peninsula.events import EventStore

N_ROWS = 200_000


def _big_csis_file(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["date", "type", "event", "description", "resources"])
        for i in range(N_ROWS):
            writer.writerow([f"{1990 + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                             "Missile Provocation", "Short-range Ballistic Missile Launch",
                             f"Synthetic launch number {i}.", "https://example.org/x"])
    return path


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from peninsula.cli import main; main()", *args]


def test_sigkill_mid_ingest_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    big = _big_csis_file(tmp_path / "big.csv")
    subprocess.run(_cli("events", "stats", "--store", str(store)), check=True,
                   capture_output=True)
    with EventStore(store) as es:
        before = es.table_fingerprints()
    assert before["events"][0] > 0
    proc = subprocess.Popen(_cli("events", "ingest", "csis", str(big), "--store", str(store)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    seen = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen += line
        if "parsed batch" in line or not line:
            break
    assert "parsed batch 1" in seen, seen
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with EventStore(store) as es:
        assert es.table_fingerprints() == before
    rerun = subprocess.run(
        _cli("events", "ingest", "csis", str(big), "--store", str(store), "--json"),
        check=True, capture_output=True, text=True)
    assert '"stored": 200000' in rerun.stdout, rerun.stdout
    with EventStore(store) as es:
        assert es.count() == before["events"][0] + N_ROWS
