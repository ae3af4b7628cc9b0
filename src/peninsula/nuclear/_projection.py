"""Monte Carlo projection of plutonium, weapon-grade uranium and warheads, 1990 to a horizon year.

Each run draws every parameter from its cited range (common random numbers across options) and
follows the material year by year:

- plutonium: the 5 MWe reactor's operating periods (capacity factor x kg per full-power year),
  then the same reactor at ``future_capacity_factor`` after the last reported period, and the
  ELWR from its start; each period's plutonium counts once separated (its reported campaign, or
  ``reprocess_lag_years`` after the period ends);
- weapon-grade uranium: Yongbyon's machines (enrichment_capacity.csv, growing at
  ``enrichment_growth`` after the last count) x SWU per machine-year x ``wgu_share``, divided by
  the SWU per kg at the drawn tails assay; undeclared sites add ``s / (1 - s)`` of Yongbyon's
  capacity, s the share of capacity outside Yongbyon, from ``undeclared_start`` (before Yongbyon's
  first count, at that count's scale);
- stocks: separated material less process losses, less the tests (from the chronology), less
  what a dismantlement removes; never below zero;
- warheads: the stocks over kg per weapon (``pu/p + heu/h``, bounded when a share ``c`` of
  weapons uses composite cores of half of each), and ``share_in_weapons`` of that assembled.

An option halts the facilities it covers (see _options.py); the same draws drive every option.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from peninsula._paths import package_data
from peninsula.nuclear._enrichment import NATURAL_ASSAY, value
from peninsula.nuclear._options import Option, Plan, month_index, option, plan
from peninsula.nuclear._params import load, parameters
from peninsula.nuclear._sampling import Parameters, Uniforms

FIRST_MODEL_YEAR = 1986  # the 5 MWe reactor's first operating year
FIRST_YEAR = 1990        # first year reported
SERIES = ("warheads_material", "warheads_assembled", "pu_kg", "heu_kg", "warheads_pu")
# Fixed slot per parameter (append only): the same slot gives the same draw in every option.
SLOTS = ["pu_per_fpy", "elwr_pu_per_year", "elwr_start", "swu_per_machine_year", "heu_per_weapon_kg",
         "pu_per_weapon_kg", "composite_share", "share_in_weapons", "pu_per_test_kg", "losses_share",
         "natural_assay", "tails_assay", "product_assay", "undeclared_enrichment_share",
         "future_capacity_factor", "reprocess_lag_years", "enrichment_growth", "wgu_share",
         "later_tests_pu_share", "composite_core_fraction", "undeclared_start"]
REQUIRED = ("pu_per_fpy", "pu_per_weapon_kg", "losses_share", "pu_per_test_kg")
PLUTONIUM_TESTS_BEFORE = dt.date(2010, 1, 1)  # the 2006 and 2009 tests are taken as plutonium


def nuclear_tests(as_of: dt.date | None = None) -> pd.DataFrame:
    """The nuclear tests of the shipped chronology (Korean dates), up to ``as_of``."""
    path = package_data("chronology", "strategic.csv")
    frame = pd.read_csv(path, dtype=str, usecols=["id", "date", "kind"])
    frame = frame[frame["kind"] == "nuclear_test"].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    if as_of is not None:
        frame = frame[frame["date"] <= as_of]
    return frame.sort_values("date").reset_index(drop=True)


def earliest_as_of() -> dt.date:
    """The first date on which every parameter the projection needs had been published."""
    first = parameters(history=True).groupby("id")["published_date"].min()
    dates: list[dt.date] = list(first.loc[list(REQUIRED)])
    return max(dates)


@dataclass
class Projection:
    """Yearly end-of-year stocks per run for one option; percentiles on demand."""

    option: str
    years: NDArray[np.int64]
    paths: dict[str, NDArray[np.float64]]        # series -> (years, runs)
    as_of: dt.date
    runs: int
    seed: int
    notes: list[str] = field(default_factory=list)

    def percentiles(self, series: str, q: tuple[float, ...] = (5, 50, 95)) -> NDArray[np.float64]:
        """(len(q), years) percentiles of a series; NaN where the series is not known."""
        out: NDArray[np.float64] = np.percentile(self.paths[series], q, axis=1)
        return out

    def at(self, series: str, year: int) -> NDArray[np.float64]:
        """The runs' values of a series in one year."""
        row: NDArray[np.float64] = self.paths[series][int(year) - int(self.years[0])]
        return row

    def frame(self) -> pd.DataFrame:
        """Long table: year, series, p5, p50, p95."""
        rows = []
        for name in SERIES:
            p = self.percentiles(name)
            for i, year in enumerate(self.years):
                rows.append({"year": int(year), "series": name, "p5": p[0, i], "p50": p[1, i],
                             "p95": p[2, i]})
        return pd.DataFrame(rows)

    def as_json(self) -> dict[str, object]:
        """The issue's JSON shape: option, years, series -> {p5, p50, p95} (null where unknown)."""
        series: dict[str, dict[str, list[float | None]]] = {}
        for name in SERIES:
            p = self.percentiles(name)
            series[name] = {key: [None if np.isnan(v) else round(float(v), 3) for v in p[i]]
                            for i, key in enumerate(("p5", "p50", "p95"))}
        return {"option": self.option, "as_of": self.as_of.isoformat(), "runs": self.runs,
                "seed": self.seed, "years": [int(y) for y in self.years], "series": series,
                "notes": self.notes}


