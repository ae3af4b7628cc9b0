"""Briefing fixtures: one briefing (HTML and PDF) at the dialogue date, and Debian's Chromium."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from peninsula.briefing import Briefing, brief
from peninsula.events import EventStore

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright drives Debian's Chromium: Playwright cannot download browsers here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def dialogue_briefing(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    out = tmp_path_factory.mktemp("dialogue-brief")
    with EventStore(shipped_store, read_only=True) as es:
        return brief(es, out, as_of=dt.date(2011, 1, 19), pdf=True)


@pytest.fixture(scope="session")
def latest_briefing(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    out = tmp_path_factory.mktemp("latest-brief")
    with EventStore(shipped_store, read_only=True) as es:
        return brief(es, out, pdf=True)
