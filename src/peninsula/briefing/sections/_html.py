"""Small HTML builders shared by sections (escaped text, tables, figures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import pandas as pd


def text(value: Any) -> str:
    """Escaped text of a value; empty for missing values."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return escape(str(value))


def day(value: Any) -> str:
    """A date as '26 March 2010' (empty when missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    d = pd.Timestamp(value).date() if not isinstance(value, dt.date) else value
    return f"{d.day} {d:%B %Y}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "",
          numeric: Sequence[int] = ()) -> str:
    """An HTML table; cells are already-escaped HTML."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    klass = f' class="{cls}"' if cls else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def figure(svg: str, caption: str) -> str:
    """A chart in its own figure with a caption (caption text is escaped)."""
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"
