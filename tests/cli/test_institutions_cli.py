"""`peninsula institutions` and `peninsula crises`: help, --store everywhere, JSON, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from peninsula.cli import app
from peninsula.cli._app import run

COMMANDS = [["institutions"], ["institutions", "list"], ["institutions", "status"],
            ["institutions", "show"], ["crises"], ["crises", "list"], ["crises", "show"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_help(cmd: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*cmd, "--help"]) == 0
    assert "Usage:" in capsys.readouterr().out


def test_every_command_takes_store_and_json() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for sub in ("institutions", "crises"):
        commands = group.commands[sub].commands  # type: ignore[attr-defined]
        assert set(commands) >= {"list", "show"}
        for name, command in commands.items():
            options = {o for p in command.params for o in getattr(p, "opts", [])}
            assert {"--store", "--json"} <= options, (sub, name)


def _run(args: list[str], store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from peninsula.cli import main; main()", *args,
         "--store", str(store)], capture_output=True, text=True, timeout=120)


def _json(args: list[str], store: Path) -> object:
    proc = _run([*args, "--json"], store)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_list_and_status_json(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    listed = _json(["institutions", "list"], store)
    assert isinstance(listed, list) and len(listed) >= 30
    assert all({"id", "name", "kind", "parties"} <= set(m) for m in listed)

    on = _json(["institutions", "status", "--as-of", "2023-11-22"], store)
    assert isinstance(on, list)
    cma = next(m for m in on if m["id"] == "cma-2018")
    assert cma["status"] == "suspended" and cma["since"] == "2023-11-22" and cma["partial"]
    assert {p["party"]: p["status"] for p in cma["parties"]} == {"KOR": "suspended",
                                                                "PRK": "in force"}
    assert all(m["status"] in ("in force", "suspended", "withdrawn", "defunct") for m in on)
    early = _json(["institutions", "status", "--as-of", "2018-01-01"], store)
    assert isinstance(early, list) and "cma-2018" not in {m["id"] for m in early}
    assert not store.exists()  # package data only: the store is accepted, never created


def test_show_json(tmp_path: Path) -> None:
    record = _json(["institutions", "show", "cma-2018", "--as-of", "2024-01-01"],
                   tmp_path / "s.duckdb")
    assert isinstance(record, dict)
    assert record["id"] == "cma-2018" and record["status"] == "withdrawn"
    assert [c["date"] for c in record["changes"]] == ["2018-09-19", "2023-11-22", "2023-11-23"]
    assert any(p["article"] == "1(3)" for p in record["provisions"])


def test_crises_json(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    listed = _json(["crises", "list", "--as-of", "2011-01-19"], store)
    assert isinstance(listed, list) and listed
    assert all(c["start"] <= "2011-01-19" for c in listed)
    assert all({"id", "name", "peak_rung", "off_ramp", "channel"} <= set(c) for c in listed)
    one = _json(["crises", "show", listed[0]["id"], "--as-of", "2011-01-19"], store)
    assert isinstance(one, dict) and one["id"] == listed[0]["id"]


@pytest.mark.parametrize("args", [
    ["institutions", "show", "no-such-mechanism"],
    ["institutions", "status", "--as-of", "2020-13-01"],
    ["institutions", "show", "cma-2018", "--as-of", "yesterday"],
    ["crises", "show", "no-such-crisis"],
    ["crises", "list", "--as-of", "2011-02-30"],
    ["institutions", "nosuch"],
])
def test_errors_are_one_line(args: list[str], tmp_path: Path) -> None:
    proc = _run(args, tmp_path / "s.duckdb")
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
