"""Where peninsula keeps its files: the user's data directory and the shipped package data."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATA_DIR = "PENINSULA_DATA_DIR"


def data_dir() -> Path:
    """The user's data directory (``PENINSULA_DATA_DIR`` overrides the platform default)."""
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else Path(user_data_dir("peninsula", appauthor=False))
    return path


def default_store_path() -> Path:
    """The default DuckDB event store inside the user's data directory."""
    return data_dir() / "events.duckdb"


def package_data(*parts: str) -> Path:
    """A file or folder shipped in ``peninsula/data``."""
    return Path(str(files("peninsula").joinpath("data", *parts)))
