"""What an adapter hands the store: accepted rows as a DataFrame, quarantined lines, counts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from peninsula.events import ladder
from peninsula.events._cameo import goldstein, kind_cameo, quad_class
from peninsula.events._schema import (
    CASUALTY_SIDES,
    CONTENT_NAMES,
    DATE_PRECISIONS,
    KINDS,
    MISSILE_SUBTYPES,
)


class RecordError(ValueError):
    """A record that cannot be stored; its message becomes the quarantine reason."""


@dataclass(frozen=True)
class Quarantined:
    """A raw input line kept with the reason it was refused."""

    line_no: int | None
    raw: str
    reason: str


@dataclass
class Batch:
    """One parsed slice of an input file."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    line_nos: list[int] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    read: int = 0
    filtered: int = 0

    def frame(self) -> pd.DataFrame:
        """The accepted rows as a DataFrame with every content column, in table order."""
        df = pd.DataFrame(self.rows, columns=list(CONTENT_NAMES))
        df["line_no"] = pd.Series(self.line_nos, dtype="int64")
        return df


class Adapter(Protocol):
    """Reads one feed's files into batches of event rows."""

    dataset: str

    def batches(self, path: Path, *, batch_rows: int = 50_000) -> Iterator[Batch]:
        """Parse ``path`` into batches; raise ``RecordError`` only for a file that cannot be read."""
        ...


DIGEST_PREFIX = "xxh3-128:"


def file_digest(path: Path) -> str:
    """A fast content digest of a file for the ingest log (xxh3-128: identifies, not secures)."""
    import xxhash

    digest = xxhash.xxh3_128()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            digest.update(chunk)
    return DIGEST_PREFIX + digest.hexdigest()


@dataclass
class SqlCounts:
    """What a SQL-staged file held: rows read, filtered out of scope, quarantined; its digest."""

    read: int = 0
    filtered: int = 0
    quarantined: int = 0
    digest: str | None = None


# A SQL adapter may leave its staged rows as temporary views named STAGE_PART_PREFIX + n (with the stage's
# columns, typed), over temporary tables named STAGE_ROWS_PREFIX + n; the store merges and then drops them.
STAGE_PART_PREFIX = "_stage_part_"
STAGE_ROWS_PREFIX = "_stage_rows_"


class SqlAdapter(Protocol):
    """Stages a file with SQL, inside the file's transaction: into the store's ``_stage`` table, or as
    ``_stage_part_N`` views that the merge reads in the same pass that hashes the rows."""

    dataset: str

    def stage_sql(self, con: Any, path: Path, label: str) -> SqlCounts:
        """Fill ``_stage`` or create stage parts (and fill ``quarantine``) from ``path``; return the counts."""
        ...


AnyAdapter = Adapter | SqlAdapter


def _int_or_none(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        number = int(str(value).strip())
    except ValueError as exc:
        raise RecordError(f"{name} is not a whole number: {value!r}") from exc
    if number < 0:
        raise RecordError(f"{name} is negative: {number}")
    return number


def _float_or_none(value: Any, name: str, low: float, high: float) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).strip())
    except ValueError as exc:
        raise RecordError(f"{name} is not a number: {value!r}") from exc
    if not (low <= number <= high):
        raise RecordError(f"{name} out of range: {number}")
    return number


