"""Section 1, "Security environment": what happened, how each relation is moving, what is new."""

from __future__ import annotations

import csv
import datetime as dt

import altair as alt
import pandas as pd

from peninsula._paths import package_data
from peninsula.briefing.charts import to_svg
from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, register
from peninsula.briefing.sections._html import day, figure, table, text
from peninsula.events import LAUNCH_DAY_SUBTYPES, RUNG_NAMES
from peninsula.indicators import change_points, dyad_series, relations_now, trend

WIDTH = 640
SERIOUS_RUNG = 5
NOTABLE_KINDS = ("leadership_change", "doctrine", "agreement", "agreement_suspended",
                 "agreement_withdrawn", "nuclear_test")
CLASS_ORDER = ["ICBM", "IRBM", "HGV", "MRBM", "SLBM", "SRBM", "SLV"]


def short_label(source_id: str, summary: str) -> str:
    """A short name for a chart label: our id's words, else the summary's first words."""
    parts = source_id.split("-")
    if len(parts) > 3 and all(p.isdigit() for p in parts[:3]):
        words = " ".join(parts[3:])
        return words[:1].upper() + words[1:]
    return " ".join(summary.split()[:5])


def _months_before(d: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(d) - pd.DateOffset(months=months)).date()


def _launch_days(events: pd.DataFrame) -> pd.DataFrame:
    launches = events[(events["kind"] == "missile_launch")
                      & events["subtype"].isin(sorted(LAUNCH_DAY_SUBTYPES))].copy()
    launches["day"] = pd.to_datetime(launches["date"]).dt.date
    launches["rank"] = launches["subtype"].map(CLASS_ORDER.index)
    # One row per launch day, named by its highest-reaching class.
    return launches.sort_values(["day", "rank"]).drop_duplicates("day")


def _judgments(ctx: Context, events: pd.DataFrame, now: pd.DataFrame) -> list[str]:
    out: list[str] = []
    as_of = ctx.as_of
    year_ago = _months_before(as_of, 12)
    days = _launch_days(events)
    recent = days[days["day"] > year_ago]
    base = days[(days["day"] > _months_before(year_ago, 120)) & (days["day"] <= year_ago)]
    classes = recent["subtype"].value_counts()
    mix = ", ".join(f"{classes[c]} {c}" for c in CLASS_ORDER if c in classes)
    out.append(
        f"Strategic signals: in the 12 months to {day(as_of)} the DPRK launched ballistic missiles "
        f"or satellites on {len(recent)} days{f' ({mix})' if mix else ''}, against "
        f"{len(base) / 10:.1f} a year over the ten years before."
    )
    ev = events.assign(day=pd.to_datetime(events["date"]).dt.date)
    last_year = ev[ev["day"] > year_ago]
    tests = last_year[last_year["kind"] == "nuclear_test"]
    if len(tests):
        out.append(f"Nuclear testing: {len(tests)} nuclear test(s) in the last 12 months, the latest "
                   f"on {day(tests['day'].max())}.")
    serious = last_year[last_year["rung"] >= SERIOUS_RUNG].sort_values("day")
    for row in serious.to_dict("records"):
        deaths = [f"{int(row[c])} {w}" for c, w in (("deaths_military", "military"),
                                                     ("deaths_civilian", "civilian"))
                  if pd.notna(row[c]) and row[c] > 0]
        line = (f"Incident at rung {int(row['rung'])} ({RUNG_NAMES[int(row['rung'])]}), "
                f"{day(row['day'])}: {row['summary']}")
        if deaths:
            line += f" Deaths on the side attacked: {', '.join(deaths)}."
        if row["contested"]:
            line += f" Contested: {row['attribution']}"
        out.append(line)
    notable = last_year[last_year["kind"].isin(NOTABLE_KINDS)
                        | (last_year["tags"].map(lambda t: "nuclear" in list(t))
                           & last_year["kind"].isin(["statement", "other"]))]
    for row in notable.sort_values("day").to_dict("records"):
        if row["kind"] == "nuclear_test":
            continue
        line = f"{day(row['day'])}: {row['summary']}"
        if row["contested"]:
            line += f" Contested: {row['attribution']}"
        out.append(line)
    moved = now[now["label_12m"].isin(["much worse", "worse", "better", "much better"])]
    if len(moved):
        parts = [f"{r['dyad']} {r['label_12m']}" for r in moved.to_dict("records")]
        out.append("Relations over the last 12 months against each dyad's own ten-year baseline: "
                   + "; ".join(parts) + ".")
    return out


