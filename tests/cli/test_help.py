"""Every command answers --help, and every option of every command is documented."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from peninsula.cli._app import app, run


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    if isinstance(command, TyperGroup):
        for name, sub in sorted(command.commands.items()):
            found.extend(_walk(sub, [*path, name]))
    return found


COMMANDS = [(p, c) for p, c in _walk(typer.main.get_command(app), []) if p]


def test_every_group_is_walked() -> None:
    groups = {p[0] for p, _ in COMMANDS}
    assert {"events", "nuclear", "crisis", "forecast", "dialogue", "brief"} <= groups
    assert ["dialogue", "round", "close"] in [p for p, _ in COMMANDS]


@pytest.mark.parametrize("cmd", [p for p, _ in COMMANDS], ids=" ".join)
def test_help(cmd: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*cmd, "--help"]) == 0
    assert "Usage:" in capsys.readouterr().out


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_option_has_help(path: list[str], command: Any) -> None:
    assert command.help, f"{' '.join(path)} has no description"
    undocumented = [p.name for p in command.params
                    if isinstance(p, TyperOption | TyperArgument) and not getattr(p, "help", None)]
    assert not undocumented, f"{' '.join(path)}: options without help: {undocumented}"