def mc_standard_error(values: NDArray[np.float64], q: float) -> float:
    """Monte Carlo standard error of the q-th percentile, from the order-statistic interval."""
    n = len(values)
    half = 1.96 * np.sqrt(q / 100 * (1 - q / 100) / n) * 100
    lo, hi = np.percentile(values, [max(q - half, 0.0), min(q + half, 100.0)])
    return float((hi - lo) / (2 * 1.96))


def warheads_from_material(pu: NDArray[np.float64], heu: NDArray[np.float64], pu_w: NDArray[np.float64],
                           heu_w: NDArray[np.float64], share: NDArray[np.float64],
                           fraction: NDArray[np.float64]) -> NDArray[np.float64]:
    """Weapons the stocks allow (kg in, weapons out) with a design mix.

    Single-material weapons take ``pu_w`` kg of plutonium or ``heu_w`` kg of uranium; a composite
    core takes ``fraction`` of each. A ``share`` of the weapons is composite where both materials
    allow it; what is left goes into single-material weapons.
    """
    single = pu / pu_w + heu / heu_w
    wanted = share * single / (1.0 - share + 2.0 * share * fraction)
    composite = np.minimum(wanted, np.minimum(pu / pu_w, heu / heu_w) / fraction)
    out: NDArray[np.float64] = composite + single - 2.0 * fraction * composite
    return out


def _overlap(a: NDArray[np.float64] | float, b: NDArray[np.float64] | float,
             c0: NDArray[np.float64], c1: NDArray[np.float64]) -> NDArray[np.float64]:
    """Months of [a, b) inside [c0, c1), per run."""
    out: NDArray[np.float64] = np.maximum(0.0, np.minimum(b, c1) - np.maximum(a, c0))
    return out


def _swu_per_kg(product: NDArray[np.float64], tails: NDArray[np.float64],
                feed: float = NATURAL_ASSAY) -> NDArray[np.float64]:
    """SWU per kg of product, vectorised over assays (weight-%)."""
    feed_kg = (product - tails) / (feed - tails)
    out: NDArray[np.float64] = value(product) + (feed_kg - 1.0) * value(tails) - feed_kg * float(value(feed))
    return out


