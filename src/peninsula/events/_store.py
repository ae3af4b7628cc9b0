"""EventStore: the DuckDB file that holds events, quarantined lines and the ingest log.

All DuckDB calls live here. One process owns a store file; every file ingested is one transaction,
so a crash mid-file leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pandas as pd

from peninsula.events._records import STAGE_PART_PREFIX, STAGE_ROWS_PREFIX, AnyAdapter, Batch, file_digest
from peninsula.events._schema import (
    CONTENT_COLUMNS,
    CONTENT_HASH_SQL,
    CONTENT_NAMES,
    PUBLIC_COLUMNS,
    migrate,
    rehash_if_needed,
)
from peninsula.events.canonical import link_events

# Datasets kept out of the canonical view (attention-and-tone layers, not events).
NON_CANONICAL = frozenset({"gdelt"})
EXPORT_FORMATS = ("csv", "parquet", "json")

ProgressFn = Callable[[int, int], None]
"""Called after each parsed batch with (batch number, rows read so far)."""


class StoreError(RuntimeError):
    """A store that cannot be opened or used; the message is meant for the user."""


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did. read = stored + updated + duplicates + quarantined + filtered."""

    dataset: str
    file: str
    read: int
    stored: int
    updated: int
    duplicates: int
    quarantined: int
    filtered: int

    def balanced(self) -> bool:
        """True when every row read is accounted for."""
        return self.read == (
            self.stored + self.updated + self.duplicates + self.quarantined + self.filtered
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EventQuery:
    """Filters for ``EventStore.query``; every field is optional."""

    start: dt.date | None = None
    end: dt.date | None = None
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    kinds: Sequence[str] = ()
    subtypes: Sequence[str] = ()
    min_rung: int | None = None
    max_rung: int | None = None
    datasets: Sequence[str] = ()
    as_of: dt.date | None = None
    limit: int | None = None
    newest_first: bool = True
    canonical: bool = False


_STAGE_COLS = ", ".join(f"{n} {t}" for n, t in CONTENT_COLUMNS)
# Python batches carry dates and times as ISO text: cast them on the way into the stage.
_BATCH_COLS = ", ".join(
    f"CAST({n} AS {t}) AS {n}" if t in ("DATE", "TIMESTAMP") else n for n, t in CONTENT_COLUMNS
)
_HASH_EXPR = CONTENT_HASH_SQL


def event_id_for(dataset: str, source_id: str) -> str:
    """The stable event id: the first 16 hex digits of md5(dataset, US, source_id)."""
    return hashlib.md5(f"{dataset}\x1f{source_id}".encode()).hexdigest()[:16]


class EventStore:
    """The event store. Use as a context manager; ``read_only`` opens without taking the writer lock."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no event store at {self.path}")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(
                str(self.path),
                read_only=read_only,
                config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
            )
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open event store {self.path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path} is not a peninsula event store: {exc}") from exc
        self.created = False
        if not read_only:
            try:
                had = self._has_table("events")
                migrate(self._con)
                rehash_if_needed(self._con)
                self.created = not had
            except duckdb.Error as exc:
                self._con.close()
                raise StoreError(f"cannot prepare event store {self.path}: {exc}") from exc

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        """Checkpoint (when writable) and close."""
        try:
            if not self.read_only:
                self._con.execute("CHECKPOINT")
        finally:
            self._con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _has_table(self, name: str) -> bool:
        row = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    # -- ingest ----------------------------------------------------------------------------------
    def ingest(
        self,
        adapter: AnyAdapter,
        path: str | Path,
        *,
        batch_rows: int = 50_000,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Ingest one file in one transaction and return its report.

        New (dataset, source_id) pairs are stored; known ones with the same content are duplicates;
        known ones with different content replace the stored row (updated). Refused lines go to the
        quarantine table with their reason.
        """
        if self.read_only:
            raise StoreError("store opened read-only")
        file = Path(path)
        started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        con = self._con
        read = filtered = n_quarantined = 0
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE _stage ({_STAGE_COLS}, line_no BIGINT)")
            digest = None
            if hasattr(adapter, "stage_sql"):
                counts = adapter.stage_sql(con, file, str(file))
                read, filtered, n_quarantined = counts.read, counts.filtered, counts.quarantined
                digest = counts.digest
                if progress is not None:
                    progress(1, read)
            else:
                assert hasattr(adapter, "batches")
                for number, batch in enumerate(adapter.batches(file, batch_rows=batch_rows),
                                               start=1):
                    read += batch.read
                    filtered += batch.filtered
                    n_quarantined += self._stage(batch, adapter.dataset, file)
                    if progress is not None:
                        progress(number, read)
            parts = self._temp_objects("view", STAGE_PART_PREFIX)
            source = " UNION ALL ".join(["SELECT * FROM _stage", *(f"SELECT * FROM {p}" for p in parts)])
            stored, updated, duplicates, conflicts = self._merge(adapter.dataset, file, source)
            for view in parts:
                con.execute(f"DROP VIEW {view}")
            for table in self._temp_objects("table", STAGE_ROWS_PREFIX):
                con.execute(f"DROP TABLE {table}")
            n_quarantined += conflicts
            report = IngestReport(
                dataset=adapter.dataset, file=str(file), read=read, stored=stored,
                updated=updated, duplicates=duplicates, quarantined=n_quarantined,
                filtered=filtered,
            )
            if not report.balanced():  # pragma: no cover - a bug, never bad input
                raise StoreError(f"ingest report does not add up: {report}")
            if adapter.dataset not in NON_CANONICAL and (stored or updated):
                self._relink()
            con.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [uuid.uuid4().hex, adapter.dataset, str(file), digest or file_digest(file), read,
                 stored,
                 updated, duplicates, n_quarantined, filtered, started,
                 dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            con.execute("DROP TABLE _stage")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return report

    def _stage(self, batch: Batch, dataset: str, file: Path) -> int:
        con = self._con
        if batch.rows:
            frame = batch.frame()
            con.register("_batch", frame)
            try:
                con.execute(f"INSERT INTO _stage SELECT {_BATCH_COLS}, line_no FROM _batch")
            finally:
                con.unregister("_batch")
        if batch.quarantined:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            con.executemany(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                [[dataset, str(file), q.line_no, q.raw, q.reason, now] for q in batch.quarantined],
            )
        return len(batch.quarantined)

    def _temp_objects(self, kind: str, prefix: str) -> list[str]:
        """Names of this connection's temporary views or tables that start with ``prefix``."""
        column, catalog = ("view_name", "duckdb_views()") if kind == "view" else ("table_name", "duckdb_tables()")
        rows = self._con.execute(
            f"SELECT {column} FROM {catalog} WHERE temporary AND starts_with({column}, ?) ORDER BY {column}",
            [prefix]).fetchall()
        return [str(r[0]) for r in rows]

    def _merge(self, dataset: str, file: Path, source: str = "SELECT * FROM _stage") -> tuple[int, int, int, int]:
        """Move staged rows (``source``) into events; returns (stored, updated, duplicates, conflicts)."""
        con = self._con
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _typed AS
            SELECT substr(md5(dataset || chr(31) || source_id), 1, 16) AS event_id, *,
                   {_HASH_EXPR} AS content_hash, CAST(1 AS BIGINT) AS nth
            FROM ({source})"""
        )
        # Repeats of a source_id inside one file are rare, and numbering them is the costliest step of
        # the merge (a window over every staged row): number them only when there are some. The first
        # by line (then by content, for feeds staged without line numbers) is the one kept.
        repeats = con.execute("SELECT count(*) - count(DISTINCT event_id) FROM _typed").fetchone()
        if repeats and repeats[0]:
            con.execute(
                """CREATE OR REPLACE TEMP TABLE _typed AS
                SELECT * REPLACE (row_number() OVER (PARTITION BY event_id
                                                     ORDER BY line_no, content_hash) AS nth)
                FROM _typed"""
            )
        # Repeats of a source_id inside one file: same content is a duplicate, other content a conflict.
        row = con.execute(
            """SELECT count(*) FILTER (WHERE t.content_hash = f.content_hash),
                      count(*) FILTER (WHERE t.content_hash <> f.content_hash)
               FROM _typed t JOIN _typed f ON f.event_id = t.event_id AND f.nth = 1
               WHERE t.nth > 1"""
        ).fetchone()
        in_file_dups, conflicts = (int(row[0]), int(row[1])) if row else (0, 0)
        if conflicts:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            con.execute(
                """INSERT INTO quarantine
                   SELECT t.dataset, ?, t.line_no, t.source_id,
                          'source_id repeats an earlier row' ||
                          coalesce(' (line ' || f.line_no || ')', '') ||
                          ' with different content', ?
                   FROM _typed t JOIN _typed f ON f.event_id = t.event_id AND f.nth = 1
                   WHERE t.nth > 1 AND t.content_hash <> f.content_hash""",
                [str(file), now],
            )
        con.execute("DELETE FROM _typed WHERE nth > 1")
        counts = con.execute(
            """SELECT count(*) FILTER (WHERE e.event_id IS NULL),
                      count(*) FILTER (WHERE e.event_id IS NOT NULL
                                       AND e.content_hash <> t.content_hash),
                      count(*) FILTER (WHERE e.content_hash = t.content_hash)
               FROM _typed t LEFT JOIN events e ON e.event_id = t.event_id"""
        ).fetchone()
        stored, updated, same = (int(c) for c in counts) if counts else (0, 0, 0)
        con.execute(
            """DELETE FROM events WHERE event_id IN (
                   SELECT t.event_id FROM _typed t JOIN events e ON e.event_id = t.event_id
                   WHERE e.content_hash <> t.content_hash)"""
        )
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        con.execute(
            f"""INSERT INTO events
                SELECT t.event_id, {", ".join("t." + n for n in CONTENT_NAMES)}, t.content_hash, ?
                FROM _typed t ANTI JOIN events e ON e.event_id = t.event_id""",
            [now],
        )
        con.execute("DROP TABLE _typed")
        return stored, updated, same + in_file_dups, conflicts

    def _relink(self) -> None:
        # The CNS export (numeric F1 ids) and the nagix copy are two copies of one feed: each is
        # matched one-to-one on its own, the export after the nagix copy.
        rows = self._con.execute(
            "SELECT event_id, CASE WHEN dataset = 'cns' AND regexp_full_match(source_id, '[0-9]+') "
            "THEN 'cns-export' ELSE dataset END AS dataset, "
            "date, actor1, actor2, kind, subtype FROM events "
            f"WHERE dataset NOT IN ({', '.join(repr(d) for d in sorted(NON_CANONICAL))})"
        ).df()
        links = link_events(rows)
        self._con.execute("DELETE FROM event_links")
        self._con.register("_links", links)
        try:
            self._con.execute(
                "INSERT INTO event_links SELECT event_id, canonical_id, "
                "CAST(match_date AS DATE) FROM _links"
            )
        finally:
            self._con.unregister("_links")

    # -- reading ---------------------------------------------------------------------------------
    def count(self, *, canonical: bool = False) -> int:
        table = "events_canonical" if canonical else "events"
        row = self._con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def query(self, q: EventQuery | None = None) -> pd.DataFrame:
        """Events matching the filters, as a DataFrame with the DESIGN columns."""
        q = q or EventQuery()
        where: list[str] = []
        params: list[Any] = []
        if q.start is not None:
            where.append("date >= ?")
            params.append(q.start)
        if q.end is not None:
            where.append("date <= ?")
            params.append(q.end)
        if q.as_of is not None:
            where.append("known_date <= ?")
            params.append(q.as_of)
        if q.actor:
            where.append("(actor1 = ? OR actor2 = ?)")
            params += [q.actor, q.actor]
        if q.dyad:
            a, b = q.dyad
            where.append("((actor1 = ? AND actor2 = ?) OR (actor1 = ? AND actor2 = ?))")
            params += [a, b, b, a]
        for column, values in (("kind", q.kinds), ("subtype", q.subtypes), ("dataset", q.datasets)):
            if values:
                where.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params += list(values)
        if q.min_rung is not None:
            where.append("rung >= ?")
            params.append(q.min_rung)
        if q.max_rung is not None:
            where.append("rung <= ?")
            params.append(q.max_rung)
        if q.canonical:
            table = "events_canonical"
            columns = "*"
        else:
            table = "events"
            columns = ", ".join(PUBLIC_COLUMNS)
        sql = f"SELECT {columns} FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        order = "DESC" if q.newest_first else "ASC"
        sql += f" ORDER BY date {order}, time_utc {order} NULLS LAST, event_id"
        if q.limit is not None:
            sql += f" LIMIT {int(q.limit)}"
        return self._con.execute(sql, params).df()

    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run a read query and return a DataFrame (for analysts and tests)."""
        return self._con.execute(query, list(params)).df()

    def stats(self) -> dict[str, pd.DataFrame]:
        """Summary tables: by dataset, by kind, by rung, and the quarantine by dataset and reason."""
        con = self._con
        return {
            "datasets": con.execute(
                "SELECT dataset, count(*) AS events, min(date) AS first, max(date) AS last "
                "FROM events GROUP BY dataset ORDER BY dataset"
            ).df(),
            "kinds": con.execute(
                "SELECT kind, count(*) AS events, count(*) FILTER (WHERE contested) AS contested "
                "FROM events_canonical GROUP BY kind ORDER BY events DESC, kind"
            ).df(),
            "rungs": con.execute(
                "SELECT rung, count(*) AS events FROM events_canonical WHERE rung IS NOT NULL "
                "GROUP BY rung ORDER BY rung"
            ).df(),
            "quarantine": con.execute(
                "SELECT dataset, reason, count(*) AS rows FROM quarantine "
                "GROUP BY dataset, reason ORDER BY rows DESC, dataset, reason"
            ).df(),
        }

    def export(self, out: str | Path, fmt: str, q: EventQuery | None = None) -> int:
        """Write events matching ``q`` to CSV, Parquet or JSON (records); returns the row count."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        frame = self.query(q or EventQuery(newest_first=False))
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            flat = frame.copy()
            for col in ("tags", "sources"):
                flat[col] = [" | ".join(v) if v is not None else "" for v in flat[col]]
            flat.to_csv(target, index=False, date_format="%Y-%m-%d")
        elif fmt == "parquet":
            frame.to_parquet(target, index=False)
        else:
            target.write_text(records_json(frame), encoding="utf-8")
        return len(frame)

    def table_fingerprints(self) -> dict[str, tuple[int, str]]:
        """Row count and an order-independent hash of each table, to show a store unchanged."""
        out: dict[str, tuple[int, str]] = {}
        for (name,) in self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema = 'main' ORDER BY table_name"
        ).fetchall():
            row = self._con.execute(
                f'SELECT count(*), coalesce(bit_xor(hash(t)), 0) FROM "{name}" t'
            ).fetchone()
            out[str(name)] = (int(row[0]), str(row[1])) if row else (0, "0")
        return out


DATE_COLUMNS = frozenset({"date", "known_date", "representative_date"})


def records_json(frame: pd.DataFrame) -> str:
    """Events as a JSON array of objects, dates as YYYY-MM-DD, timestamps ISO 8601."""
    import json

    def convert(column: str, value: Any) -> Any:
        if value is None or value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, float) and value != value:
            return None
        if isinstance(value, dt.datetime | pd.Timestamp):
            return value.date().isoformat() if column in DATE_COLUMNS else value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if hasattr(value, "tolist"):
            return value.tolist()
        return value

    records = [
        {k: convert(str(k), v) for k, v in rec.items()}
        for rec in frame.astype(object).to_dict(orient="records")
    ]
    return json.dumps(records, ensure_ascii=False)
