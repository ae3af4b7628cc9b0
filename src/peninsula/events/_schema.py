"""The event table's columns, the store's DDL and its versioned migrations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import duckdb

# (name, DuckDB type): the content columns an adapter fills, in table order.
CONTENT_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("date", "DATE"),
    ("time_utc", "TIMESTAMP"),
    ("date_precision", "VARCHAR"),
    ("known_date", "DATE"),
    ("actor1", "VARCHAR"),
    ("actor2", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("subtype", "VARCHAR"),
    ("tags", "VARCHAR[]"),
    ("cameo_code", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"),
    ("rung", "INTEGER"),
    ("deaths_military", "INTEGER"),
    ("deaths_civilian", "INTEGER"),
    ("injured", "INTEGER"),
    ("deaths_initiator", "INTEGER"),
    ("casualties_side", "VARCHAR"),
    ("location", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("summary", "VARCHAR"),
    ("attribution", "VARCHAR"),
    ("contested", "BOOLEAN"),
    ("sources", "VARCHAR[]"),
    ("dataset", "VARCHAR"),
    ("source_id", "VARCHAR"),
    # Attention layer (GDELT): mean tone of the coding articles, and how many articles coded it.
    ("tone", "DOUBLE"),
    ("articles", "INTEGER"),
)

# Columns added after version 1, by the migration that adds them (kept out of v1's DDL).
ADDED_LATER: Final[dict[str, int]] = {"tone": 2, "articles": 2}

CONTENT_NAMES: Final[tuple[str, ...]] = tuple(name for name, _ in CONTENT_COLUMNS)

# Every column of the events table, in order.
EVENT_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("event_id", "VARCHAR"),
    *CONTENT_COLUMNS,
    ("content_hash", "VARCHAR"),
    ("ingested_at", "TIMESTAMP"),
)

# Columns shown to users (the DESIGN schema); content_hash is internal.
PUBLIC_COLUMNS: Final[tuple[str, ...]] = tuple(
    name for name, _ in EVENT_COLUMNS if name != "content_hash"
)

KINDS: Final[frozenset[str]] = frozenset(
    [
        "missile_launch", "nuclear_test", "artillery_fire", "armed_clash", "naval_clash", "attack",
        "seizure", "infiltration", "border_incursion", "airspace_violation", "cyber_operation",
        "detention", "threat", "military_exercise", "exercise_suspended", "sanction",
        "interdiction", "talks", "summit", "agreement", "agreement_suspended",
        "agreement_withdrawn", "aid", "channel_cut", "channel_restored", "leadership_change",
        "doctrine", "statement", "other",
    ]
)

MISSILE_SUBTYPES: Final[frozenset[str]] = frozenset(
    {"SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "cruise", "SAM", "MLRS", "unknown"}
)
# Subtypes that count as ballistic-missile or satellite launch days.
LAUNCH_DAY_SUBTYPES: Final[frozenset[str]] = frozenset(
    {"SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "HGV", "SLV"}
)

DATE_PRECISIONS: Final[frozenset[str]] = frozenset({"day", "month", "year"})
CASUALTY_SIDES: Final[frozenset[str]] = frozenset({"target", "initiator", "both"})

# Datasets in order of precedence when rows of several datasets describe one event.
PRECEDENCE: Final[tuple[str, ...]] = ("curated", "derived", "csis", "cns", "cns-export", "icews")


def _v1(con: duckdb.DuckDBPyConnection) -> None:
    cols = ",\n  ".join(f"{name} {typ}" for name, typ in EVENT_COLUMNS if name not in ADDED_LATER)
    con.execute(f"CREATE TABLE events (\n  {cols},\n  PRIMARY KEY (event_id)\n)")
    con.execute(
        """CREATE TABLE quarantine (
            dataset VARCHAR NOT NULL,
            file VARCHAR NOT NULL,
            line_no BIGINT,
            raw VARCHAR,
            reason VARCHAR NOT NULL,
            quarantined_at TIMESTAMP NOT NULL
        )"""
    )
    con.execute(
        """CREATE TABLE ingests (
            ingest_id VARCHAR PRIMARY KEY,
            dataset VARCHAR NOT NULL,
            file VARCHAR NOT NULL,
            file_sha256 VARCHAR,
            read BIGINT NOT NULL,
            stored BIGINT NOT NULL,
            updated BIGINT NOT NULL,
            duplicates BIGINT NOT NULL,
            quarantined BIGINT NOT NULL,
            filtered BIGINT NOT NULL,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP NOT NULL
        )"""
    )
    # One row per stored event: the canonical event it belongs to and the date used to match it.
    con.execute(
        """CREATE TABLE event_links (
            event_id VARCHAR PRIMARY KEY,
            canonical_id VARCHAR NOT NULL,
            match_date DATE
        )"""
    )
    _canonical_view(con)


def _v2(con: duckdb.DuckDBPyConnection) -> None:
    """GDELT's attention-and-tone layer: tone and article counts, placed before content_hash."""
    con.execute("ALTER TABLE events ADD COLUMN tone DOUBLE")
    con.execute("ALTER TABLE events ADD COLUMN articles INTEGER")
    # Keep the table's column order equal to EVENT_COLUMNS: rebuild it in that order.
    order = ", ".join(name for name, _ in EVENT_COLUMNS)
    con.execute(f"CREATE TABLE events_v2 AS SELECT {order} FROM events")
    con.execute("DROP VIEW events_canonical")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE events_v2 RENAME TO events")
    con.execute("ALTER TABLE events ADD PRIMARY KEY (event_id)")
    _canonical_view(con)


