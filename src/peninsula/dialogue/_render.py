"""Reports and exports, rendered from a disclosed ``Report`` only (never from answers)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from peninsula.dialogue._disclosure import Aggregate, QuestionView, Report


def percent(p: float) -> str:
    """'31%' (probabilities are shown to the whole percent)."""
    return f"{100 * p:.0f}%"


def describe(kind: str, agg: Aggregate, scale: tuple[str, ...] | None = None) -> str:
    """One line for an aggregate, in words."""
    v = agg.values
    if kind == "probability":
        text = f"pooled {percent(v['pooled'])}"
        if "median" in v:
            text += f"; median {percent(v['median'])} (IQR {percent(v['q1'])}-{percent(v['q3'])})"
        return text
    if kind == "rating":
        if "median" not in v:
            return "median withheld"
        label = f" ({v['median_label']})" if v.get("median_label") else ""
        return f"median {v['median']:g}{label}; IQR {v['q1']:g}-{v['q3']:g}"
    if kind == "ranking":
        order = " > ".join(f"{o} ({v['borda'][o]:g})" for o in v["order"])
        text = f"Borda points: {order}"
        if "kemeny" in v and v["kemeny"] != v["order"]:
            text += f"; Kemeny: {' > '.join(v['kemeny'])}"
        return text
    return ""


def _question_lines(q: QuestionView) -> list[str]:
    lines = [f"## {q.key} ({q.kind})", q.text]
    if q.kind == "probability":
        lines.append(f"Resolves on {q.resolves_on}: {q.resolution}")
    for r in q.rounds:
        head = f"- Round {r.round} ({r.respondents} answered)"
        if r.overall is not None:
            lines.append(f"{head}: {describe(q.kind, r.overall, q.scale)}")
        else:
            lines.append(f"{head}")
        for d in r.delegations:
            lines.append(f"  - {d.population} ({d.n}): {describe(q.kind, d, q.scale)}")
        if r.divisiveness is not None:
            verdict = "divisive" if r.divisiveness.divisive else "not divisive"
            lines.append(f"  - between- against within-delegation divergence: {verdict} "
                         f"(permutation p = {r.divisiveness.p_value:.3f})")
        lines.extend(f"  - \u201c{t}\u201d" for t in r.texts)
        lines.extend(f"  - withheld: {w}" for w in r.withheld)
    for m in q.movement:
        unit = "points" if m.unit == "probability" else "scale points"
        change = 100 * m.mean_change if m.unit == "probability" else m.mean_change
        lines.append(f"- Movement, round {m.from_round} to {m.to_round} ({m.n} answered both): mean "
                     f"{change:+.1f} {unit}; {m.moved} of {m.n} changed their answer")
    lines.extend(f"- withheld: {w}" for w in q.withheld)
    return lines


def render_text(report: Report) -> str:
    """The report as plain Markdown text: the dialogue, then each question's shown aggregates."""
    lines = [f"# {report.title}", ""]
    where = ", ".join(x for x in (report.place, report.held_on.isoformat() if report.held_on else None) if x)
    if where:
        lines.append(where)
    lines.append(f"Delegations: {', '.join(report.delegations)}. k = {report.k}. Per-delegation views: "
                 + ("agreed by every delegation" if report.delegation_views else "not agreed"))
    status = ", ".join(f"round {n} {s}" for n, s in report.rounds)
    lines.append(f"Rounds: {status}. Reported: "
                 + (", ".join(str(r) for r in report.reported_rounds) or "none (no round is closed yet)"))
    lines.append("")
    for q in report.questions:
        lines.extend(_question_lines(q))
        lines.append("")
    if report.groups is not None:
        g = report.groups
        lines.append(f"## Opinion groups across delegations (round {g.round})")
        lines.append("Group sizes: " + ", ".join(str(s) for s in g.sizes))
        lines.append("")
    lines.append("## Disclosure rules")
    lines.extend(f"- {r}" for r in report.rules)
    return "\n".join(lines) + "\n"


def export_frame(report: Report) -> pd.DataFrame:
    """One row per shown number: question, round, population, respondents, statistic, value."""
    rows: list[dict[str, Any]] = []

    def add(q: QuestionView, rnd: str, agg: Aggregate) -> None:
        for stat, value in agg.values.items():
            if isinstance(value, dict):
                rows.extend({"question": q.key, "round": rnd, "population": agg.population, "n": agg.n,
                             "statistic": f"{stat}:{opt}", "value": v} for opt, v in value.items())
            elif isinstance(value, list):
                rows.append({"question": q.key, "round": rnd, "population": agg.population, "n": agg.n,
                             "statistic": stat, "value": " > ".join(value)})
            elif value is not None:
                rows.append({"question": q.key, "round": rnd, "population": agg.population, "n": agg.n,
                             "statistic": stat, "value": value})

    for q in report.questions:
        for r in q.rounds:
            if r.overall is not None:
                add(q, str(r.round), r.overall)
            for d in r.delegations:
                add(q, str(r.round), d)
            if r.divisiveness is not None:
                rows.append({"question": q.key, "round": str(r.round), "population": "all respondents",
                             "n": r.respondents, "statistic": "divergence_p", "value": r.divisiveness.p_value})
            rows.extend({"question": q.key, "round": str(r.round), "population": "all respondents",
                         "n": len(r.texts), "statistic": "text", "value": t} for t in r.texts)
        for m in q.movement:
            rows.append({"question": q.key, "round": f"{m.from_round}-{m.to_round}", "population": "panel",
                         "n": m.n, "statistic": "mean_change", "value": m.mean_change})
            if m.median_change is not None:
                rows.append({"question": q.key, "round": f"{m.from_round}-{m.to_round}",
                             "population": "panel", "n": m.n, "statistic": "median_change",
                             "value": m.median_change})
    return pd.DataFrame(rows, columns=["question", "round", "population", "n", "statistic", "value"])
