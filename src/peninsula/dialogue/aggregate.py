"""Aggregation of Track 1.5 dialogue judgments: pooled probabilities, rating summaries, rank
aggregation (Borda, Kemeny), between-delegation divergence, round-over-round movement and opinion groups.

Pure functions: arrays in, numbers and frames out; no database, no printing, no I/O. Who may see
which result (disclosure control) is decided elsewhere. Every random step takes an explicit int seed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

DEFAULT_EPS = 0.01
_TOL = 1e-12  # slack for comparing test statistics and treating sums of squares as zero
_CHUNK_CELLS = 1_000_000  # bound on label-matrix cells evaluated at once in the permutation test
_KMEANS_RESTARTS = 10
_KMEANS_ITERATIONS = 100

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


# --- probabilities -------------------------------------------------------------------------------


def clip_probabilities(p: ArrayLike, eps: float = DEFAULT_EPS) -> FloatArray:
    """Clip to [eps, 1-eps] so answers of 0 and 1 have finite log-odds."""
    if not 0.0 < eps < 0.5:
        raise ValueError(f"eps must lie in (0, 0.5), got {eps}")
    arr = np.asarray(p, dtype=np.float64)
    if np.isnan(arr).any() or (arr < 0.0).any() or (arr > 1.0).any():
        raise ValueError("probabilities must lie in [0, 1] and not be NaN")
    return np.clip(arr, eps, 1.0 - eps)


def _logit(q: FloatArray) -> FloatArray:
    """Log-odds ln(q / (1 - q)) of probabilities strictly inside (0, 1)."""
    return np.log(q) - np.log1p(-q)


def _codes(labels: ArrayLike, n: int, what: str) -> IntArray:
    """Integer codes 0..g-1 (in order of first appearance) for n non-missing labels."""
    arr = np.asarray(labels, dtype=object)
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(f"{what} must be one-dimensional with {n} entries, got shape {arr.shape}")
    codes, _ = pd.factorize(arr)
    if (codes < 0).any():
        raise ValueError(f"{what} must not contain missing labels")
    return np.asarray(codes, dtype=np.intp)


def pool_log_odds(p: ArrayLike, groups: ArrayLike | None = None, *, eps: float = DEFAULT_EPS,
                  extremize: float = 1.0) -> float:
    """Pooled probability: mean log-odds, each group (delegation) weighted equally, optionally extremized.

    Answers are clipped to [eps, 1-eps] first. With ``groups`` the log-odds are averaged within each
    delegation and the delegation means are then averaged, so a large delegation does not outvote a
    small one. The pooled log-odds are multiplied by ``extremize`` (1.0 = off; > 1 pushes away from 0.5).
    """
    if not (math.isfinite(extremize) and extremize > 0.0):
        raise ValueError(f"extremize must be a positive finite number, got {extremize}")
    q = np.atleast_1d(clip_probabilities(p, eps))
    if q.ndim != 1:
        raise ValueError(f"p must be one-dimensional, got shape {q.shape}")
    if len(q) == 0:
        raise ValueError("no probabilities to pool")
    logits = _logit(q)
    if groups is None:
        pooled = float(logits.mean())
    else:
        codes = _codes(groups, len(q), "groups")
        sums = np.bincount(codes, weights=logits)
        counts = np.bincount(codes)
        pooled = float((sums / counts).mean())
    return float(1.0 / (1.0 + math.exp(-extremize * pooled)))


# --- ratings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingSummary:
    """Median and quartiles of ratings on a labelled 1..m scale (scale points), over n answers."""

    n: int
    median: float
    q1: float
    q3: float


def summarize_ratings(values: ArrayLike) -> RatingSummary:
    """Median and quartiles (numpy linear percentiles) of the answered ratings; NaN = unanswered, skipped."""
    arr = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if arr.ndim != 1:
        raise ValueError(f"values must be one-dimensional, got shape {arr.shape}")
    arr = arr[~np.isnan(arr)]
    if len(arr) == 0:
        raise ValueError("no ratings to summarize")
    if not np.isfinite(arr).all():
        raise ValueError("ratings must be finite")
    q1, median, q3 = np.percentile(arr, [25.0, 50.0, 75.0])
    return RatingSummary(n=len(arr), median=float(median), q1=float(q1), q3=float(q3))


# --- rankings ------------------------------------------------------------------------------------


def _ranking_indices(rankings: Sequence[Sequence[str]], options: Sequence[str]) -> list[list[int]]:
    """Each ranking as option indices (best first), after checking options are known and not repeated."""
    index = {option: i for i, option in enumerate(options)}
    if len(index) != len(options):
        raise ValueError("options must be distinct")
    out: list[list[int]] = []
    for number, ranking in enumerate(rankings):
        if isinstance(ranking, str):
            raise ValueError(f"ranking {number} is a string, not a sequence of options")
        seen: set[str] = set()
        for option in ranking:
            if option not in index:
                raise ValueError(f"ranking {number} names an unknown option {option!r}")
            if option in seen:
                raise ValueError(f"ranking {number} repeats option {option!r}")
            seen.add(option)
        out.append([index[option] for option in ranking])
    return out


def borda(rankings: Sequence[Sequence[str]], options: Sequence[str]) -> pd.Series:
    """Borda points per option (m-1 for first ... 0 for last), summed over rankings, sorted best first.

    A partial ranking gives its ranked options m-1, m-2, ... and lets the options it leaves out share
    the remaining point values equally (each gets their average). Ties keep the order of ``options``.
    """
    ranked = _ranking_indices(rankings, options)
    m = len(options)
    totals = np.zeros(m, dtype=np.float64)
    for ranking in ranked:
        left = m - len(ranking)
        points = np.full(m, (left - 1) / 2.0 if left else 0.0)
        points[ranking] = m - 1 - np.arange(len(ranking), dtype=np.float64)
        totals += points
    order = sorted(range(m), key=lambda i: -totals[i])  # stable: ties stay in options order
    return pd.Series(totals[order], index=pd.Index([options[i] for i in order]), name="borda",
                     dtype=np.float64)


def kemeny(rankings: Sequence[Sequence[str]], options: Sequence[str], *,
           max_options: int = 8) -> tuple[list[str], int]:
    """The Kemeny consensus order (fewest pairwise disagreements with the rankings) and its distance.

    Exhaustive over all m! orders, so limited to ``max_options``. In a partial ranking the options left
    out sit below every ranked option and tie with each other: a pair of two unranked options counts
    no disagreement, a ranked option against an unranked one counts as a stated preference. Among
    equally good orders the first in ``itertools.permutations(options)`` order wins.
    """
    m = len(options)
    if m > max_options:
        raise ValueError(f"{m} options exceed max_options={max_options} for an exhaustive Kemeny search")
    ranked = _ranking_indices(rankings, options)
    if m == 0:
        return [], 0
    above = np.zeros((m, m), dtype=np.int64)  # above[a, b]: rankings that put a strictly above b
    for ranking in ranked:
        position = np.full(m, len(ranking))  # unranked options share the bottom position
        position[ranking] = np.arange(len(ranking))
        above += position[:, None] < position[None, :]
    orders = np.array(list(itertools.permutations(range(m))), dtype=np.intp)  # orders[o, place] = option
    place = np.argsort(orders, axis=1)  # place[o, option] = its place in order o
    cost = np.zeros(len(orders), dtype=np.int64)
    for a, b in itertools.permutations(range(m), 2):
        if above[b, a]:
            cost += above[b, a] * (place[:, a] < place[:, b])  # order puts a above b; rankings saying b > a
    best = int(np.argmin(cost))  # first minimum = first in permutations order
    return [options[i] for i in orders[best]], int(cost[best])


# --- divergence ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Divergence:
    """Between- against within-delegation spread of one question, with a permutation p-value."""

    statistic: float  # between-group over within-group mean square (a one-way ANOVA F ratio, computed directly)
    between: float  # between-group mean square (units of the values squared)
    within: float  # within-group mean square (units of the values squared)
    p_value: float  # permutation p-value
    permutations: int  # number of label permutations evaluated (exact: all distinct assignments)
    exact: bool


def _assignments(counts: Sequence[int]) -> IntArray:
    """Every distinct assignment of group labels 0..g-1 with the given group sizes, one row each."""
    n = sum(counts)
    label = [0] * n
    rows: list[list[int]] = []

    def fill(free: tuple[int, ...], group: int) -> None:
        if group == len(counts) - 1:
            for i in free:
                label[i] = group
            rows.append(label.copy())
            return
        for chosen in itertools.combinations(free, counts[group]):
            for i in chosen:
                label[i] = group
            taken = set(chosen)
            fill(tuple(i for i in free if i not in taken), group + 1)

    fill(tuple(range(n)), 0)
    return np.array(rows, dtype=np.intp)


def _sums_of_squares(y: FloatArray, labels: IntArray, groups: int) -> tuple[FloatArray, FloatArray]:
    """Between- and within-group sums of squares of centred values y for each row of labels."""
    sizes = np.bincount(labels[0], minlength=groups)  # every row has the same group sizes
    sums = np.stack([np.where(labels == g, y, 0.0).sum(axis=1) for g in range(groups)], axis=1)
    fitted = np.take_along_axis(sums / sizes, labels, axis=1)
    return (fitted**2).sum(axis=1), ((y - fitted) ** 2).sum(axis=1)


def _f_ratio(between_ss: FloatArray, within_ss: FloatArray, *, groups: int, n: int,
             scale: float) -> FloatArray:
    """F = (SS_b/(g-1)) / (SS_w/(n-g)); zero within spread gives inf, or 0 when between is also zero."""
    zero_within = within_ss <= _TOL * scale
    zero_between = between_ss <= _TOL * scale
    ratio = np.zeros_like(between_ss)
    np.divide(between_ss * (n - groups), within_ss * (groups - 1), out=ratio, where=~zero_within)
    ratio[zero_within & ~zero_between] = np.inf
    return ratio


def divergence(values: ArrayLike, groups: ArrayLike, *, permutations: int = 9999, seed: int = 0,
               exact_limit: int = 20000) -> Divergence:
    """Between- against within-delegation divergence, with a permutation p-value for 'divisive'.

    ``values`` holds one number per respondent; pass probabilities as log-odds (e.g. ``np.log(q) -
    np.log1p(-q)`` of clipped answers) so distances near 0 and 1 count properly. ``groups`` holds the
    delegation labels. When the number of distinct label assignments n!/prod(n_g!) is at most
    ``exact_limit`` all are enumerated and p = share with F >= observed (observed included);
    otherwise p = (1 + hits) / (1 + permutations) over ``permutations`` seeded shuffles.
    """
    y = np.asarray(values, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"values must be one-dimensional, got shape {y.shape}")
    if not np.isfinite(y).all():
        raise ValueError("values must be finite (drop unanswered respondents first)")
    if permutations < 1:
        raise ValueError(f"permutations must be at least 1, got {permutations}")
    n = len(y)
    codes = _codes(groups, n, "groups")
    g = int(codes.max()) + 1 if n else 0
    if g < 2 or n <= g:
        raise ValueError(f"need at least 2 groups and more respondents than groups, got {n} in {g}")
    peak = float(np.abs(y).max())
    y = y - y.mean()
    # sums of squares below _TOL * scale count as zero; the floor absorbs rounding left by centring
    scale = max(float((y**2).sum()), n * peak**2 * _TOL)
    sizes = [int(s) for s in np.bincount(codes, minlength=g)]

    def stats(labels: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        between_ss, within_ss = _sums_of_squares(y, labels, g)
        return _f_ratio(between_ss, within_ss, groups=g, n=n, scale=scale), between_ss, within_ss

    observed, between_ss, within_ss = stats(codes[None, :])
    f_obs = float(observed[0])
    threshold = f_obs - _TOL
    chunk = max(1, _CHUNK_CELLS // n)
    total = math.prod(math.comb(n - sum(sizes[:i]), sizes[i]) for i in range(g))
    hits = 0
    if total <= exact_limit:
        every = _assignments(sizes)
        for start in range(0, len(every), chunk):
            hits += int((stats(every[start:start + chunk])[0] >= threshold).sum())
        p_value, evaluated, exact = hits / total, total, True
    else:
        rng = np.random.default_rng(seed)
        for start in range(0, permutations, chunk):
            block = np.stack([rng.permutation(codes) for _ in range(min(chunk, permutations - start))])
            hits += int((stats(block)[0] >= threshold).sum())
        p_value, evaluated, exact = (1 + hits) / (1 + permutations), permutations, False
    within_ms = 0.0 if within_ss[0] <= _TOL * scale else float(within_ss[0]) / (n - g)
    between_ms = 0.0 if between_ss[0] <= _TOL * scale else float(between_ss[0]) / (g - 1)
    return Divergence(statistic=f_obs, between=between_ms, within=within_ms, p_value=p_value,
                      permutations=evaluated, exact=exact)


# --- movement ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """How the same respondents' answers changed from one round to the next (units of the answers)."""

    n: int  # respondents who answered both rounds
    mean_change: float
    median_change: float
    moved: int  # how many changed their answer (abs change > 1e-12)


