"""Disclosure control: the one place that turns answers into what a report, export or briefing may show.

Nothing here names a person. Per-delegation aggregates need the dialogue's consent flag and at least k
respondents in every delegation that answered (all or none, so the overall pool minus the shown
delegations cannot reveal a suppressed one); medians need at least 5; movement needs at least k who
answered both rounds; free text is shown only after review, without names, in a salted order. Only
closed or revealed rounds are reported, so a report taken while a round is open cannot be differenced
against a later one. Every shown aggregate passes the differencing ``Gate``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from peninsula.dialogue import aggregate as agg
from peninsula.dialogue._gate import Cell, Gate
from peninsula.dialogue._workspace import DialogueAbout, DialogueData, QuestionInfo

MEDIAN_MIN = 5        # respondents before a median or quartile is shown
DIVISIVE_P = 0.05     # permutation p-value below which a question is named divisive
KEMENY_MAX = 7        # options up to which the Kemeny order is computed
PERMUTATIONS = 9999


@dataclass(frozen=True)
class Aggregate:
    """One shown aggregate: over whom (all respondents, a delegation, or an opinion group), and what."""

    population: str
    n: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Divisiveness:
    statistic: float
    p_value: float
    divisive: bool
    exact: bool


@dataclass(frozen=True)
class RoundView:
    round: int
    status: str
    respondents: int
    overall: Aggregate | None
    delegations: tuple[Aggregate, ...]
    divisiveness: Divisiveness | None
    texts: tuple[str, ...]
    withheld: tuple[str, ...]


@dataclass(frozen=True)
class MovementView:
    from_round: int
    to_round: int
    n: int
    mean_change: float
    median_change: float | None
    moved: int
    unit: str


@dataclass(frozen=True)
class QuestionView(QuestionInfo):
    """A question as asked, with what may be shown of its answers."""

    rounds: tuple[RoundView, ...]
    movement: tuple[MovementView, ...]
    withheld: tuple[str, ...]


@dataclass(frozen=True)
class GroupsView:
    """Opinion groups across delegations: sizes and each group's typical answers."""

    round: int
    sizes: tuple[int, ...]
    explained: tuple[float, ...]
    centers: dict[str, tuple[float, ...]]  # question key -> per-group typical answer


@dataclass(frozen=True)
class Report(DialogueAbout):
    """What may be shown of a dialogue. Every output (report, export, briefing) renders this alone."""

    delegations: tuple[str, ...]
    rounds: tuple[tuple[int, str], ...]
    reported_rounds: tuple[int, ...]
    invited: int
    questions: tuple[QuestionView, ...]
    groups: GroupsView | None
    rules: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO text)."""
        out: dict[str, Any] = _plain(asdict(self))
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def rules_text(k: int) -> tuple[str, ...]:
    return (
        "No answer is ever tied to a person.",
        f"An aggregate is shown only over at least {k} respondents (k = {k}); medians and quartiles "
        f"need at least {max(k, MEDIAN_MIN)}.",
        "Per-delegation views appear only if every delegation agreed to them for this dialogue and every "
        f"delegation that answered has at least {k} respondents; otherwise none is shown.",
        "No two shown aggregates differ by fewer than k respondents, so none can be subtracted from "
        "another to reveal anyone's answer.",
        f"Movement between rounds is shown only where at least {k} answered both rounds.",
        "Free text appears only after the organizer's review, without names, in an order unrelated to "
        "who wrote it or when.",
        "Only closed rounds are reported.",
        "Probabilities are pooled by the mean of log-odds (answers of 0 and 1 clipped to 1% and 99%), each "
        "delegation weighted equally; not extremized, since a later round follows discussion.",
    )


def _logit(p: np.ndarray) -> np.ndarray:
    q = agg.clip_probabilities(p)
    return np.asarray(np.log(q / (1 - q)), dtype=float)


def _numbers(frame: pd.DataFrame) -> np.ndarray:
    return np.asarray([float(v) for v in frame["value"]], dtype=float)


def _stat_values(q: QuestionInfo, frame: pd.DataFrame, n: int, *, with_groups: bool) -> dict[str, Any]:
    """The aggregate of one population's answers; medians only from MEDIAN_MIN answers."""
    if q.kind == "probability":
        p = _numbers(frame)
        groups = frame["delegation"].fillna("").to_numpy() if with_groups else None
        out: dict[str, Any] = {"pooled": agg.pool_log_odds(p, groups)}
        if n >= MEDIAN_MIN:
            s = agg.summarize_ratings(p)
            out.update(median=s.median, q1=s.q1, q3=s.q3)
        return out
    if q.kind == "rating":
        if n < MEDIAN_MIN:
            return {}
        s = agg.summarize_ratings(_numbers(frame))
        scale = q.scale or ()
        label = scale[round(s.median) - 1] if float(s.median).is_integer() else None
        return {"median": s.median, "q1": s.q1, "q3": s.q3, "median_label": label}
    if q.kind == "ranking":
        options = list(q.options or ())
        rankings = [list(v) for v in frame["value"]]
        points = agg.borda(rankings, options)
        out = {"borda": {str(o): float(v) for o, v in points.items()}, "order": [str(o) for o in points.index]}
        if len(options) <= KEMENY_MAX:
            order, distance = agg.kemeny(rankings, options)
            out.update(kemeny=order, kemeny_distance=distance)
        return out
    return {}


