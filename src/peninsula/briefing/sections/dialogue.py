"""Section "Views of the delegations": a dialogue's disclosed report (present only with ``--dialogue``).

It renders ``ctx.dialogue``, a ``Report`` that ``peninsula.dialogue.disclose`` produced: the section sees
no answer, name or delegation that disclosure control did not release. Question texts look ahead (they
name resolution dates), so they sit in ``data-role="projection"`` blocks like other forward-looking text.
"""

from __future__ import annotations

from typing import Any

from peninsula.briefing.charts import to_svg
from peninsula.briefing.context import Context
from peninsula.briefing.registry import Section, register
from peninsula.briefing.sections._html import day, figure, table, text
from peninsula.dialogue._disclosure import QuestionView, Report
from peninsula.dialogue._render import percent

WIDTH = 560


def _probability_chart(report: Report) -> str | None:
    """Pooled probability per question in the last reported round, with the interquartile range."""
    import altair as alt
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for q in report.questions:
        if q.kind != "probability" or not q.rounds:
            continue
        last = q.rounds[-1]
        for agg in ([last.overall] if last.overall else []) + list(last.delegations):
            v = agg.values
            rows.append({"question": q.key, "who": agg.population, "pooled": v["pooled"],
                         "q1": v.get("q1"), "q3": v.get("q3")})
    if not rows:
        return None
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(y=alt.Y("question:N", title=None, sort=None))
    points = base.mark_point(filled=True, size=60).encode(
        x=alt.X("pooled:Q", title="pooled probability", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.Color("who:N", title=None, legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("who:N", title=None))
    layers = [points]
    iqr = data.dropna(subset=["q1", "q3"])
    iqr = iqr[iqr["who"] == "all respondents"]
    if not iqr.empty:
        layers.insert(0, alt.Chart(iqr).mark_rule(strokeWidth=3, opacity=0.35).encode(
            y=alt.Y("question:N", sort=None), x="q1:Q", x2="q3:Q"))
    chart = alt.layer(*layers).properties(width=WIDTH, height=max(60, 28 * data["question"].nunique()))
    return to_svg(chart, "fig-dialogue-probabilities")


def _p(value: float) -> str:
    """A permutation p-value as a reader expects it."""
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def _value(kind: str, v: dict[str, Any], key: str) -> str:
    if key not in v or v[key] is None:
        return "withheld" if key in ("median", "iqr") else ""
    return percent(v[key]) if kind == "probability" else f"{v[key]:g}"


def _summary_table(q: QuestionView) -> str:
    """One row per shown population and round: respondents, pooled probability, median and IQR."""
    rows = []
    for r in q.rounds:
        for a in ([r.overall] if r.overall else []) + list(r.delegations):
            v = a.values
            iqr = (f"{_value(q.kind, v, 'q1')} to {_value(q.kind, v, 'q3')}" if "q1" in v else "withheld")
            median = _value(q.kind, v, "median")
            if q.kind == "rating" and v.get("median_label"):
                median += f" ({text(v['median_label'])})"
            who = "all respondents" if a.population == "all respondents" else text(a.population)
            cells = [str(r.round), who, str(a.n)]
            if q.kind == "probability":
                cells.append(percent(v["pooled"]))
            rows.append([*cells, median, iqr])
    if not rows:
        return ""
    heads = ["round", "who", "answered"] + (["pooled"] if q.kind == "probability" else []) + ["median", "IQR"]
    return table(heads, rows, numeric=(0, 2, 3) if q.kind == "probability" else (0, 2))


def _question(q: QuestionView) -> str:
    parts = [f'<div data-role="projection"><p><strong>{text(q.key)}</strong> ({text(q.kind)}): '
             f"{text(q.text)}</p>"]
    if q.kind == "probability":
        parts.append(f"<p class=\"note\">Resolution: {text(q.resolution)}</p>")
    if q.kind == "rating" and q.scale:
        scale = "; ".join(f"{i} {label}" for i, label in enumerate(q.scale, start=1))
        parts.append(f"<p class=\"note\">Scale: {text(scale)}.</p>")
    parts.append("</div>")
    if q.kind == "ranking":
        parts.append(_ranking_table(q))
    elif q.kind in ("probability", "rating"):
        parts.append(_summary_table(q))
    items = []
    for r in q.rounds:
        notes = []
        if r.overall is None and not r.texts:
            notes.append(f"{r.respondents} answered")
        if q.kind == "ranking" and r.overall is not None:
            kemeny = r.overall.values.get("kemeny")
            if kemeny and kemeny != r.overall.values["order"]:
                notes.append("the Kemeny order differs from Borda's: " + text(" > ".join(kemeny)))
        if r.divisiveness is not None:
            verdict = "divisive" if r.divisiveness.divisive else "not divisive"
            notes.append(f"delegations {verdict}: between- against within-delegation divergence, "
                         f"permutation {_p(r.divisiveness.p_value)}")
        notes.extend("withheld: " + text(w) for w in r.withheld)
        if notes:
            items.append(f"<li>Round {r.round}: {'; '.join(notes)}</li>")
        if r.texts:
            quotes = "".join(f"<li>{text(t)}</li>" for t in r.texts)
            items.append(f"<li>Round {r.round}, {len(r.texts)} reviewed comments, in no particular order:"
                         f'<ul class="quotes">{quotes}</ul></li>')
    for m in q.movement:
        change = (f"{100 * m.mean_change:+.1f} percentage points" if m.unit == "probability"
                  else f"{m.mean_change:+.2f} scale points")
        items.append(f"<li>Round {m.from_round} to {m.to_round}: {m.n} answered both; mean change {change}; "
                     f"{m.moved} changed their answer</li>")
    items.extend(f"<li>Withheld: {text(w)}</li>" for w in q.withheld)
    return "".join(parts) + (f"<ul>{''.join(items)}</ul>" if items else "")


def _ranking_table(q: QuestionView) -> str:
    """Borda points per option (rows) for every shown population of every reported round (columns)."""
    columns = [(r.round, agg) for r in q.rounds
               for agg in ([r.overall] if r.overall else []) + list(r.delegations)]
    if not columns:
        return ""
    overall = [a for _, a in columns if a.population == "all respondents"]
    first = overall[-1].values["order"]  # options in the last round's overall order
    heads = ["option"] + [f"round {n}: {'all' if a.population == 'all respondents' else a.population} ({a.n})"
                          for n, a in columns]
    rows = [[text(o)] + [f"{a.values['borda'][o]:g}" for _, a in columns] for o in first]
    return table(heads, rows, numeric=tuple(range(1, len(heads))))


@register("dialogue", "Views of the delegations", order=35)
def render(ctx: Context) -> Section | None:
    """The dialogue's disclosed views; left out of the briefing when no dialogue is given."""
    report: Report | None = ctx.dialogue
    if report is None:
        return None
    held = f", {day(report.held_on)}" if report.held_on and report.held_on <= ctx.as_of else ""
    body = [f"<p><strong>{text(report.title)}</strong>{text(', ' + report.place) if report.place else ''}"
            f"{held}. Delegations: {text(', '.join(report.delegations))}. Views are reported under the "
            "Chatham House Rule: no view is tied to a person, and to a delegation only if every delegation "
            f"agreed ({'agreed' if report.delegation_views else 'not agreed'} for this dialogue) and at "
            f"least {report.k} of its members answered.</p>"]
    if not report.reported_rounds:
        body.append("<p>No round has closed yet: nothing is reported while answers can still change.</p>")
    rounds = ", ".join(f"round {n} {s}" for n, s in report.rounds)
    body.append(f"<p>{text(rounds.capitalize())}; {report.invited} participants invited.</p>")
    chart = _probability_chart(report)
    if chart is not None:
        body.append(figure(chart, "Pooled probabilities (mean log-odds, delegations weighted equally) in the "
                           "last closed round; the bar is the interquartile range of all answers where at "
                           "least 5 answered. Delegation points appear only where disclosure allows."))
    body.extend(_question(q) for q in report.questions)
    if report.groups is not None:
        g = report.groups
        kinds = {q.key: q.kind for q in report.questions}
        rows = [[text(key)] + [percent(c) if kinds[key] == "probability" else f"{c:.1f}" for c in vals]
                for key, vals in g.centers.items()]
        body.append(f"<p>Opinion groups across delegations (round {g.round}; principal components and "
                    f"k-means, each group at least {report.k} people from more than one delegation):</p>")
        body.append(table(["question"] + [f"group {i + 1} ({s})" for i, s in enumerate(g.sizes)], rows))
    rules = "".join(f"<li>{text(r)}</li>" for r in report.rules)
    body.append(f'<p class="note">Disclosure rules applied to everything above:</p><ul class="note">{rules}</ul>')
    judgments: tuple[str, ...] = ()
    divisive = [q.key for q in report.questions
                if q.rounds and q.rounds[-1].divisiveness is not None and q.rounds[-1].divisiveness.divisive]
    if report.reported_rounds:
        judgments = (f"Delegations' views ({report.title}): "
                     + (f"divisive on {', '.join(divisive)}" if divisive
                        else "no question divides the delegations beyond chance") + ".",)
    return Section("dialogue", "Views of the delegations", "\n".join(body), judgments)
