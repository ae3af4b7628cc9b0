"""The CLI: --help everywhere, one-line errors, JSON output, every store command takes --store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from peninsula.cli import app
from peninsula.cli._app import run
from peninsula.events import PUBLIC_COLUMNS

COMMANDS = [[], ["brief"], ["events"], ["events", "ingest"], ["events", "list"],
            ["events", "stats"], ["events", "export"], ["indicators"], ["indicators", "dyads"],
            ["indicators", "series"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_help_everywhere(cmd: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*cmd, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage:" in out


def test_every_store_command_takes_store() -> None:
    import typer.main

    group = typer.main.get_command(app)
    commands = {"brief": group.commands["brief"]}  # type: ignore[attr-defined]
    for sub in ("events", "indicators"):
        commands.update(group.commands[sub].commands)  # type: ignore[attr-defined]
    for name, command in commands.items():
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert "--store" in options, name


def _run(args: list[str], store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from peninsula.cli import main; main()", *args,
         "--store", str(store)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [
    ["events", "list", "--since", "2020-13-01"],
    ["events", "list", "--kind", "provocation"],
    ["events", "list", "--dyad", "north-south"],
    ["events", "ingest", "gdeltx", "x.csv"],
    ["events", "ingest", "csis", "/no/such/file.csv"],
    ["events", "ingest", "curated", "extra.csv"],
    ["events", "export", "out.xml", "--format", "xml"],
    ["events", "list", "--min-rung", "11"],
    ["events", "nosuch"],
])
def test_errors_are_one_line_without_traceback(args: list[str], tmp_path: Path) -> None:
    proc = _run(args, tmp_path / "s.duckdb")
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in proc.stderr


def test_bad_store_file_is_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("not a database")
    proc = _run(["events", "stats"], bogus)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr


def test_ingest_list_stats_export_json(tmp_path: Path, shared_data: Path) -> None:
    store = tmp_path / "s.duckdb"
    csis = shared_data / "csis_nk_provocations/raw/north_korea_provocations_1958_present.csv"
    proc = _run(["events", "ingest", "csis", str(csis), "--json"], store)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert set(report) == {"read", "stored", "updated", "duplicates", "quarantined", "filtered"}
    assert report["read"] == 493 and report["stored"] == 493

    listed = json.loads(_run(["events", "list", "--json"], store).stdout)
    assert len(listed) == 50
    assert list(listed[0]) == list(PUBLIC_COLUMNS)
    assert listed[0]["date"] >= listed[-1]["date"]
    assert len(listed[0]["date"]) == 10

    icbm = json.loads(_run(["events", "list", "--json", "--subtype", "ICBM", "--limit", "0"],
                           store).stdout)
    assert icbm == []
    many = json.loads(_run(["events", "list", "--json", "--subtype", "ICBM", "--limit", "500",
                            "--dataset", "derived"], store).stdout)
    assert many and all(r["subtype"] == "ICBM" and r["dataset"] == "derived" for r in many)

    stats = json.loads(_run(["events", "stats", "--json"], store).stdout)
    assert {d["dataset"] for d in stats["datasets"]} == {"curated", "derived", "csis"}

    out = tmp_path / "e.parquet"
    proc = _run(["events", "export", str(out), "--format", "parquet", "--dataset", "csis"], store)
    assert proc.returncode == 0 and "wrote 493 events" in proc.stderr


def test_brief_writes_the_same_page_twice(tmp_path: Path, shipped_store: Path) -> None:
    import re
    import shutil

    store = tmp_path / "s.duckdb"
    shutil.copy(shipped_store, store)
    pages = []
    for out in ("a", "b"):
        proc = _run(["brief", "--out", str(tmp_path / out), "--as-of", "2011-01-19"], store)
        assert proc.returncode == 0, proc.stderr
        assert "data through 2011-01-19" in proc.stderr
        pages.append((tmp_path / out / "index.html").read_text(encoding="utf-8"))
    stamp = re.compile(r'<time data-role="generated"[^>]*>.*?</time>')
    assert stamp.sub("", pages[0]) == stamp.sub("", pages[1])


def test_brief_on_a_new_store_creates_it(tmp_path: Path) -> None:
    proc = _run(["brief", "--out", str(tmp_path / "out"), "--since", "2015-01-01"],
                tmp_path / "new.duckdb")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "index.html").stat().st_size > 10_000


def test_indicator_commands(tmp_path: Path, shipped_store: Path) -> None:
    import csv
    import io
    import shutil

    store = tmp_path / "s.duckdb"
    shutil.copy(shipped_store, store)
    dyads = json.loads(_run(["indicators", "dyads", "--json", "--as-of", "2011-01-19"],
                            store).stdout)
    row = next(r for r in dyads if r["dyad"] == "PRK-KOR")
    assert row["label_12m"] in ("worse", "much worse")
    series = json.loads(_run(["indicators", "series", "kor-prk", "--json", "--as-of",
                              "2010-12-31", "--since", "2010-01-01"], store).stdout)
    assert [r["period"] for r in series][:2] == ["2010-01", "2010-02"]
    assert sum(r["events"] for r in series) > 0
    text = _run(["indicators", "series", "PRK-*", "--csv", "--freq", "Q", "--as-of",
                 "2017-12-31", "--since", "2017-01-01"], store).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["period"] for r in rows] == ["2017Q1", "2017Q2", "2017Q3", "2017Q4"]
    bad = _run(["indicators", "series", "north-south"], store)
    assert bad.returncode == 1 and bad.stderr.startswith("error: ")
