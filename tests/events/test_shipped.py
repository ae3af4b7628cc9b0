"""The shipped chronology and launch days: loading, coverage, agreement with CSIS and CNS."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from peninsula.events import LAUNCH_DAY_SUBTYPES, EventStore
from peninsula.events.shipped import load_shipped
from peninsula.events.sources import CnsAdapter, CsisAdapter
from peninsula.events.sources.curated import launch_days_file

ROOT = Path(__file__).resolve().parents[2]
# Kinds the CSIS (DPRK acts since 1958) and CNS (launches since 1984) files cover.
COVERED_KINDS = {"missile_launch", "nuclear_test", "artillery_fire", "armed_clash", "naval_clash",
                 "attack", "seizure", "infiltration", "border_incursion", "airspace_violation"}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shipped") / "s.duckdb"
    with EventStore(path) as es:
        reports = load_shipped(es)
        assert sum(r.quarantined for r in reports) == 0, es.sql("SELECT * FROM quarantine")
    return path


def test_chronology_loads_clean_and_is_large_enough(shipped: Path) -> None:
    with EventStore(shipped, read_only=True) as es:
        counts = es.sql("SELECT dataset, count(*) AS n FROM events GROUP BY dataset")
        quarantined = es.sql("SELECT count(*) AS n FROM quarantine")["n"][0]
    n = dict(zip(counts["dataset"], counts["n"], strict=True))
    print(f"hand-written rows: {n.get('curated')}, derived launch days: {n.get('derived')}")
    assert quarantined == 0
    assert n["curated"] >= 150
    assert n["derived"] > 150


def test_every_row_has_a_source_and_summary(shipped: Path) -> None:
    with EventStore(shipped, read_only=True) as es:
        bad = es.sql("SELECT source_id FROM events WHERE len(sources) = 0 OR summary IS NULL "
                     "OR (contested AND attribution IS NULL)")
        urls = es.sql("SELECT source_id FROM events, unnest(sources) AS s(src) "
                      "WHERE dataset = 'curated' AND src ILIKE '%http%'")
    assert bad.empty, bad
    assert urls.empty, "never write a URL from memory"


@pytest.mark.parametrize("key", [
    "1950-06-25", "1953-07-27", "1968-01-21", "1968-01-23", "1969-04-15", "1976-08-18",
    "1983-10-09", "1987-11-29", "1996-09-18", "1999-06-15", "2002-06-29", "2009-11-10",
    "2010-03-26", "2010-11-23", "2015-08-04", "2015-08-20", "2022-12-26",
    "2006-10-09", "2009-05-25", "2013-02-12", "2016-01-06", "2016-09-09", "2017-09-03",
    "2017-11-29", "2018-09-19", "2019-02-27", "2019-06-30", "2024-06-19",
])
def test_required_events_are_present(shipped: Path, key: str) -> None:
    with EventStore(shipped, read_only=True) as es:
        hits = es.sql("SELECT count(*) AS n FROM events WHERE dataset = 'curated' AND date = ?",
                      [dt.date.fromisoformat(key)])
    assert hits["n"][0] >= 1, f"no hand-written event on {key}"


@pytest.mark.shared_data
def test_hand_written_events_agree_with_csis_and_cns(
    shipped: Path, tmp_path: Path, csis_csv: Path, cns_json: Path, cns_csv: Path
) -> None:
    feeds = tmp_path / "feeds.duckdb"
    with EventStore(feeds) as es:
        for adapter, path in ((CsisAdapter(), csis_csv), (CnsAdapter(), cns_json),
                              (CnsAdapter(), cns_csv)):
            es.ingest(adapter, path)
        theirs = es.sql("SELECT date, kind FROM events")
    with EventStore(shipped, read_only=True) as es:
        ours = es.sql(
            "SELECT source_id, date, kind FROM events WHERE dataset = 'curated' "
            "AND actor1 = 'PRK' AND date >= DATE '1958-02-16' AND date <= DATE '2026-08-20'")
    ours = ours[ours["kind"].isin(COVERED_KINDS)]
    index = {(k, d.date()) for k, d in zip(theirs["kind"], theirs["date"], strict=True)}
    one = dt.timedelta(days=1)
    misses = [sid for sid, d, k in zip(ours["source_id"], ours["date"], ours["kind"], strict=True)
              if not any((k, d.date() + off) in index for off in (-one, dt.timedelta(0), one))]
    rate = 1 - len(misses) / len(ours)
    print(f"hand-written rows of covered kinds: {len(ours)}, matched within a day: {rate:.1%}")
    print("misses:", *misses, sep="\n  ")
    assert rate >= 0.95


def test_hand_written_launch_days_are_derived_days(shipped: Path) -> None:
    """No launch counted twice in the shipped data: our launch days sit on derived days."""
    with EventStore(shipped, read_only=True) as es:
        extra = es.sql(
            "SELECT c.source_id FROM events c WHERE c.dataset = 'curated' "
            "AND c.kind = 'missile_launch' AND c.date >= DATE '1984-01-01' AND NOT EXISTS ("
            "SELECT 1 FROM events d WHERE d.dataset = 'derived' AND d.date = c.date "
            "AND (d.subtype = 'SLV') = (c.subtype = 'SLV'))")
    assert extra.empty, list(extra["source_id"])


def _launch_days(es: EventStore) -> int:
    subtypes = ", ".join(f"'{s}'" for s in sorted(LAUNCH_DAY_SUBTYPES))
    return int(es.sql(f"SELECT count(DISTINCT date) AS n FROM events_canonical "
                      f"WHERE kind = 'missile_launch' AND subtype IN ({subtypes})")["n"][0])


@pytest.mark.shared_data
def test_feeds_add_no_launch_days(tmp_path: Path, csis_csv: Path, cns_json: Path,
                                  cns_csv: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as es:
        load_shipped(es)
        alone = _launch_days(es)
        for adapter, path in ((CsisAdapter(), csis_csv), (CnsAdapter(), cns_json),
                              (CnsAdapter(), cns_csv)):
            es.ingest(adapter, path)
        together = _launch_days(es)
    print(f"launch days: shipped alone {alone}, with CSIS and CNS {together}")
    assert together == alone


@pytest.mark.shared_data
def test_derive_script_reproduces_shipped_file(tmp_path: Path, shared_data: Path) -> None:
    out = tmp_path / "launch_days.csv"
    subprocess.run([sys.executable, str(ROOT / "scripts/derive_launch_days.py"),
                    "--shared", str(shared_data), "--out", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == launch_days_file().read_bytes()
    days = pd.read_csv(out)
    assert days["date"].max() == "2026-08-20"
