"""Exceptions that mean bad input or a bad store: shown to the user as one line."""

from __future__ import annotations

import duckdb
from sqlalchemy.exc import SQLAlchemyError

from peninsula.events import RecordError, StoreError

USER_ERRORS: tuple[type[BaseException], ...] = (
    StoreError,
    RecordError,
    ValueError,
    OSError,
    duckdb.Error,
    SQLAlchemyError,
)