class Model:
    """The projection's inputs as known on ``as_of``; ``simulate`` runs one option on given draws."""

    def __init__(self, *, as_of: dt.date | None = None, horizon: int = 2035) -> None:
        self.as_of = as_of or dt.date.today()
        if not FIRST_YEAR < horizon <= 2100:
            raise ValueError(f"horizon must be a year after {FIRST_YEAR}, got {horizon}")
        self.horizon = int(horizon)
        first = earliest_as_of()
        if self.as_of < first:
            raise ValueError(f"the projection needs parameters first published on {first.isoformat()}; "
                             f"choose an as-of date on or after it")
        self.table = parameters(as_of=self.as_of)
        ops = load("reactor_operations")
        ops["row"] = np.arange(len(ops))
        ops = ops[ops["published_date"] <= self.as_of]
        campaigns = load("reprocessing", as_of=self.as_of)
        known_campaigns = {int(y) for y in campaigns.loc[campaigns["kind"] == "campaign", "year"]}
        self.future_start = max(month_index(e) + 1 for e in ops["end"])
        live = ops[ops["capacity_factor_high"] > 0]
        self.periods = [
            (int(r["row"]), month_index(r["start"]), month_index(r["end"]) + 1,
             float(r["capacity_factor_low"]), float(r["capacity_factor_high"]),
             int(r["separated"]) if pd.notna(r["separated"]) and int(r["separated"]) in known_campaigns
             else None)
            for r in live.to_dict("records")]
        machines = load("enrichment_capacity")
        machines["row"] = np.arange(len(machines))
        machines = machines[(machines["published_date"] <= self.as_of) & (machines["site"] == "Yongbyon")
                            & machines["machines_low"].notna()]
        self.machines = [(int(r["row"]), month_index(r["date"]), float(r["machines_low"]),
                          float(r["machines_high"])) for r in machines.sort_values("date").to_dict("records")]
        self.tests = [(month_index(d), d < PLUTONIUM_TESTS_BEFORE) for d in nuclear_tests(self.as_of)["date"]]
        self.years = np.arange(FIRST_MODEL_YEAR, self.horizon + 1)

    # -- the pieces -------------------------------------------------------------------------
    def _separated_plutonium(self, p: Parameters, u: Uniforms, pl: Plan) -> NDArray[np.float64]:
        """kg of plutonium separated in each model year, per run (before losses)."""
        runs, n_years = u.runs, len(self.years)
        y0 = int(self.years[0])
        rate = p.draw("pu_per_fpy")
        lag = p.draw("reprocess_lag_years", default=1.5) * 12.0
        reactor = "reactor_5mwe" in pl.covers
        reprocess = "reprocessing" in pl.covers
        no = np.full(runs, np.inf)
        h0, h1 = (pl.halt, pl.resume) if reactor else (no, no)
        r0, r1 = (pl.halt, pl.resume) if reprocess else (no, no)
        pieces: list[tuple[NDArray[np.float64], NDArray[np.float64]]] = []   # (kg, separation month)
        for row, a, b, low, high, campaign in self.periods:
            factor = low + u.get("period", row) * (high - low)
            active = (b - a) - _overlap(a, b, h0, h1)
            kg = factor * active / 12.0 * rate
            when = np.full(runs, campaign * 12.0 + 6.0) if campaign is not None else b + lag
            pieces.append((kg, when))
        future = p.draw("future_capacity_factor", default=0.0)
        for year in range(self.future_start // 12, self.horizon + 1):
            a, b = max(self.future_start, year * 12), (year + 1) * 12
            if b <= a:
                continue
            active = (b - a) - _overlap(a, b, h0, h1)
            pieces.append((future * active / 12.0 * rate, b + lag))
        if p.known("elwr_start") and p.known("elwr_pu_per_year"):
            start = p.draw("elwr_start") * 12.0
            elwr_rate = p.draw("elwr_pu_per_year")
            e0, e1 = (pl.halt, pl.resume) if "elwr" in pl.covers else (no, no)
            for year in range(int(start.min()) // 12, self.horizon + 1):
                first = np.maximum(start, year * 12.0)
                last = np.maximum(first, float((year + 1) * 12))
                active = (last - first) - _overlap(first, last, e0, e1)
                pieces.append((elwr_rate * active / 12.0, last + lag))
        out = np.zeros((n_years, runs))
        run_index = np.arange(runs)
        for kg, when in pieces:
            held = (when >= r0) & (when < r1)
            when = np.where(held, r1, when)
            sep_year = np.floor(when / 12.0)
            ok = np.isfinite(when) & (sep_year <= self.horizon) & (kg > 0)
            # Each run appears once per piece, so the fancy-indexed add has no repeated cells.
            out[sep_year[ok].astype(np.int64) - y0, run_index[ok]] += kg[ok]
        return out

    def _enrichment_swu(self, p: Parameters, u: Uniforms,
                        pl: Plan) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Separative work (SWU) at Yongbyon under the option, and at Yongbyon had it run, per year."""
        runs, n_years = u.runs, len(self.years)
        y0 = int(self.years[0])
        covered = np.zeros((n_years, runs))
        free = np.zeros((n_years, runs))
        if not self.machines or not p.known("swu_per_machine_year"):
            return covered, free
        swu = p.draw("swu_per_machine_year")
        growth = p.draw("enrichment_growth", default=0.0)
        no = np.full(runs, np.inf)
        h0, h1 = (pl.halt, pl.resume) if "enrichment_yongbyon" in pl.covers else (no, no)
        level = np.zeros(runs)
        end_month = (self.horizon + 1) * 12
        for i, (row, month, low, high) in enumerate(self.machines):
            level = np.maximum(level, low + u.get("machines", row) * (high - low))
            stop = self.machines[i + 1][1] if i + 1 < len(self.machines) else end_month
            last = i + 1 == len(self.machines)
            for year in range(month // 12, stop // 12 + 1):
                a, b = max(month, year * 12), min(stop, (year + 1) * 12)
                if b <= a or year > self.horizon:
                    continue
                mid_years = ((a + b) / 2.0 - month) / 12.0
                machines = level * (1.0 + growth) ** mid_years if last else level
                work = machines * swu / 12.0
                free[year - y0] += work * (b - a)
                covered[year - y0] += work * ((b - a) - _overlap(a, b, h0, h1))
        return covered, free

    def _undeclared_swu(self, p: Parameters, u: Uniforms, free: NDArray[np.float64]) -> NDArray[np.float64]:
        """Separative work (SWU) a year at undeclared sites per unit of ``s / (1 - s)``, per run.

        From ``undeclared_start`` on: Yongbyon's work had it run (pro rata within a year), and
        before Yongbyon's first count that count's level times SWU per machine-year. Without a
        published start, the sites run with Yongbyon.
        """
        if not p.known("undeclared_start"):
            return free
        begin = p.draw("undeclared_start") * 12.0              # month index, fractional
        row, first, low, high = self.machines[0]
        level = (low + u.get("machines", row) * (high - low)) * p.draw("swu_per_machine_year")
        out = free.copy()                                       # years after every run's start
        latest = float(max(begin.max(), first))
        for j, year in enumerate(self.years):
            a, b = float(year) * 12.0, float(year + 1) * 12.0
            if a >= latest:
                break
            window = (np.full_like(begin, a), np.full_like(begin, b))
            out[j] = level / 12.0 * _overlap(begin, float(first), *window)
            running = b - max(a, float(first))
            if running > 0:
                out[j] += free[j] * _overlap(np.maximum(begin, float(first)), b, *window) / running
        return out

    def simulate(self, choice: Option, uniforms: Uniforms, *, start: int | None = None,
                 collapse: int | None = None, undeclared: bool = True,
                 undeclared_share: float | None = None, capacity_scale: float = 1.0) -> Projection:
        """Run one option on ``uniforms``; ``start``/``collapse`` are month indices.

        ``undeclared_share`` fixes the share of the total enrichment capacity lying outside
        Yongbyon (the total held at its default draw); ``capacity_scale`` multiplies every site's
        separative capacity (for sensitivity tests).
        """
        p = Parameters(self.table, SLOTS, uniforms)
        begin = start if start is not None else (month_index(choice.start) if choice.start
                                                 else month_index(self.as_of) + 1)
        end = collapse if collapse is not None else (month_index(choice.collapse) if choice.collapse else None)
        pl = plan(choice, start=begin, collapse=end, uniforms=uniforms, as_of=self.as_of)
        runs, n_years = uniforms.runs, len(self.years)
        losses = p.draw("losses_share")
        keep = 1.0 - losses
        pu_in = self._separated_plutonium(p, uniforms, pl) * keep
        yb_swu, yb_free = self._enrichment_swu(p, uniforms, pl)
        heu_decl = np.zeros((n_years, runs))
        heu_undecl = np.zeros((n_years, runs))
        notes: list[str] = []
        if yb_free.any():
            product = p.draw("product_assay", default=90.0)
            tails = p.draw("tails_assay", default=0.3)   # the tails of the standard worked examples
            per_kg = _swu_per_kg(product, tails)
            wgu = p.draw("wgu_share", default=1.0)
            drawn = p.draw("undeclared_enrichment_share", default=0.0) if undeclared else np.zeros(runs)
            if undeclared_share is None:
                site, outside = np.ones(runs), drawn / (1.0 - drawn)
            else:
                # Hold the total capacity (Yongbyon as observed plus the drawn undeclared share) and
                # split it: a share ``undeclared_share`` lies outside Yongbyon.
                total = 1.0 / (1.0 - drawn)
                site, outside = total * (1.0 - undeclared_share), total * undeclared_share
            heu_decl = yb_swu * (capacity_scale * site * wgu / per_kg * keep)
            outside_swu = self._undeclared_swu(p, uniforms, yb_free)
            heu_undecl = outside_swu * (capacity_scale * outside / per_kg * keep)
        else:
            notes.append("no enrichment capacity had been observed by the as-of date")
        pu_test = p.draw("pu_per_test_kg")
        heu_test = p.draw("heu_per_weapon_kg")
        later_pu = p.draw("later_tests_pu_share", default=1.0)
        test_use: dict[int, tuple[NDArray[np.float64], NDArray[np.float64]]] = {}
        for k, (month, plutonium) in enumerate(self.tests):
            uses_pu = np.ones(runs, dtype=bool) if plutonium else uniforms.get("test", k) < later_pu
            pu_c, heu_c = test_use.get(month // 12, (np.zeros(runs), np.zeros(runs)))
            test_use[month // 12] = (pu_c + np.where(uses_pu, pu_test, 0.0),
                                     heu_c + np.where(uses_pu, 0.0, heu_test))
        pu = np.zeros((n_years, runs))
        heu_d = np.zeros((n_years, runs))
        heu_u = np.zeros((n_years, runs))
        s_pu, s_hd, s_hu = np.zeros(runs), np.zeros(runs), np.zeros(runs)
        removed_before = np.zeros(runs)
        for j, year in enumerate(self.years):
            s_pu = s_pu + pu_in[j]
            s_hd = s_hd + heu_decl[j]
            s_hu = s_hu + heu_undecl[j]
            if int(year) in test_use:
                pu_c, heu_c = test_use[int(year)]
                s_pu = np.maximum(0.0, s_pu - pu_c)
                from_declared = np.minimum(s_hd, heu_c)
                s_hd = s_hd - from_declared
                s_hu = np.maximum(0.0, s_hu - (heu_c - from_declared))
            removed = pl.removed_fraction((int(year) + 1) * 12.0)
            step = np.where(removed_before < 1.0,
                            (removed - removed_before) / np.maximum(1.0 - removed_before, 1e-12), 0.0)
            s_pu = s_pu * (1.0 - step)
            s_hd = s_hd * (1.0 - step)
            removed_before = removed
            pu[j], heu_d[j], heu_u[j] = s_pu, s_hd, s_hu
        heu = heu_d + heu_u
        pu_w = p.draw("pu_per_weapon_kg")
        heu_w = p.draw("heu_per_weapon_kg")
        c = p.draw("composite_share", default=0.0)
        f = p.draw("composite_core_fraction", default=0.5)
        material = warheads_from_material(pu, heu, pu_w, heu_w, c, f)
        # Removal under a dismantlement takes weapons with the material (both are declared stock).
        if p.known("share_in_weapons"):
            assembled = material * p.draw("share_in_weapons")
        else:
            assembled = np.full_like(material, np.nan)
            notes.append("no share of material in weapons had been published by the as-of date")
        shown = self.years >= FIRST_YEAR
        # Weapons' worth of the plutonium alone: the basis of estimates that leave uranium out.
        paths = {"warheads_material": material[shown], "warheads_assembled": assembled[shown],
                 "pu_kg": pu[shown], "heu_kg": heu[shown], "warheads_pu": (pu / pu_w)[shown]}
        return Projection(option=choice.id, years=self.years[shown], paths=paths, as_of=self.as_of,
                          runs=runs, seed=uniforms.seed, notes=notes)


def project(option_id: str = "no-agreement", *, horizon: int = 2035, runs: int = 10_000, seed: int = 0,
            as_of: dt.date | None = None, start: str | None = None, collapse: str | None = None,
            undeclared: bool = True) -> Projection:
    """Yearly percentiles of stocks and warheads for one option (see the module docstring)."""
    model = Model(as_of=as_of, horizon=horizon)
    return model.simulate(option(option_id), Uniforms(runs, seed),
                          start=None if start is None else month_index(start),
                          collapse=None if collapse is None else month_index(collapse),
                          undeclared=undeclared)


def avoided(option_ids: list[str] | None = None, *, horizon: int = 2035, runs: int = 10_000,
            seed: int = 0, as_of: dt.date | None = None, undeclared: bool = True,
            series: str = "warheads_material", collapse: str | None = None) -> pd.DataFrame:
    """Warheads (material basis by default) avoided by ``horizon`` for each option, p5/p50/p95.

    ``collapse`` (YYYY-MM) ends every option that has no date of its own there, so freeze,
    disablement and dismantlement differ by how fast the covered plant restarts.
    """
    from peninsula.nuclear._options import options

    model = Model(as_of=as_of, horizon=horizon)
    uniforms = Uniforms(runs, seed)
    table = options()
    ids = option_ids or [k for k in table if k != "no-agreement"]
    base = model.simulate(table["no-agreement"], uniforms, undeclared=undeclared).at(series, horizon)
    rows = []
    for oid in ids:
        if oid not in table:
            raise ValueError(f"unknown option {oid!r}; choose from {', '.join(table)}")
        choice = table[oid]
        ends = month_index(collapse) if collapse is not None and choice.kind != "none" and not choice.start \
            else None
        got = model.simulate(choice, uniforms, undeclared=undeclared, collapse=ends).at(series, horizon)
        diff = base - got
        p5, p50, p95 = np.percentile(diff, [5, 50, 95])
        r5, r50, r95 = np.percentile(got, [5, 50, 95])
        rows.append({"option": oid, "label": table[oid].label, "horizon": horizon, "p5": p5, "p50": p50,
                     "p95": p95, "mc_se": mc_standard_error(diff, 50), "remaining_p5": r5,
                     "remaining_p50": r50, "remaining_p95": r95, "undeclared": undeclared})
    return pd.DataFrame(rows)


def hanoi_curve(*, shares: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                horizon: int = 2035, runs: int = 10_000, seed: int = 0, option_id: str = "hanoi-2019",
                as_of: dt.date | None = None, series: str = "warheads_material") -> pd.DataFrame:
    """Warheads avoided by ``horizon`` had the option been taken, over the share of enrichment
    capacity outside Yongbyon (fixed per point, the total capacity held at each run's draw)."""
    from peninsula.nuclear._options import options

    model = Model(as_of=as_of, horizon=horizon)
    uniforms = Uniforms(runs, seed)
    table = options()
    rows = []
    for share in shares:
        if not 0.0 <= share < 1.0:
            raise ValueError(f"shares must be in [0, 1), got {share}")
        base = model.simulate(table["no-agreement"], uniforms, undeclared_share=share).at(series, horizon)
        got = model.simulate(table[option_id], uniforms, undeclared_share=share).at(series, horizon)
        diff = base - got
        p5, p50, p95 = np.percentile(diff, [5, 50, 95])
        rows.append({"undeclared_share": share, "p5": p5, "p50": p50, "p95": p95,
                     "mc_se": mc_standard_error(diff, 50),
                     "share_avoided_p50": float(np.median(np.where(base > 0, diff / base, 0.0)))})
    return pd.DataFrame(rows)
