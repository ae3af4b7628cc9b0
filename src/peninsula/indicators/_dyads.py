"""Dyads among the six actors the dialogue watches, and each actor's unilateral acts (``PRK-*``)."""

from __future__ import annotations

from itertools import combinations
from typing import Final

import pandas as pd

ACTORS: Final[tuple[str, ...]] = ("PRK", "KOR", "USA", "CHN", "JPN", "RUS")
UNILATERAL: Final[str] = "*"


def dyad_label(actor1: str, actor2: str | None) -> str | None:
    """Undirected label in ACTORS order ('PRK-KOR'); 'PRK-*' for a unilateral act; None outside."""
    if actor1 not in ACTORS:
        return None
    if actor2 is None or actor2 == "" or actor2 != actor2:
        return f"{actor1}-{UNILATERAL}"
    if actor2 not in ACTORS or actor2 == actor1:
        return None
    a, b = sorted((actor1, actor2), key=ACTORS.index)
    return f"{a}-{b}"


def all_dyads() -> list[str]:
    """Every pair among ACTORS, then every actor's unilateral acts."""
    pairs = [f"{a}-{b}" for a, b in combinations(ACTORS, 2)]
    return pairs + [f"{a}-{UNILATERAL}" for a in ACTORS]


def parse_dyad(text: str) -> str:
    """Normalise user input ('kor-prk', 'PRK-*') to a dyad label; ValueError when it is not one."""
    parts = text.strip().upper().replace(",", "-").split("-")
    if len(parts) != 2:
        raise ValueError(f"a dyad looks like PRK-KOR or PRK-*, got {text!r}")
    a, b = parts
    label = dyad_label(a, None if b == UNILATERAL else b)
    if label is None:
        raise ValueError(f"unknown dyad {text!r}; actors are {', '.join(ACTORS)}")
    return label


def with_dyads(events: pd.DataFrame) -> pd.DataFrame:
    """Events with a ``dyad`` column (rows outside the six actors dropped)."""
    labels = [dyad_label(a, b if isinstance(b, str) else None)
              for a, b in zip(events["actor1"], events["actor2"], strict=True)]
    out = events.assign(dyad=pd.Series(labels, index=events.index, dtype="object"))
    return out[out["dyad"].notna()]
