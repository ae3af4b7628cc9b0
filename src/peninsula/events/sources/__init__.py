"""One adapter per feed. ``adapter(name)`` returns the reader for a source name."""

from __future__ import annotations

from peninsula.events._records import AnyAdapter
from peninsula.events.scope import Scope
from peninsula.events.sources.cns import CnsAdapter
from peninsula.events.sources.csis import CsisAdapter
from peninsula.events.sources.curated import OwnCsvAdapter, chronology_files, launch_days_file
from peninsula.events.sources.gdelt import GdeltAdapter
from peninsula.events.sources.icews import IcewsAdapter

SOURCES = ("curated", "derived", "csis", "cns", "gdelt", "icews", "native")


def adapter(name: str, *, scope: Scope | None = None, dataset: str | None = None) -> AnyAdapter:
    """The adapter for a source name; ValueError for an unknown one.

    ``scope`` applies to the broad feeds (gdelt, icews); ``dataset`` names a native CSV's rows.
    """
    if name in ("curated", "derived"):
        return OwnCsvAdapter(name)
    if name == "native":
        return OwnCsvAdapter(native_dataset(dataset))
    if name == "csis":
        return CsisAdapter()
    if name == "cns":
        return CnsAdapter()
    if name == "gdelt":
        return GdeltAdapter(scope)
    if name == "icews":
        return IcewsAdapter(scope)
    raise ValueError(f"unknown source {name!r}; choose from {', '.join(SOURCES)}")


RESERVED = frozenset({"curated", "derived", "csis", "cns", "gdelt", "icews", "cns-export"})


def native_dataset(name: str | None) -> str:
    """The dataset name for an analyst's own CSV: lower-case letters, digits, '_' or '-'."""
    value = (name or "native").strip().lower()
    if value in RESERVED - {"native"} or not value or not all(
            c.isascii() and (c.isalnum() or c in "_-") for c in value):
        raise ValueError(f"--dataset must be a new name of letters, digits, '_' or '-', "
                         f"not {name!r}")
    return value


__all__ = [
    "SOURCES",
    "CnsAdapter",
    "CsisAdapter",
    "GdeltAdapter",
    "IcewsAdapter",
    "OwnCsvAdapter",
    "Scope",
    "adapter",
    "chronology_files",
    "launch_days_file",
]
