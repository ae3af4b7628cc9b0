"""The crisis section: labelled as a prior model, honours as-of in its rates and texts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peninsula.briefing import Context
from peninsula.briefing.sections import crisis
from peninsula.events import EventStore


def test_dialogue_day(shipped_store: Path) -> None:
    with EventStore(shipped_store, read_only=True) as es:
        section = crisis.render(Context(es, dt.date(2011, 1, 19), dt.date(1990, 1, 1), seed=1))
    html = section.html
    assert "A prior model" in html and "<svg" in html
    assert "2018 military agreement restored" not in html      # a package named after a later deal
    assert "incidents since 1990 to 19 January 2011" in html
    assert section.judgments and section.judgments[0].startswith("Crisis risk (prior model")
