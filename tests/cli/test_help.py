"""Every command of the simulation and forecast groups answers --help."""

from __future__ import annotations

import pytest

from peninsula.cli._app import run

COMMANDS = [["nuclear"], ["nuclear", "swu"], ["nuclear", "params"], ["nuclear", "options"],
            ["nuclear", "project"], ["nuclear", "compare"], ["nuclear", "hanoi"],
            ["crisis"], ["crisis", "scenarios"], ["crisis", "measures"], ["crisis", "simulate"],
            ["crisis", "compare"], ["crisis", "rates"],
            ["forecast"], ["forecast", "targets"], ["forecast", "now"], ["forecast", "backtest"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_help(cmd: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*cmd, "--help"]) == 0
    assert "Usage:" in capsys.readouterr().out