def parse_date(value: Any, name: str = "date") -> dt.date:
    """An ISO date (YYYY-MM-DD) between 1900 and 2100, else a RecordError."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        parsed = value
    else:
        text = str(value or "").strip()
        try:
            parsed = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise RecordError(f"{name} is not a valid YYYY-MM-DD date: {text!r}") from exc
    if not (1900 <= parsed.year <= 2100):
        raise RecordError(f"{name} out of range: {parsed.isoformat()}")
    return parsed


def _clean_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).replace("\x00", "").strip()
    return text or None


def _list(value: Any, sep: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items: Iterable[Any] = value
    else:
        items = str(value).split(sep)
    return [t for t in (str(i).strip() for i in items) if t]


def finish_record(rec: dict[str, Any]) -> dict[str, Any]:
    """Validate one record and derive what follows from it: CAMEO default, Goldstein, quad class, rung.

    ``rec`` carries content columns by name (missing ones are null); ``tags`` and ``sources`` may be
    lists or ``;``/`` | ``-separated strings. Raises RecordError with a readable reason.
    """
    out: dict[str, Any] = {name: None for name in CONTENT_NAMES}
    out.update({k: v for k, v in rec.items() if k in out})
    for key in ("actor1", "actor2", "kind", "subtype", "cameo_code", "casualties_side", "location",
                "summary", "attribution", "dataset", "source_id", "date_precision"):
        out[key] = _clean_text(out[key])
    if not out["dataset"] or not out["source_id"]:
        raise RecordError("missing dataset or source_id")
    day = parse_date(out["date"])
    out["date"] = day.isoformat()
    known = out["known_date"]
    known_day = day if known in (None, "") or (isinstance(known, float) and math.isnan(known)) \
        else parse_date(known, "known_date")
    if known_day < day:
        raise RecordError(f"known_date {known_day} is before date {day}")
    out["known_date"] = known_day.isoformat()
    out["date_precision"] = out["date_precision"] or "day"
    if out["date_precision"] not in DATE_PRECISIONS:
        raise RecordError(f"unknown date_precision {out['date_precision']!r}")
    kind = out["kind"]
    if kind not in KINDS:
        raise RecordError(f"unknown kind {kind!r}")
    if kind == "missile_launch" and out["subtype"] not in MISSILE_SUBTYPES:
        raise RecordError(f"unknown missile subtype {out['subtype']!r}")
    actor1 = out["actor1"]
    if not actor1 or not actor1.isascii() or not actor1.isalpha() or len(actor1) != 3:
        raise RecordError(f"actor1 must be a 3-letter code, got {actor1!r}")
    out["actor1"] = actor1.upper()
    if out["actor2"]:
        if not out["actor2"].isascii() or not out["actor2"].isalpha() or len(out["actor2"]) != 3:
            raise RecordError(f"actor2 must be a 3-letter code, got {out['actor2']!r}")
        out["actor2"] = out["actor2"].upper()
    if out["casualties_side"] and out["casualties_side"] not in CASUALTY_SIDES:
        raise RecordError(f"unknown casualties_side {out['casualties_side']!r}")
    for key in ("deaths_military", "deaths_civilian", "injured", "deaths_initiator"):
        out[key] = _int_or_none(out[key], key)
    out["lat"] = _float_or_none(out["lat"], "lat", -90.0, 90.0)
    out["lon"] = _float_or_none(out["lon"], "lon", -180.0, 180.0)
    time_utc = out["time_utc"]
    if time_utc in (None, "") or (isinstance(time_utc, float) and math.isnan(time_utc)):
        out["time_utc"] = None
    else:
        try:
            out["time_utc"] = dt.datetime.fromisoformat(str(time_utc).strip()).isoformat(sep=" ")
        except ValueError as exc:
            raise RecordError(f"time_utc is not an ISO timestamp: {time_utc!r}") from exc
    contested = out["contested"]
    if isinstance(contested, str):
        low = contested.strip().lower()
        if low not in {"true", "false", ""}:
            raise RecordError(f"contested must be true or false, got {contested!r}")
        contested = low == "true"
    out["contested"] = bool(contested) if contested is not None else False
    out["tags"] = sorted(set(_list(out["tags"], ";")))
    out["sources"] = _list(out["sources"], " | ")
    if out["cameo_code"] is None:
        out["cameo_code"] = kind_cameo().get(kind)
    code = out["cameo_code"]
    if code is not None and not code.isdigit():
        raise RecordError(f"cameo_code must be digits, got {code!r}")
    if out["goldstein"] is None or (isinstance(out["goldstein"], float) and math.isnan(out["goldstein"])):
        out["goldstein"] = goldstein(code)
    out["quad_class"] = quad_class(code)
    out["rung"] = ladder.rung(
        kind,
        out["subtype"],
        out["tags"],
        deaths_military=out["deaths_military"],
        deaths_civilian=out["deaths_civilian"],
        injured=out["injured"],
        deaths_initiator=out["deaths_initiator"],
        casualties_side=out["casualties_side"],
    )
    return out