def _timeline(events: pd.DataFrame, ctx: Context) -> str:
    frame = events[events["rung"] >= 3].copy()
    frame["when"] = pd.to_datetime(frame["date"])
    frame = frame[frame["when"] >= pd.Timestamp(ctx.since)]
    frame["label"] = [short_label(s, m if isinstance(m, str) else "")
                      for s, m in zip(frame["source_id"], frame["summary"], strict=True)]
    frame["rung_name"] = frame["rung"].map(lambda r: RUNG_NAMES[int(r)])
    data = frame[["when", "rung", "kind", "label", "rung_name"]].assign(
        when=frame["when"].dt.strftime("%Y-%m-%d"))
    x = alt.X("when:T", title=None, scale=alt.Scale(
        domain=[ctx.since.isoformat(), ctx.as_of.isoformat()]))
    base = alt.Chart(data)
    points = base.mark_circle(size=60, opacity=0.75).encode(
        x=x, y=alt.Y("rung:Q", title="rung", scale=alt.Scale(domain=[2.5, 9])),
        color=alt.Color("kind:N", title="kind", scale=alt.Scale(scheme="tableau10")))
    labels = base.transform_filter(alt.datum.rung >= 6).mark_text(
        align="left", dx=5, dy=-6, fontSize=9, angle=0).encode(x=x, y="rung:Q", text="label:N")
    chart = (points + labels).properties(width=WIDTH, height=240)
    svg = to_svg(chart, "fig-timeline")
    return figure(svg, f"Kinetic and grey-zone events by escalation rung, {ctx.since.year} to "
                       f"{day(ctx.as_of)}; incidents at rung 6 and above are labelled. Rungs follow "
                       "the documented ladder rule; one dot per canonical event.")


def _signals(events: pd.DataFrame, ctx: Context) -> str:
    days = _launch_days(events)
    days = days[days["day"] >= ctx.since]
    days["year"] = pd.to_datetime(days["date"]).dt.year
    counts = days.groupby(["year", "subtype"]).size().rename("days").reset_index()
    tests = events[events["kind"] == "nuclear_test"].copy()
    tests["year"] = pd.to_datetime(tests["date"]).dt.year
    per_year = tests[tests["year"] >= ctx.since.year].groupby("year").size()
    tests = per_year.rename("tests").reset_index()
    years = alt.Scale(domain=[ctx.since.year - 0.5, ctx.as_of.year + 0.5])
    bars = alt.Chart(counts).mark_bar().encode(
        x=alt.X("year:Q", title=None, scale=years, axis=alt.Axis(format="d")),
        y=alt.Y("sum(days):Q", title="launch days"),
        color=alt.Color("subtype:N", title="highest class",
                        scale=alt.Scale(domain=CLASS_ORDER, scheme="category10")),
        order=alt.Order("subtype:N"))
    marks = alt.Chart(tests).mark_point(shape="triangle-up", size=90, filled=True,
                                        color="#9c3d2a").encode(
        x=alt.X("year:Q", scale=years), y=alt.value(8))
    chart = (bars + marks).properties(width=WIDTH, height=200)
    svg = to_svg(chart, "fig-signals")
    return figure(svg, f"Strategic signals per year since {ctx.since.year}: DPRK ballistic-missile "
                       "and satellite launch days, coloured by the highest class launched that day; "
                       "red triangles mark years with nuclear tests.")


def _dyad_chart(ctx: Context, events: pd.DataFrame, dyad: str, key: str) -> tuple[str, list[str]]:
    series = dyad_series(events, dyad, start=ctx.since, end=ctx.as_of)
    cps = change_points(series)
    months = pd.PeriodIndex(series.index).to_timestamp().strftime("%Y-%m-%d")
    data = pd.DataFrame({
        "month": months,
        "conflict": series["verbal_conflict"] + series["material_conflict"],
        "cooperation": series["verbal_coop"] + series["material_coop"],
    }).melt("month", var_name="measure", value_name="events")
    band = trend(series["events"]).assign(month=months)
    x = alt.X("month:T", title=None,
              scale=alt.Scale(domain=[ctx.since.isoformat(), ctx.as_of.isoformat()]))
    lines = alt.Chart(data).mark_bar(opacity=0.8).encode(
        x=x, y=alt.Y("events:Q", title="events per month"),
        color=alt.Color("measure:N", title=None,
                        scale=alt.Scale(domain=["conflict", "cooperation"],
                                        range=["#9c3d2a", "#2f6b3a"])))
    area = alt.Chart(band).mark_area(opacity=0.2, color="#1f5f8b").encode(
        x=x, y="low:Q", y2="high:Q")
    trend_line = alt.Chart(band).mark_line(color="#1f5f8b").encode(x=x, y="rate:Q")
    layers = [area, lines, trend_line]
    cp_text = [str(p) for p in cps]
    if cps:
        rules = pd.DataFrame({"month": [p.to_timestamp().strftime("%Y-%m-%d") for p in cps]})
        layers.append(alt.Chart(rules).mark_rule(strokeDash=[4, 3], color="#333").encode(x=x))
    chart = alt.layer(*layers).properties(width=WIDTH, height=170)
    svg = to_svg(chart, f"fig-{key}")
    where = ", ".join(day(p.to_timestamp().date())[2:] for p in cps) if cps else "none found"
    caption = (f"{dyad}: monthly conflict and cooperation events (bars), all events as a 12-month "
               f"moving average with a 95% Poisson band (line and shading), and change points "
               f"(dashed; by the documented rule): {where}.")
    return figure(svg, caption), cp_text


