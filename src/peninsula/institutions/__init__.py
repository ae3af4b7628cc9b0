"""Institutions, channels and crisis cases: the peninsula's conflict-prevention mechanisms and
confidence-building measures as cited data, queryable at any date."""

from peninsula.institutions._crises import crises, crisis, load_crises
from peninsula.institutions._load import (
    KINDS,
    STATUSES,
    gaps,
    mechanisms,
    provisions,
    status_changes,
)
from peninsula.institutions._status import show, status_on

__all__ = [
    "KINDS",
    "STATUSES",
    "crises",
    "crisis",
    "gaps",
    "load_crises",
    "mechanisms",
    "provisions",
    "show",
    "status_changes",
    "status_on",
]
