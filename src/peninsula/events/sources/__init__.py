"""One adapter per feed. ``adapter(name)`` returns the reader for a source name."""

from __future__ import annotations

from peninsula.events._records import Adapter
from peninsula.events.sources.cns import CnsAdapter
from peninsula.events.sources.csis import CsisAdapter
from peninsula.events.sources.curated import OwnCsvAdapter, chronology_files, launch_days_file

SOURCES = ("curated", "derived", "csis", "cns")


def adapter(name: str) -> Adapter:
    """The adapter for a source name; ValueError for an unknown one."""
    if name in ("curated", "derived"):
        return OwnCsvAdapter(name)
    if name == "csis":
        return CsisAdapter()
    if name == "cns":
        return CnsAdapter()
    raise ValueError(f"unknown source {name!r}; choose from {', '.join(SOURCES)}")


__all__ = [
    "SOURCES",
    "CnsAdapter",
    "CsisAdapter",
    "OwnCsvAdapter",
    "adapter",
    "chronology_files",
    "launch_days_file",
]