def movement(before: ArrayLike, after: ArrayLike) -> Movement:
    """Round-over-round movement of the same respondents (arrays aligned by respondent).

    NaN marks a round not answered; only respondents who answered both rounds count. Change = after - before.
    """
    b = np.atleast_1d(np.asarray(before, dtype=np.float64))
    a = np.atleast_1d(np.asarray(after, dtype=np.float64))
    if b.ndim != 1 or b.shape != a.shape:
        raise ValueError(f"before and after must be aligned 1-D arrays, got {b.shape} and {a.shape}")
    both = ~np.isnan(b) & ~np.isnan(a)
    change = a[both] - b[both]
    if len(change) == 0:
        raise ValueError("no respondent answered both rounds")
    if not np.isfinite(change).all():
        raise ValueError("answers must be finite")
    return Movement(n=len(change), mean_change=float(change.mean()), median_change=float(np.median(change)),
                    moved=int((np.abs(change) > _TOL).sum()))


# --- opinion groups ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class OpinionGroups:
    """Opinion groups found across delegations, with the 2-D map they were found on.

    Groups are numbered by size, largest first (equal sizes: the group whose first member comes first).
    Arrays are read-only; equality is identity (arrays do not compare as booleans).
    """

    labels: NDArray[np.intp]  # group index per respondent (0..c-1)
    sizes: tuple[int, ...]
    coordinates: FloatArray  # respondents x 2 PCA coordinates (fewer columns if fewer usable questions)
    explained: tuple[float, ...]  # explained variance ratio of the components
    centers: FloatArray  # c x questions: mean (imputed, unstandardised) answers per group; NaN if never answered