def _relations_table(now: pd.DataFrame) -> str:
    active = now[(now["baseline_events"] > 0) | (now["events_12m"] > 0)]
    quiet = now[~now.index.isin(active.index)]["dyad"].tolist()
    rows = []
    for r in active.to_dict("records"):
        def lab(v: str) -> str:
            return f'<span class="label-{v.replace(" ", "-")}">{text(v)}</span>'

        def num(v: float) -> str:
            return "" if v != v else f"{v:+.1f}"

        rows.append([text(r["dyad"]), str(r["events_6m"]), str(r["events_12m"]),
                     str(r["baseline_events"]), num(r["goldstein_12m"]),
                     num(r["baseline_goldstein"]), lab(r["label_6m"]), lab(r["label_12m"])])
    html = table(["dyad", "events 6 m", "events 12 m", "baseline events (10 y)",
                  "Goldstein mean 12 m", "baseline", "last 6 months", "last 12 months"], rows,
                 numeric=(1, 2, 3, 4, 5))
    note = ("<p class=\"note\">Goldstein means (-10 conflict to +10 cooperation) per event, so the "
            "volume of reporting does not move them; labels compare the recent mean with the "
            "dyad's own baseline (the ten years before the last 12 months) as a z-score: within 1 "
            "standard error 'as usual', 1-2 'worse' or 'better', beyond 2 'much worse' or 'much "
            "better'; fewer than 3 events give 'too few events'.")
    if quiet:
        note += f" No events recorded for {', '.join(quiet)}."
    return html + note + "</p>"


def _recent_table(events: pd.DataFrame, ctx: Context) -> str:
    start = ctx.as_of - dt.timedelta(days=90)
    ev = events.assign(day=pd.to_datetime(events["date"]).dt.date)
    recent = ev[ev["day"] > start].sort_values("day", ascending=False)
    if recent.empty:
        return f"<p>No events recorded in the 90 days to {day(ctx.as_of)}.</p>"
    rows = []
    for r in recent.to_dict("records"):
        what = r["kind"].replace("_", " ") + (f" ({r['subtype']})" if isinstance(
            r["subtype"], str) else "")
        summary = text(r["summary"])
        if r["contested"]:
            summary += f' <span class="contested">Contested:</span> {text(r["attribution"])}'
        rung = "" if pd.isna(r["rung"]) else str(int(r["rung"]))
        actors = r["actor1"] + (f"–{r['actor2']}" if isinstance(r["actor2"], str) else "")
        rows.append([day(r["day"]), text(actors), text(what), rung, summary,
                     text(", ".join(list(r["datasets"])))])
    return table(["date", "actors", "what", "rung", "summary", "datasets"], rows, numeric=(3,))


def _names_table() -> str:
    with package_data("names.csv").open(encoding="utf-8", newline="") as fh:
        rows = [[text(r["name"]), f'<span lang="ko">{text(r["hangul"])}</span>',
                 f'<span lang="zh">{text(r["chinese"])}</span>', text(r["aliases"]),
                 text(r["note"])] for r in csv.DictReader(fh)]
    return table(["name used here", "한국어", "中文", "other forms", "note"], rows, cls="names")


@register("security", "Security environment", order=10)
def render(ctx: Context) -> Section:
    """Section 1: judgments from the numbers, timeline, signals, relations now, dyad series."""
    events = ctx.events()
    now = relations_now(events, ctx.as_of)
    parts = ["<h3>Events by escalation rung</h3>", _timeline(events, ctx),
             "<h3>Strategic signals</h3>", _signals(events, ctx),
             "<h3>Relations now</h3>", _relations_table(now),
             "<h3>How the key relations moved</h3>"]
    for dyad, key in (("PRK-KOR", "prk-kor"), ("PRK-USA", "prk-usa"), ("PRK-*", "prk-unilateral")):
        fig, _ = _dyad_chart(ctx, events, dyad, key)
        parts.append(fig)
    parts += [f"<h3>The last 90 days (to {day(ctx.as_of)})</h3>", _recent_table(events, ctx),
              "<h3>Names</h3>", _names_table()]
    judgments = _judgments(ctx, events, now)
    return Section("security", "Security environment", "\n".join(parts), tuple(judgments))


__all__ = ["render", "short_label"]
