"""The nuclear section as of past dates: only options, estimates and parameters known then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peninsula.briefing import Context
from peninsula.briefing.sections import nuclear
from peninsula.events import EventStore
from peninsula.nuclear import earliest_as_of, load


def _render(store: Path, day: dt.date) -> tuple[str, tuple[str, ...]]:
    with EventStore(store, read_only=True) as es:
        section = nuclear.render(Context(es, day, dt.date(1990, 1, 1), seed=3))
    return section.html, section.judgments


def test_dialogue_day_shows_no_later_offer_or_estimate(shipped_store: Path) -> None:
    html, judgments = _render(shipped_store, dt.date(2011, 1, 19))
    assert "Hanoi" not in html                      # the 2019 offer was not yet made
    assert "2007 shutdown and disablement" in html  # a counterfactual about the past is fine
    assert "Kangson" not in html                    # named in 2018
    assert "data-role=\"projection\"" in html and "<svg" in html
    assert any(j.startswith("Nuclear material: by the end of 2011") for j in judgments)
    assert any("freeze" in j for j in judgments)


def test_later_date_adds_the_hanoi_curve(shipped_store: Path) -> None:
    html, _ = _render(shipped_store, dt.date(2020, 1, 1))
    assert "Hanoi offer" in html and html.count("<figure>") == 3
    assert "Had the February 2019 Hanoi offer on Yongbyon been taken" in html


def test_hindcast_shows_only_estimates_known_then(shipped_store: Path) -> None:
    """The hindcast panel appears once estimates for 2010 onward are known, and counts only those."""
    early, _ = _render(shipped_store, dt.date(2011, 1, 19))
    assert "Hindcast: each published estimate" not in early   # none for 2010 on was public yet
    html, _ = _render(shipped_store, dt.date(2016, 1, 1))
    assert "Hindcast: each published estimate" in html
    every = load("published_estimates")
    every = every[(every["year"] >= 2010) & (every["year"] <= 2016)
                  & ~every["note"].str.contains("PROJECTION", na=False)]
    known = every[every["published_date"] <= dt.date(2016, 1, 1)]
    for basis, label in (("material", "material would allow"), ("plutonium", "plutonium alone would allow")):
        count = int((known["basis"] == basis).sum())
        assert f"{label} ({count} estimates)" in html
    # Later estimates for those years (SIPRI's January 2016 figure, published in June) are left out.
    assert (every["basis"] == "plutonium").sum() > (known["basis"] == "plutonium").sum()


def test_before_the_parameters_were_public(shipped_store: Path) -> None:
    html, judgments = _render(shipped_store, earliest_as_of() - dt.timedelta(days=1))
    assert "needs parameters first published" in html and judgments == ()