def _canonical_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """CREATE OR REPLACE VIEW events_canonical AS
        SELECT e.* EXCLUDE (content_hash, date, event_id),
               l.canonical_id AS event_id,
               l.match_date AS date,
               e.date AS representative_date,
               g.datasets, g.n_records
        FROM event_links l
        JOIN events e ON e.event_id = l.event_id
        JOIN (SELECT canonical_id, list_sort(list_distinct(list(e2.dataset))) AS datasets,
                     count(*) AS n_records
              FROM event_links l2 JOIN events e2 ON e2.event_id = l2.event_id
              GROUP BY canonical_id) g ON g.canonical_id = l.canonical_id
        WHERE l.canonical_id = l.event_id"""
    )


def _v3(con: duckdb.DuckDBPyConnection) -> None:
    """The ingest log keeps a fast content digest ('xxh3-128:...'); earlier rows keep their SHA-256,
    prefixed 'sha256:'."""
    con.execute("ALTER TABLE ingests RENAME COLUMN file_sha256 TO file_digest")
    con.execute("UPDATE ingests SET file_digest = 'sha256:' || file_digest "
                "WHERE file_digest IS NOT NULL")


# Content hash: DuckDB's 64-bit hash of every content column, as 16 hex digits. It only tells
# whether a known (dataset, source_id) came back with other content, and is about ten times
# cheaper than md5 of the columns as text. DuckDB does not promise the same hash across versions,
# so the store records the DuckDB version that made its hashes and recomputes them when it changes
# (``rehash_if_needed``).
CONTENT_HASH_SQL: Final[str] = "printf('%016x', hash({}))".format(
    ", ".join(name for name, _ in CONTENT_COLUMNS))


def hash_engine() -> str:
    """The DuckDB major.minor version whose ``hash`` made the stored content hashes."""
    return ".".join(duckdb.__version__.split(".")[:2])


def _rehash(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"UPDATE events SET content_hash = {CONTENT_HASH_SQL}")
    con.execute("DELETE FROM hash_engine")
    con.execute("INSERT INTO hash_engine VALUES (?)", [hash_engine()])


def _v4(con: duckdb.DuckDBPyConnection) -> None:
    """Content hashes by DuckDB's ``hash`` instead of md5 of text (ten times cheaper), with the
    engine version recorded."""
    con.execute("CREATE TABLE hash_engine (engine VARCHAR NOT NULL)")
    _rehash(con)


def _v5(con: duckdb.DuckDBPyConnection) -> None:
    """No primary-key index on events: the merge keeps event_id unique by construction (an anti-join
    on it, repeats inside a file numbered first), and the index cost a third of the write time of a
    GDELT file and 40% of the file's size."""
    con.execute("CREATE TABLE events_v5 AS SELECT * FROM events")
    con.execute("DROP VIEW events_canonical")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE events_v5 RENAME TO events")
    _canonical_view(con)


def rehash_if_needed(con: duckdb.DuckDBPyConnection) -> bool:
    """Recompute every content hash when the store's were made by another DuckDB version."""
    row = con.execute("SELECT max(engine) FROM hash_engine").fetchone()
    if row and row[0] == hash_engine():
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        _rehash(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return True


# Ordered migrations: index + 1 is the schema version each one produces.
MIGRATIONS: Final[tuple[Callable[[duckdb.DuckDBPyConnection], None], ...]] = (
    _v1, _v2, _v3, _v4, _v5)
SCHEMA_VERSION: Final[int] = len(MIGRATIONS)


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring a store to the current schema version, each step in its own transaction."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    current = int(row[0]) if row and row[0] is not None else 0
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"store schema version {current} is newer than this peninsula ({SCHEMA_VERSION})"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            MIGRATIONS[version - 1](con)
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
