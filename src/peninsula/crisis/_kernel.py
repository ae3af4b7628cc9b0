"""The per-trajectory loop of the escalation engine, compiled with numba.

A crisis is a short, branching loop (a trajectory ends when it settles, freezes or reaches war),
which numpy can only run by gathering and scattering the live trajectories at every move; compiled,
each trajectory runs to its end in registers. The rules are those of ``_model.py``'s docstring;
the column indices of ``cols`` and the move order are fixed there.

Random numbers: u(key, trajectory, move, slot) from a counter-based splitmix64 hash, so the number a
trajectory sees at a move depends only on (key, trajectory, move, slot), never on other trajectories
or on the measures in force: two arms on one key use common random numbers.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_STEP = np.uint64(0xD1B54A32D192ED03)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_UNIT = math.sqrt(12.0)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(cache=True, inline="always")
def uniform(key: np.uint64, i: int, k: int, slot: int) -> float:
    """A uniform in [0, 1) for (trajectory i, move k, slot), splitmix64 of a counter."""
    z = key + np.uint64(i) * _GOLDEN + np.uint64(2 * k + slot + 1) * _STEP
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    z = z ^ (z >> _S31)
    return float(z >> _S11) * _TO_UNIT


# Rows of the prior matrix the kernel reads, in this order (``PRIOR_ORDER`` maps them to priors.csv).
PRIOR_ORDER = ("settle_dprk", "settle_rok", "settle_usa", "match_dprk", "match_rok", "match_usa",
               "esc1_dprk", "esc1_rok", "esc1_usa", "esc2_dprk", "esc2_rok", "esc2_usa", "settle_slope",
               "esc_slope", "misperception_sd", "dprk_threat_bias", "us_join_rung", "china_mediate_rung",
               "china_mediation_settle", "china_party_rung", "china_party_esc", "us_strike",
               "us_strike_slope", "freeze_after")
# Rows of the effect matrix (summed effects of the measures in force), in this order.
TERM_ORDER = ("settle", "settle_high", "misperception", "escalate_low_maritime", "threat_bias",
              "start_lower", "escalate_rok", "escalate_high_dprk")


@njit(cache=True)
def run_trajectories(move_key: np.uint64, start_key: np.uint64, start_rung: int, maritime: bool,
                     strike: bool, pri: np.ndarray, idx: np.ndarray, eff: np.ndarray, max_moves: int,
                     status: np.ndarray, peak: np.ndarray) -> int:
    """Run every trajectory to its end; write its status and peak rung; return the live moves.

    ``pri[i, idx[j]]`` is trajectory i's value of prior ``PRIOR_ORDER[j]``; ``eff[i, t]`` its summed
    effect on term ``TERM_ORDER[t]``. Both are trajectory-major, so one trajectory's values sit
    together in memory.
    """
    n = status.shape[0]
    total = 0
    w = np.empty(6)
    for i in range(n):
        base_settle = (pri[i, idx[0]], pri[i, idx[1]], pri[i, idx[2]])
        base_match = (pri[i, idx[3]], pri[i, idx[4]], pri[i, idx[5]])
        base_esc1 = (pri[i, idx[6]], pri[i, idx[7]] + eff[i, 6], pri[i, idx[8]])
        base_esc2 = (pri[i, idx[9]], pri[i, idx[10]] + eff[i, 6], pri[i, idx[11]])
        settle_slope = pri[i, idx[12]]
        esc_slope = pri[i, idx[13]]
        sd = pri[i, idx[14]] * max(0.0, 1.0 + eff[i, 2]) * _UNIT
        bias = pri[i, idx[15]] + eff[i, 4]
        us_join = math.floor(pri[i, idx[16]])
        med_rung = math.floor(pri[i, idx[17]])
        med_settle = pri[i, idx[18]]
        party_rung = math.floor(pri[i, idx[19]])
        party_esc = pri[i, idx[20]]
        strike_base = pri[i, idx[21]]
        strike_slope = pri[i, idx[22]]
        freeze_after = round(pri[i, idx[23]])
        settle_add = eff[i, 0]
        settle_high = eff[i, 1]
        esc_low = eff[i, 3] if maritime else 0.0
        esc_high_dprk = eff[i, 7]
        r = start_rung
        if uniform(start_key, i, 0, 0) < eff[i, 5]:
            r = max(start_rung - 1, 1)
        pk = r
        quiet = 0
        china = False
        st = 0
        for k in range(max_moves):
            total += 1
            u_noise = uniform(move_key, i, k, 0)
            u_move = uniform(move_key, i, k, 1)
            if k % 2 == 1:
                m = 0                       # DPRK
            elif r >= us_join:
                m = 2                       # US decides for the alliance
            else:
                m = 1                       # ROK
            if r >= party_rung:
                china = True                # China is a party from its threshold on
            perceived = r + sd * (u_noise - 0.5)
            settle = base_settle[m] + settle_add + settle_slope * perceived
            if r >= 6:
                settle += settle_high
            if r >= med_rung and not china:
                settle += med_settle
            if china and m != 0:
                settle -= party_esc
            esc = esc_slope * perceived
            if r <= 5:
                esc += esc_low
            if m == 0:
                esc += bias                 # reads allied moves as threats and answers them
                if r >= 6:
                    esc += esc_high_dprk
                if china:
                    esc += party_esc
            w[0] = settle
            w[1] = 0.0
            w[2] = base_match[m]
            w[3] = base_esc1[m] + esc
            w[4] = base_esc2[m] + esc
            n_moves = 5
            if strike and m == 2:
                w[5] = strike_base + strike_slope * perceived
                n_moves = 6
            top = w[0]
            for j in range(1, n_moves):
                if w[j] > top:
                    top = w[j]
            acc = 0.0
            for j in range(n_moves):
                acc += math.exp(w[j] - top)
                w[j] = acc
            target = u_move * acc
            choice = n_moves - 1
            for j in range(n_moves):
                if w[j] > target:
                    choice = j
                    break
            if choice == 1:
                quiet += 1
            else:
                quiet = 0
            if choice == 3:
                r += 1
            elif choice == 4:
                r += 2
            elif choice == 5:
                r = max(r, 8)
            if r > 10:
                r = 10
            if r > pk:
                pk = r
            if r >= 9:
                st = 3                      # war
            elif choice == 0:
                st = 1                      # settled
            elif quiet >= freeze_after:
                st = 2                      # frozen
            if st != 0:
                break
        if st == 0:
            st = 2                          # still live after the last move: frozen
        status[i] = st
        peak[i] = pk
    return total


@njit(cache=True)
def triangular_draws(key: np.uint64, n: int, low: np.ndarray, mode: np.ndarray,
                     high: np.ndarray, first: int = 0) -> np.ndarray:
    """Column j: n draws of the triangular (low[j], mode[j], high[j]) at the quantiles
    u(key, trajectory, first + j, 0), one independent stream per column; trajectory-major."""
    m = low.shape[0]
    out = np.empty((n, m))
    cut = np.empty(m)
    left = np.empty(m)
    right = np.empty(m)
    for j in range(m):
        cut[j], left[j], right[j] = _triangular_constants(low[j], mode[j], high[j])
    for i in range(n):
        for j in range(m):
            out[i, j] = _triangular(uniform(key, i, first + j, 0), low[j], high[j], cut[j], left[j],
                                    right[j])
    return out


@njit(cache=True)
def triangular_column(key: np.uint64, n: int, low: float, mode: float, high: float,
                      stream: int) -> np.ndarray:
    """The draws of one column of ``triangular_draws`` (stream ``stream``) alone, as a 1-D array:
    the same numbers, made with the loop over trajectories innermost, which vectorizes (four times
    faster than a one-column ``triangular_draws``)."""
    out = np.empty(n)
    cut, left, right = _triangular_constants(low, mode, high)
    for i in range(n):
        out[i] = _triangular(uniform(key, i, stream, 0), low, high, cut, left, right)
    return out


@njit(cache=True, inline="always")
def _triangular_constants(low: float, mode: float, high: float) -> tuple[float, float, float]:
    """The quantile where the mode falls (2 for an empty range) and the factors under the two
    square roots of the triangular inverse CDF."""
    span = high - low
    return ((mode - low) / span if span > 0 else 2.0), span * (mode - low), span * (high - mode)


@njit(cache=True, inline="always")
def _triangular(x: float, low: float, high: float, cut: float, left: float, right: float) -> float:
    """The triangular quantile at x: one square root and selects, no branch (a random branch here
    mispredicts half the time)."""
    below = x < cut
    root = math.sqrt(x * left if below else (1.0 - x) * right)
    return low + root if below else high - root
