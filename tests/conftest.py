"""Shared fixtures: an isolated data directory for every test, and the ../shared/data finder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("peninsula", deadline=None, max_examples=100)
settings.load_profile("peninsula")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never touch the user's data directory."""
    path = tmp_path_factory.mktemp("peninsula-data")
    monkeypatch.setenv("PENINSULA_DATA_DIR", str(path))
    return path


def _find_shared_data() -> Path | None:
    override = os.environ.get("PENINSULA_SHARED_DATA")
    if override:
        candidates = [Path(override)]
    else:
        candidates = [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
    return next((c for c in candidates if (c / "csis_nk_provocations").is_dir()), None)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data: skipped with a reason on a developer machine without it, a failure under CI."""
    found = _find_shared_data()
    if found is None:
        message = "../shared/data not found (set PENINSULA_SHARED_DATA to its path)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def csis_csv(shared_data: Path) -> Path:
    return shared_data / "csis_nk_provocations/raw/north_korea_provocations_1958_present.csv"


@pytest.fixture(scope="session")
def csis_json(shared_data: Path) -> Path:
    return shared_data / "csis_nk_provocations/raw/north_korea_provocations_1958_present.json"


@pytest.fixture(scope="session")
def cns_csv(shared_data: Path) -> Path:
    return shared_data / "cns_nk_missile_tests/cns_export_2023/north_korea_missile_test_database.csv"


@pytest.fixture(scope="session")
def cns_json(shared_data: Path) -> Path:
    return shared_data / "cns_nk_missile_tests/nagix/test.en.json"


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the shipped data (chronology and derived launch days), built once."""
    from peninsula.events import EventStore
    from peninsula.events.shipped import load_shipped

    path = tmp_path_factory.mktemp("shipped-store") / "shipped.duckdb"
    with EventStore(path) as es:
        load_shipped(es)
    return path
