"""The closing "Method and data" section: datasets, counts, dates, version, store hash, rules."""

from __future__ import annotations

import pandas as pd

from peninsula import __version__
from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, register
from peninsula.briefing.sections._html import day, table, text

CITATIONS = {
    "curated": "peninsula's hand-written chronology (one cited event per row)",
    "derived": "launch days derived from the CSIS and CNS databases (dates and classes only)",
    "csis": "CSIS Beyond Parallel, Database of North Korean Provocations",
    "cns": "CNS North Korea Missile Test Database (NTI)",
}


@register("method", "Method and data", order=1000)
def render(ctx: Context) -> Section:
    """Datasets with row counts and date ranges as known on ``as_of``; how the numbers are made."""
    rows = ctx.events(canonical=False)
    rows["d"] = pd.to_datetime(rows["date"]).dt.date
    summary = rows.groupby("dataset").agg(n=("d", "size"), first=("d", "min"), last=("d", "max"))
    body = [table(["dataset", "source", "rows", "first", "last"],
                  [[text(name), text(CITATIONS.get(str(name), "user-supplied feed")), str(r.n),
                    day(r.first), day(r.last)] for name, r in summary.iterrows()],
                  numeric=(2,))]
    canonical = len(ctx.events())
    body.append(
        f"<p>{len(rows)} rows known by {day(ctx.as_of)} form {canonical} canonical events: rows "
        "of different datasets describing one event (same kind and class, undirected dyad and "
        "local date in Korea) are matched one to one. Only what was public by the data date "
        "(each event's <code>known_date</code>) is used. Rungs follow the ladder rule in "
        "<code>peninsula.events.ladder</code>; Goldstein scores follow the CAMEO code of each "
        "kind. Change points: Poisson cost on monthly conflict and cooperation counts, exact "
        "optimal partition, BIC penalty scaled by the series' dispersion (one rule for every "
        "series). Trends: 12-month moving averages with exact Poisson 95% bands, which are too "
        "narrow when events cluster.</p>")
    body.append(f"<p>peninsula {text(__version__)} · store hash <code>{ctx.store_hash}</code> · "
                f"data through {day(ctx.as_of)}.</p>")
    return Section("method", "Method and data", "\n".join(body))