def _kmeans_plus_plus(points: FloatArray, c: int, rng: np.random.Generator) -> FloatArray:
    """k-means++ starting centres: each next centre drawn with probability proportional to squared distance."""
    n = len(points)
    chosen = [int(rng.integers(n))]
    d2 = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, c):
        total = float(d2.sum())
        pick = int(rng.integers(n)) if total <= 0.0 else int(rng.choice(n, p=d2 / total))
        chosen.append(pick)
        d2 = np.minimum(d2, ((points - points[pick]) ** 2).sum(axis=1))
    return points[chosen].copy()


def _kmeans(points: FloatArray, c: int, rng: np.random.Generator) -> IntArray:
    """Lloyd's k-means from seeded k-means++ starts; labels of the lowest within-group sum of squares."""
    best_labels = np.zeros(len(points), dtype=np.intp)
    best_inertia = math.inf
    for _ in range(_KMEANS_RESTARTS):
        centers = _kmeans_plus_plus(points, c, rng)
        labels = np.full(len(points), -1, dtype=np.intp)
        for _ in range(_KMEANS_ITERATIONS):
            d2 = ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
            new = np.asarray(d2.argmin(axis=1), dtype=np.intp)
            if np.array_equal(new, labels):
                break
            labels = new
            for g in range(c):
                members = labels == g
                if members.any():  # an emptied centre stays where it was
                    centers[g] = points[members].mean(axis=0)
        d2 = ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        labels = np.asarray(d2.argmin(axis=1), dtype=np.intp)
        inertia = float(d2[np.arange(len(points)), labels].sum())
        if inertia < best_inertia - _TOL:
            best_inertia, best_labels = inertia, labels
    return best_labels


