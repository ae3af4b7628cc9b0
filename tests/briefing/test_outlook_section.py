"""The Outlook section: probabilities and track record from what was known on the date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peninsula.briefing import Context
from peninsula.briefing.sections import outlook
from peninsula.events import EventStore


def test_dialogue_day(shipped_store: Path) -> None:
    with EventStore(shipped_store, read_only=True) as es:
        section = outlook.render(Context(es, dt.date(2011, 1, 19), dt.date(1990, 1, 1), seed=1))
    assert "Track record, 8 years before 19 January 2011" in section.html
    assert section.html.count("<figure>") == 2          # one reliability diagram per binary target
    starts = [j.split(":")[0] for j in section.judgments]
    assert "Outlook from 19 January 2011" in starts
    assert any(j.startswith("Track record (poisson, missile_30d)") for j in section.judgments)