def _texts(frame: pd.DataFrame, salt: str) -> list[str]:
    approved = frame[frame["review"] == "approved"]
    texts = [str(t) if isinstance(t, str) and t else str(v) for v, t in zip(approved["value"], approved["text"],
                                                                            strict=True)]
    return sorted(texts, key=lambda t: hashlib.sha256(f"{salt}:{t}".encode()).hexdigest())


def _cell(q: str, rounds: tuple[int, ...], members: pd.Series | set[int], min_size: int) -> Cell:
    return Cell(frozenset((q, r) for r in rounds), frozenset(int(m) for m in members), min_size)


def _round_view(data: DialogueData, q: QuestionInfo, number: int, status: str, frame: pd.DataFrame,
                gate: Gate, seed: int) -> RoundView:
    k = data.k
    n = len(frame)
    withheld: list[str] = []
    overall = None
    texts: tuple[str, ...] = ()
    if q.kind == "text":
        shown = _texts(frame, data.salt)
        approved = frame[frame["review"] == "approved"]
        if len(shown) >= k and gate.admit([_cell(q.key, (number,), approved["respondent"], k)]):
            texts = tuple(shown)
        elif n:
            withheld.append(f"free text: fewer than {k} reviewed and approved answers")
        return RoundView(number, status, n, None, (), None, texts, tuple(withheld))
    values = _stat_values(q, frame, n, with_groups=True) if n else {}
    median_like = q.kind == "rating"
    if n and values and gate.admit([_cell(q.key, (number,), frame["respondent"],
                                          MEDIAN_MIN if median_like else k)]):
        overall = Aggregate("all respondents", n, values)
    elif n:
        need = max(k, MEDIAN_MIN) if median_like else k
        withheld.append(f"overall: fewer than {need} respondents" if n < need
                        else "overall: would allow differencing against another shown aggregate")
    delegations: list[Aggregate] = []
    by_delegation = [(code, part) for code, part in frame.groupby("delegation", sort=True)]
    if overall is not None and len(by_delegation) > 1:
        if not data.delegation_views:
            withheld.append("per-delegation views: not agreed by every delegation")
        else:
            need = max(k, MEDIAN_MIN) if median_like else k
            candidate = [(str(code), part) for code, part in by_delegation]
            if all(len(part) >= need for _, part in candidate) and gate.admit(
                    [_cell(q.key, (number,), part["respondent"], need) for _, part in candidate]):
                delegations = [Aggregate(code, len(part), _stat_values(q, part, len(part), with_groups=False))
                               for code, part in candidate]
            else:
                withheld.append(f"per-delegation views: a delegation has fewer than {need} respondents")
    divisive = None
    if q.kind in ("probability", "rating") and len(by_delegation) > 1:
        sizes = [len(part) for _, part in by_delegation]
        if min(sizes) >= k:
            x = _numbers(frame)
            x = _logit(x) if q.kind == "probability" else x
            d = agg.divergence(x, frame["delegation"].to_numpy(), permutations=PERMUTATIONS, seed=seed)
            divisive = Divisiveness(d.statistic, d.p_value, d.p_value < DIVISIVE_P, d.exact)
    return RoundView(number, status, n, overall, tuple(delegations), divisive, texts, tuple(withheld))


