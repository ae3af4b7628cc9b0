"""What every briefing section gets: a read-only store, the dates that bound it, a seed, a cache."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from peninsula import __version__
from peninsula.events import EventQuery, EventStore


def last_event_date(store: EventStore) -> dt.date:
    """The date of the last event in the store: the default 'now' of a briefing."""
    frame = store.sql("SELECT max(date) AS d FROM events")
    value = frame["d"][0]
    if value is None or pd.isna(value):
        raise ValueError("the event store is empty")
    return pd.Timestamp(value).date()


def store_hash(store: EventStore) -> str:
    """A short hash of every table's row count and content hash."""
    text = json.dumps(store.table_fingerprints(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Context:
    """Read-only inputs of a briefing. ``as_of`` is 'now': nothing known later may be used."""

    store: EventStore
    as_of: dt.date
    since: dt.date
    seed: int = 0
    cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    dialogue: Any = None  # a disclosed peninsula.dialogue.Report, when the briefing is given one

    @property
    def store_hash(self) -> str:
        key = ("store_hash",)
        if key not in self.cache:
            self.cache[key] = store_hash(self.store)
        return str(self.cache[key])

    def cache_key(self, name: str) -> tuple[Any, ...]:
        """Keys of cached results: (store hash, code version, as_of, name)."""
        return (self.store_hash, __version__, self.as_of, name)

    def events(self, *, canonical: bool = True, since: dt.date | None = None) -> pd.DataFrame:
        """Events that happened on or before ``as_of`` and were known by then (``known_date``)."""
        key = self.cache_key(f"events:{canonical}:{since}")
        if key not in self.cache:
            self.cache[key] = self.store.query(EventQuery(
                canonical=canonical, as_of=self.as_of, end=self.as_of, start=since,
                newest_first=False))
        frame: pd.DataFrame = self.cache[key]
        return frame.copy()