def _silhouette(points: FloatArray, labels: IntArray, c: int) -> float:
    """Mean silhouette width (Euclidean); a member alone in its group scores 0."""
    dist = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    onehot = np.eye(c)[labels]
    sizes = onehot.sum(axis=0)
    sums = dist @ onehot  # n x c: total distance to each group
    n = len(points)
    own = labels
    own_size = sizes[own]
    a = np.divide(sums[np.arange(n), own], own_size - 1, out=np.zeros(n), where=own_size > 1)
    others = np.where(onehot.astype(bool) | (sizes == 0), np.inf, sums / np.maximum(sizes, 1))
    b = others.min(axis=1)
    denom = np.maximum(a, b)
    s = np.divide(b - a, denom, out=np.zeros(n), where=(own_size > 1) & (denom > 0))
    return float(s.mean())


def _pca(z: FloatArray) -> tuple[FloatArray, tuple[float, ...]]:
    """Coordinates on the first (up to) 2 principal components of a standardised matrix, and variance shares."""
    u, s, vt = np.linalg.svd(z, full_matrices=False)
    comps = min(2, len(s))
    for j in range(comps):  # fix the SVD's arbitrary sign: the largest loading is positive
        if vt[j, int(np.argmax(np.abs(vt[j])))] < 0:
            u[:, j], vt[j] = -u[:, j], -vt[j]
    variance = s**2
    explained = tuple(float(v) for v in variance[:comps] / variance.sum())
    return u[:, :comps] * s[:comps], explained


