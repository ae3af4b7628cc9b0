"""Canonical matching: one-to-one, never transitive, +-1 day only for uncertain feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from peninsula.events import EventStore
from peninsula.events.canonical import dyads_agree, link_events, pair_days

from .helpers import own, own_row, write_own_csv

D = dt.date


def test_pair_days_is_one_to_one_and_prefers_the_day_before() -> None:
    known = {D(2020, 1, 1), D(2020, 1, 3)}
    assert pair_days(known, {D(2020, 1, 2)}) == {D(2020, 1, 2): D(2020, 1, 1)}
    # Two uncertain days cannot take one known day.
    assert pair_days({D(2020, 1, 2)}, {D(2020, 1, 1), D(2020, 1, 3)}) == {
        D(2020, 1, 1): D(2020, 1, 2)}
    # A known day that the uncertain feed covers exactly is not free.
    assert pair_days({D(2020, 1, 1), D(2020, 1, 2)}, {D(2020, 1, 2), D(2020, 1, 3)}) == {}


def test_dyads_agree_with_unknown_actor2() -> None:
    assert dyads_agree("PRK", "KOR", "KOR", "PRK")
    assert dyads_agree("PRK", None, "PRK", "JPN")
    assert not dyads_agree("PRK", None, "USA", "KOR")
    assert not dyads_agree("PRK", "USA", "PRK", "KOR")


def _rows(specs: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"event_id": eid, "dataset": ds, "date": day, "actor1": "PRK", "actor2": None,
          "kind": "missile_launch", "subtype": sub} for eid, ds, day, sub in specs])


def test_consecutive_launch_days_do_not_chain() -> None:
    links = link_events(_rows([
        ("c1", "curated", "2022-01-05", "SRBM"),
        ("c2", "curated", "2022-01-06", "SRBM"),
        ("s1", "csis", "2022-01-05", "SRBM"),
        ("s2", "csis", "2022-01-06", "SRBM"),
        ("n1", "cns", "2022-01-06", "SRBM"),
        ("n2", "cns", "2022-01-07", "SRBM"),
    ]))
    canon = dict(zip(links["event_id"], links["canonical_id"], strict=True))
    assert canon["s1"] == "c1" and canon["s2"] == "c2"
    assert canon["n1"] == "c2"
    # 2022-01-07 pairs with nothing: both neighbouring known days are covered by CNS or taken.
    assert canon["n2"] == "n2"


def test_one_to_one_per_dataset() -> None:
    links = link_events(_rows([
        ("c1", "curated", "2022-01-05", "SRBM"),
        ("n1", "cns", "2022-01-05", "SRBM"),
        ("n2", "cns", "2022-01-05", "MRBM"),
    ]))
    canon = dict(zip(links["event_id"], links["canonical_id"], strict=True))
    assert canon["n1"] == "c1"
    assert canon["n2"] == "n2"  # a second missile of the salvo is its own event, same day


def test_uncertain_feed_pairs_one_day_off() -> None:
    links = link_events(_rows([
        ("c1", "curated", "2016-04-15", "IRBM"),
        ("n1", "cns", "2016-04-16", "IRBM"),
        ("x1", "otherfeed", "2016-04-16", "IRBM"),
    ]))
    got = links.set_index("event_id")
    assert got.loc["n1", "canonical_id"] == "c1"
    assert got.loc["n1", "match_date"] == D(2016, 4, 15)
    assert got.loc["x1", "canonical_id"] == "x1"  # certain feeds match on the exact date only


def test_view_in_store(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as es:
        es.ingest(own("curated"), write_own_csv(tmp_path / "a.csv", [
            own_row("a", "2010-03-26", kind="attack", deaths_military="46")]))
        es.ingest(own("csis"), write_own_csv(tmp_path / "b.csv", [
            own_row("b", "2010-03-26", kind="attack", actor2=""),
            own_row("c", "2010-03-27", kind="attack")]))
        view = es.sql("SELECT * FROM events_canonical ORDER BY date")
        assert len(view) == 2
        first = view.iloc[0]
        assert list(first["datasets"]) == ["csis", "curated"] and first["n_records"] == 2
        assert first["rung"] == 6
