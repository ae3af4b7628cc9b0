"""Crisis engine speed: peninsula's compiled, counter-seeded engine against the same model in Mesa 3.

Both run the default scenario (artillery on populated territory) under the status quo's measures
with the same priors. After a warm-up (which compiles the kernel), each is timed several times and
the median taken; live moves per second = moves stepped by live trajectories / wall time, on one
core (the engine runs in-process). The two must agree within Monte Carlo error on P(peak >= k) for
every k and on the mean number of live moves per trajectory, or the script fails.
Ends with a RESULT line. Usage: python benchmarks/crisis.py [--runs N] [--mesa-runs M] [--repeat K]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from peninsula.crisis import DEFAULT_SCENARIO, packages, run_arms, scenario

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _crisis_mesa import CrisisModel


def ours(runs: int, seed: int) -> tuple[float, dict[str, float], float]:
    start = time.perf_counter()
    frame = run_arms(DEFAULT_SCENARIO, {"status-quo": packages()["status-quo"]}, runs=runs, seed=seed)
    elapsed = time.perf_counter() - start
    row = frame.iloc[0]
    return elapsed, dict(row["p_peak_at_least"]), float(row["live_moves"])


def mesa_run(runs: int, seed: int) -> tuple[float, dict[str, float], list[int]]:
    start = time.perf_counter()
    model = CrisisModel(scenario(DEFAULT_SCENARIO), packages()["status-quo"], runs, seed=seed)
    model.run()
    elapsed = time.perf_counter() - start
    peaks = np.array([a.peak for a in model.agents])
    moves = [a.moves for a in model.agents]
    return elapsed, {str(k): float((peaks >= k).mean()) for k in range(11)}, moves


def agree(p1: dict[str, float], n1: int, p2: dict[str, float], n2: int, z: float = 4.0) -> list[str]:
    """The k where the two P(peak >= k) differ by more than z standard errors."""
    bad = []
    for k in p1:
        a, b = p1[k], p2[k]
        se = np.sqrt(a * (1 - a) / n1 + b * (1 - b) / n2)
        if abs(a - b) > z * max(se, 1e-12):
            bad.append(f"k={k}: {a:.4f} vs {b:.4f} (s.e. {se:.4f})")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--mesa-runs", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    ours(10_000, 0)                                  # warm-up: compiles or loads the kernel
    mesa_run(1_000, 0)
    our_times, mesa_times = [], []
    for i in range(args.repeat):
        t, our_peaks, our_moves = ours(args.runs, i)
        our_times.append(t)
        t, mesa_peaks, mesa_moves = mesa_run(args.mesa_runs, i)
        mesa_times.append(t)
    our_rate = our_moves / statistics.median(our_times)
    mesa_rate = sum(mesa_moves) / statistics.median(mesa_times)
    print(f"ours: {args.runs:,} trajectories, {our_moves:,.0f} live moves, median "
          f"{statistics.median(our_times):.2f} s -> {our_rate:,.0f} moves/s")
    print(f"mesa: {args.mesa_runs:,} trajectories, {sum(mesa_moves):,} live moves, median "
          f"{statistics.median(mesa_times):.2f} s -> {mesa_rate:,.0f} moves/s")
    bad = agree(our_peaks, args.runs, mesa_peaks, args.mesa_runs)
    mean_ours = our_moves / args.runs
    mean_mesa = float(np.mean(mesa_moves))
    se_moves = float(np.std(mesa_moves, ddof=1) / np.sqrt(len(mesa_moves)))
    print("P(peak >= k), ours / mesa: " + ", ".join(f"{k}: {our_peaks[k]:.4f}/{mesa_peaks[k]:.4f}"
                                                   for k in our_peaks))
    print(f"live moves per trajectory: ours {mean_ours:.4f}, mesa {mean_mesa:.4f} +/- {se_moves:.4f}")
    if abs(mean_ours - mean_mesa) > 4 * se_moves:
        bad.append(f"moves per trajectory {mean_ours:.4f} vs {mean_mesa:.4f}")
    if bad:
        print("DISAGREE: " + "; ".join(bad))
        sys.exit(1)
    print(f"RESULT vs_mesa={our_rate / mesa_rate:.1f} moves_per_s={our_rate:.0f} mesa_moves_per_s={mesa_rate:.0f} "
          f"agree=yes runs={args.runs} mesa_runs={args.mesa_runs}")


if __name__ == "__main__":
    main()