def _relabel(labels: IntArray, c: int) -> IntArray:
    """Renumber groups by size descending, ties by first appearance."""
    sizes = np.bincount(labels, minlength=c)
    first = [int(np.flatnonzero(labels == g)[0]) for g in range(c)]
    order = sorted(range(c), key=lambda g: (-sizes[g], first[g]))
    mapping = np.empty(c, dtype=np.intp)
    mapping[order] = np.arange(c)
    return mapping[labels]


def opinion_groups(matrix: ArrayLike, delegations: ArrayLike, *, k: int, max_groups: int = 4,
                   seed: int = 0) -> OpinionGroups | None:
    """Opinion groups across delegations (PCA then k-means, as Polis does), or None when too few respondents.

    ``matrix`` is respondents x questions with NaN for unanswered; gaps are filled with the column
    mean, and questions never answered or answered identically by all are dropped before the columns
    are standardised and projected on 2 principal components. k-means (seeded k-means++ restarts) runs
    on that map for 2..``max_groups`` groups; a clustering counts only if every group has at least
    ``k`` members from at least 2 delegations (so no group identifies a delegation or a small set of
    people), and the qualifying one with the best mean silhouette is returned. None when n < 2k, no
    question varies, or nothing qualifies.
    """
    x = np.asarray(matrix, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"matrix must be respondents x questions, got shape {x.shape}")
    if k < 1 or max_groups < 2:
        raise ValueError(f"need k >= 1 and max_groups >= 2, got k={k}, max_groups={max_groups}")
    if np.isinf(x).any():
        raise ValueError("answers must be finite or NaN")
    n, questions = x.shape
    delegation = _codes(delegations, n, "delegations")
    if n < 2 * k:
        return None
    answered = ~np.isnan(x)
    counts = answered.sum(axis=0)
    filled = np.where(answered, x, 0.0)
    means = np.full(questions, np.nan)
    np.divide(filled.sum(axis=0), counts, out=means, where=counts > 0)
    imputed = np.where(answered, x, means)  # never-answered columns stay NaN
    low = np.where(answered, x, np.inf).min(axis=0)
    high = np.where(answered, x, -np.inf).max(axis=0)
    usable = (counts > 0) & (high > low)
    if not usable.any():
        return None
    kept = imputed[:, usable]
    z = (kept - kept.mean(axis=0)) / kept.std(axis=0)
    coordinates, explained = _pca(z)
    distinct = len(np.unique(coordinates, axis=0))
    rng = np.random.default_rng(seed)
    best: tuple[float, IntArray, int] | None = None
    for c in range(2, min(max_groups, distinct) + 1):
        labels = _kmeans(coordinates, c, rng)
        sizes = np.bincount(labels, minlength=c)
        if (sizes < k).any():
            continue
        if any(len(np.unique(delegation[labels == g])) < 2 for g in range(c)):
            continue
        score = _silhouette(coordinates, labels, c)
        if best is None or score > best[0] + _TOL:
            best = (score, labels, c)
    if best is None:
        return None
    _, labels, c = best
    labels = _relabel(labels, c)
    centers = np.stack([imputed[labels == g].mean(axis=0) for g in range(c)])
    for arr in (labels, coordinates, centers):
        arr.setflags(write=False)
    return OpinionGroups(labels=labels, sizes=tuple(int(s) for s in np.bincount(labels, minlength=c)),
                         coordinates=coordinates, explained=explained, centers=centers)