def _movement(data: DialogueData, q: QuestionInfo, a: int, b: int, frame: pd.DataFrame,
              gate: Gate) -> tuple[MovementView | None, str | None]:
    if q.kind not in ("probability", "rating"):
        return None, None
    first = frame[frame["round"] == a].set_index("respondent")["value"]
    second = frame[frame["round"] == b].set_index("respondent")["value"]
    panel = sorted(set(first.index) & set(second.index))
    if not panel:
        return None, None
    if len(panel) < data.k or not gate.admit([_cell(q.key, (a, b), set(panel), data.k)]):
        return None, (f"movement {a}→{b}: fewer than {data.k} answered both rounds" if len(panel) < data.k
                      else f"movement {a}→{b}: would allow differencing against a round's aggregate")
    before = np.asarray([float(first[r]) for r in panel])
    after = np.asarray([float(second[r]) for r in panel])
    m = agg.movement(before, after)
    median = m.median_change if m.n >= MEDIAN_MIN else None
    unit = "probability" if q.kind == "probability" else "scale points"
    return MovementView(a, b, m.n, m.mean_change, median, m.moved, unit), None


def _groups(data: DialogueData, frame: pd.DataFrame, number: int, gate: Gate, seed: int) -> GroupsView | None:
    numeric = [q for q in data.questions if q.kind in ("probability", "rating")]
    now = frame[(frame["round"] == number) & frame["question"].isin([q.key for q in numeric])]
    if now.empty:
        return None
    people = sorted(now["respondent"].unique())
    matrix = np.full((len(people), len(numeric)), np.nan)
    row = {p: i for i, p in enumerate(people)}
    for j, q in enumerate(numeric):
        part = now[now["question"] == q.key]
        for person, value in zip(part["respondent"], part["value"], strict=True):
            v = float(value)
            matrix[row[person], j] = _logit(np.asarray([v]))[0] if q.kind == "probability" else v
    delegation = now.drop_duplicates("respondent").set_index("respondent")["delegation"]
    found = agg.opinion_groups(matrix, [str(delegation[p]) for p in people], k=data.k, seed=seed)
    if found is None:
        return None
    cells = []
    for g in range(len(found.sizes)):
        members = {people[i] for i in np.flatnonzero(found.labels == g)}
        for q in numeric:
            answered = members & set(now.loc[now["question"] == q.key, "respondent"])
            if answered:
                cells.append(_cell(q.key, (number,), answered, data.k))
    if not gate.admit(cells):
        return None
    centers: dict[str, tuple[float, ...]] = {}
    for j, q in enumerate(numeric):
        col = found.centers[:, j]
        if q.kind == "probability":
            col = 1 / (1 + np.exp(-col))
        centers[q.key] = tuple(float(c) for c in col)
    return GroupsView(number, tuple(int(s) for s in found.sizes), tuple(float(e) for e in found.explained),
                      centers)


def disclose(data: DialogueData, *, seed: int = 0) -> Report:
    """What may be shown of ``data``: the single gate every report, export and briefing passes through."""
    reported = tuple(n for n, status in data.rounds if status in ("closed", "revealed"))
    status_of = dict(data.rounds)
    gate = Gate(data.k)
    answers = data.responses[data.responses["round"].isin(reported)]
    views = []
    for q in data.questions:
        frame = answers[answers["question"] == q.key]
        rounds = tuple(_round_view(data, q, r, status_of[r], frame[frame["round"] == r], gate, seed)
                       for r in reported)
        moves, withheld = [], []
        for a, b in itertools.pairwise(reported):
            view, why = _movement(data, q, a, b, frame, gate)
            if view is not None:
                moves.append(view)
            if why is not None:
                withheld.append(why)
        asked = {f.name: getattr(q, f.name) for f in fields(QuestionInfo)}
        views.append(QuestionView(**asked, rounds=rounds, movement=tuple(moves), withheld=tuple(withheld)))
    groups = _groups(data, answers, reported[-1], gate, seed) if reported else None
    return Report(
        **data.about(), delegations=tuple(name for _, name in data.delegations),
        rounds=data.rounds, reported_rounds=reported, invited=data.invited, questions=tuple(views),
        groups=groups, rules=rules_text(data.k))
