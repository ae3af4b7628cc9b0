"""EventStore: accounting, idempotence, updates, quarantine, queries, exports, migrations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from peninsula.events import (
    PUBLIC_COLUMNS,
    SCHEMA_VERSION,
    EventQuery,
    EventStore,
    StoreError,
    event_id_for,
)
from peninsula.events.canonical import subtype_class

from .helpers import own, own_row, write_own_csv


@pytest.fixture
def store(tmp_path: Path) -> EventStore:
    es = EventStore(tmp_path / "s.duckdb")
    yield es
    es.close()


def test_accounting_idempotence_and_updates(store: EventStore, tmp_path: Path) -> None:
    rows = [own_row(f"e{i}", f"2020-01-{i + 1:02d}") for i in range(5)]
    f = write_own_csv(tmp_path / "a.csv", rows)
    first = store.ingest(own(), f)
    assert (first.read, first.stored, first.duplicates, first.updated) == (5, 5, 0, 0)
    again = store.ingest(own(), f)
    assert (again.read, again.stored, again.duplicates, again.updated) == (5, 0, 5, 0)
    rows[2]["summary"] = "corrected summary"
    rows.append(own_row("e9", "2020-02-01"))
    changed = store.ingest(own(), write_own_csv(tmp_path / "b.csv", rows))
    assert (changed.stored, changed.updated, changed.duplicates) == (1, 1, 4)
    assert changed.balanced()
    got = store.sql("SELECT summary FROM events WHERE source_id = 'e2'")
    assert list(got["summary"]) == ["corrected summary"]
    assert store.count() == 6


def test_bad_rows_are_quarantined_with_reasons(store: EventStore, tmp_path: Path) -> None:
    rows = [
        own_row("ok", "2020-01-01"),
        own_row("bad-date", "2020-02-30"),
        own_row("bad-kind", "2020-01-02", kind="provocation"),
        own_row("bad-actor", "2020-01-03", actor1="North Korea"),
        own_row("early-known", "2020-01-05", known_date="2020-01-04"),
    ]
    report = store.ingest(own(), write_own_csv(tmp_path / "q.csv", rows))
    assert (report.read, report.stored, report.quarantined) == (5, 1, 4)
    reasons = store.sql("SELECT reason, line_no, raw FROM quarantine ORDER BY line_no")
    assert len(reasons) == 4
    assert "not a valid YYYY-MM-DD date" in reasons["reason"][0]
    assert "unknown kind" in reasons["reason"][1]
    assert all("2020-" in raw for raw in reasons["raw"])


def test_repeated_source_id_in_one_file(store: EventStore, tmp_path: Path) -> None:
    rows = [own_row("x", "2020-01-01"), own_row("x", "2020-01-01"),
            own_row("x", "2020-01-01", summary="different")]
    report = store.ingest(own(), write_own_csv(tmp_path / "r.csv", rows))
    assert (report.stored, report.duplicates, report.quarantined) == (1, 1, 1)
    assert report.balanced()
    # The first row is the one kept; the quarantined repeat names it.
    kept = store.sql("SELECT summary FROM events WHERE dataset = 'testfeed'")["summary"].tolist()
    assert kept == [rows[0]["summary"]]
    assert "(line 2)" in store.sql("SELECT reason FROM quarantine")["reason"][0]


def test_event_ids_stay_unique_through_repeats_and_updates(store: EventStore, tmp_path: Path) -> None:
    """The events table has no primary-key index: the merge alone keeps event_id unique."""
    first = [own_row(s, "2020-01-01") for s in ("a", "b", "c")] + [own_row("a", "2020-01-01")]
    store.ingest(own(), write_own_csv(tmp_path / "1.csv", first))
    second = [own_row("a", "2020-01-01", summary="changed"), own_row("b", "2020-01-01"),
              own_row("d", "2020-01-02"), own_row("d", "2020-01-02", summary="other")]
    report = store.ingest(own(), write_own_csv(tmp_path / "2.csv", second))
    assert (report.stored, report.updated, report.duplicates, report.quarantined) == (1, 1, 1, 1)
    counts = store.sql("SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM events")
    assert int(counts["n"][0]) == int(counts["ids"][0])
    assert store.sql("SELECT summary FROM events WHERE source_id = 'a'")["summary"].tolist() == ["changed"]


def test_a_store_made_before_version_5_keeps_its_rows(tmp_path: Path) -> None:
    """Version 5 rebuilds events without the primary-key index; the rows and the view survive."""
    import duckdb

    from peninsula.events._schema import MIGRATIONS, _canonical_view

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, step in enumerate(MIGRATIONS[:4], start=1):
        step(con)
        con.execute("INSERT INTO schema_version VALUES (?)", [version])
    con.close()
    with EventStore(path) as es:
        es.ingest(own(), write_own_csv(tmp_path / "a.csv", [own_row("a", "2020-01-01")]))
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM schema_version WHERE version = 5")
    # Put the primary key back, as version 4 had it, and reopen: version 5 runs on a filled table.
    con.execute("CREATE TABLE e4 AS SELECT * FROM events")
    con.execute("DROP VIEW events_canonical")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE e4 RENAME TO events")
    con.execute("ALTER TABLE events ADD PRIMARY KEY (event_id)")
    _canonical_view(con)
    con.close()
    with EventStore(path) as es:
        assert es.count() == 1
        assert es.count(canonical=True) == 1
        assert int(es.sql("SELECT max(version) AS v FROM schema_version")["v"][0]) == SCHEMA_VERSION
        constraints = es.sql("SELECT count(*) AS n FROM duckdb_constraints() "
                             "WHERE table_name = 'events' AND constraint_type = 'PRIMARY KEY'")
        assert int(constraints["n"][0]) == 0


def test_event_id_is_stable_hash(store: EventStore, tmp_path: Path) -> None:
    store.ingest(own("mine"), write_own_csv(tmp_path / "a.csv", [own_row("abc", "2020-01-01")]))
    ids = list(store.sql("SELECT event_id FROM events")["event_id"])
    assert ids == [event_id_for("mine", "abc")]


def test_queries_filter_every_way(store: EventStore, tmp_path: Path) -> None:
    rows = [
        own_row("a", "2010-03-26", kind="attack", subtype="torpedo", deaths_military="46",
                known_date="2010-05-20"),
        own_row("b", "2017-11-29", kind="missile_launch", subtype="ICBM", actor2=""),
        own_row("c", "2018-04-27", kind="summit"),
        own_row("d", "2019-06-30", kind="summit", actor1="USA", actor2="PRK"),
    ]
    store.ingest(own(), write_own_csv(tmp_path / "a.csv", rows))

    def ids(**kw: object) -> list[str]:
        return sorted(store.query(EventQuery(**kw))["source_id"])  # type: ignore[arg-type]

    assert ids(start=dt.date(2017, 1, 1), end=dt.date(2018, 12, 31)) == ["b", "c"]
    assert ids(actor="USA") == ["d"]
    assert ids(dyad=("KOR", "PRK")) == ["a", "c"]
    assert ids(kinds=["summit"]) == ["c", "d"]
    assert ids(subtypes=["ICBM"]) == ["b"]
    assert ids(min_rung=6) == ["a"]
    assert ids(max_rung=2) == ["b"]
    assert ids(datasets=["nope"]) == []
    assert ids(as_of=dt.date(2010, 4, 1), end=dt.date(2010, 12, 31)) == []
    newest = store.query(EventQuery(limit=2))
    assert list(newest["source_id"]) == ["d", "c"]
    assert list(store.query(EventQuery(limit=1)).columns) == list(PUBLIC_COLUMNS)


def test_exports_round_trip(store: EventStore, tmp_path: Path) -> None:
    rows = [own_row("a", "2010-11-23", kind="artillery_fire", tags="nll;west_sea",
                    deaths_civilian="2", deaths_military="2", sources="s1 | s2")]
    store.ingest(own(), write_own_csv(tmp_path / "a.csv", rows))
    assert store.export(tmp_path / "e.csv", "csv") == 1
    assert pd.read_csv(tmp_path / "e.csv")["sources"][0] == "s1 | s2"
    assert store.export(tmp_path / "e.parquet", "parquet") == 1
    back = pd.read_parquet(tmp_path / "e.parquet")
    assert list(back["tags"][0]) == ["nll", "west_sea"]
    assert int(back["rung"][0]) == 7
    assert store.export(tmp_path / "e.json", "json") == 1
    rec = json.loads((tmp_path / "e.json").read_text())[0]
    assert rec["date"] == "2010-11-23" and rec["known_date"] == "2010-11-23"
    assert rec["sources"] == ["s1", "s2"] and rec["goldstein"] == -10.0
    with pytest.raises(StoreError):
        store.export(tmp_path / "e.xml", "xml")


def test_migrations_are_versioned_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    with EventStore(path) as es:
        assert es.created
        assert int(es.sql("SELECT max(version) AS v FROM schema_version")["v"][0]) == SCHEMA_VERSION
    with EventStore(path) as es:
        assert not es.created
        assert len(es.sql("SELECT * FROM schema_version")) == SCHEMA_VERSION


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "x.duckdb"
    bogus.write_text("hello, not a database")
    with pytest.raises(StoreError):
        EventStore(bogus)
    with pytest.raises(StoreError):
        EventStore(tmp_path / "missing.duckdb", read_only=True)


def test_failed_file_leaves_store_unchanged(store: EventStore, tmp_path: Path) -> None:
    store.ingest(own(), write_own_csv(tmp_path / "a.csv", [own_row("a", "2020-01-01")]))
    before = store.table_fingerprints()
    broken = tmp_path / "broken.csv"
    broken.write_text("no,header,here\n1,2,3\n")
    with pytest.raises(Exception, match="header lacks"):
        store.ingest(own(), broken)
    assert store.table_fingerprints() == before


def test_subtype_classes() -> None:
    assert subtype_class("missile_launch", "SRBM") == "ballistic"
    assert subtype_class("missile_launch", "ICBM") == "ballistic"
    assert subtype_class("missile_launch", "SLV") == "SLV"
    assert subtype_class("missile_launch", "cruise") == "cruise"
    assert subtype_class("talks", None) == "talks"


def test_every_cameo_code_in_the_chronology_has_a_goldstein_weight() -> None:
    import csv

    from peninsula.events._cameo import goldstein_table, kind_cameo
    from peninsula.events.sources.curated import chronology_files

    table = goldstein_table()
    codes = {c for c in kind_cameo().values() if c}
    for path in chronology_files():
        with path.open(encoding="utf-8", newline="") as fh:
            codes |= {r["cameo_code"] for r in csv.DictReader(fh) if r["cameo_code"]}
    assert codes - set(table) == set()


def test_content_hashes_are_remade_when_the_duckdb_version_changes(tmp_path: Path) -> None:
    """Hashes come from DuckDB's hash(); a store written by another DuckDB version is rehashed on
    open, so a re-ingest still counts duplicates, not updates."""
    import duckdb

    path = tmp_path / "s.duckdb"
    sample = write_own_csv(tmp_path / "mine.csv", [own_row("r1", "2010-03-26", kind="attack")])
    with EventStore(path) as es:
        es.ingest(own(), sample)
    con = duckdb.connect(str(path))
    con.execute("UPDATE events SET content_hash = 'stale'")
    con.execute("UPDATE hash_engine SET engine = '0.9'")
    con.close()
    with EventStore(path) as es:
        assert es.sql("SELECT count(*) AS n FROM events WHERE content_hash = 'stale'")["n"][0] == 0
        report = es.ingest(own(), sample)
    assert report.duplicates == 1 and report.updated == 0 and report.stored == 0
