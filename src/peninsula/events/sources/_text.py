"""Reading text feeds safely: decoding with bad bytes kept, CSV records with their raw lines."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peninsula.events._records import Batch, Quarantined, RecordError

csv.field_size_limit(sys.maxsize)

MAX_FIELD_CHARS = 1_000_000


@dataclass(frozen=True)
class RawRecord:
    """One CSV record: its first line number, its raw text and its fields."""

    line_no: int
    raw: str
    fields: list[str]
    bad_bytes: bool


def read_text(path: Path, encoding: str) -> str:
    """The file decoded with ``encoding``; undecodable bytes survive as surrogate escapes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if data.startswith(b"\xef\xbb\xbf") and encoding.replace("-", "").lower() == "utf8":
        data = data[3:]
    return data.decode(encoding, errors="surrogateescape")


def has_surrogates(text: str) -> bool:
    """True when decoding left undecodable bytes in ``text``."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def printable_raw(text: str) -> str:
    """Raw text safe to store: undecodable bytes as \\xNN escapes, NUL as \\x00."""
    out = text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")
    return out.replace("\x00", "\\x00")


def csv_records(text: str, *, delimiter: str = ",") -> Iterator[RawRecord]:
    """CSV records (RFC 4180 quoting, embedded newlines) with their raw text and first line number."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=False)
    prev = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # pragma: no cover - strict=False rarely raises
            raw = "".join(lines[prev:reader.line_num])
            prev = reader.line_num
            yield RawRecord(prev, raw, [], has_surrogates(raw))
            del exc
            continue
        raw = "".join(lines[prev:reader.line_num])
        first = prev + 1
        prev = reader.line_num
        if not fields and not raw.strip():
            continue
        yield RawRecord(first, raw.rstrip("\r\n"), fields, has_surrogates(raw))


def load_json(path: Path) -> Any:
    """Parse a JSON file (UTF-8), raising RecordError with a readable reason."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(f"{path.name} is not UTF-8 JSON: {exc.reason} at byte {exc.start}") from exc
    except OSError as exc:
        raise RecordError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not text.strip():
        return []
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}") from exc


def raw_json(obj: Any) -> str:
    """A JSON record as one line of text, for the quarantine."""
    return json.dumps(obj, ensure_ascii=False, default=str)


FILTERED = None
"""What a row parser returns for a row outside the feed's scope."""


def record_batches(
    records: Iterable[RawRecord],
    names: list[str],
    parse: Callable[[dict[str, str]], dict[str, Any] | None],
    *,
    batch_rows: int,
    encoding_name: str = "UTF-8",
) -> Iterator[Batch]:
    """Batches of parsed rows from CSV records with a header ``names``.

    ``parse`` maps a row (header name -> field) to a finished record, returns None for a row out
    of scope (counted as filtered), or raises RecordError (quarantined with the raw line).
    """
    batch = Batch()
    for rec in records:
        batch.read += 1
        try:
            if rec.bad_bytes:
                raise RecordError(f"line is not valid {encoding_name}")
            if "\x00" in rec.raw:
                raise RecordError("line contains NUL bytes")
            if len(rec.fields) != len(names):
                raise RecordError(f"expected {len(names)} fields, found {len(rec.fields)}")
            parsed = parse(dict(zip(names, rec.fields, strict=True)))
            if parsed is None:
                batch.filtered += 1
            else:
                batch.rows.append(parsed)
                batch.line_nos.append(rec.line_no)
        except RecordError as exc:
            batch.quarantined.append(Quarantined(rec.line_no, printable_raw(rec.raw), str(exc)))
        if batch.read >= batch_rows:
            yield batch
            batch = Batch()
    yield batch
