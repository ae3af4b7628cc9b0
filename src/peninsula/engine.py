"""Where batches run: in this process or in local worker processes, with the same answer either way.

A job of ``runs`` trajectories is cut into batches whose sizes depend only on ``runs`` and the
batch size, and batch ``i`` is seeded by child ``i`` of ``SeedSequence(seed)``; a task is a
picklable callable ``task(size, seed_sequence) -> result``. So the list of results, and any sum
of them, is the same in-process and with any number of processes (DESIGN.md, "Scale").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")
R = TypeVar("R")
BATCH_SIZE = 65_536
ENGINES = ("local", "process")


def layout(runs: int, batch_size: int = BATCH_SIZE) -> list[int]:
    """Batch sizes for ``runs`` trajectories: full batches, then the remainder."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    full, rest = divmod(int(runs), int(batch_size))
    return [batch_size] * full + ([rest] if rest else [])


def batch_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """One independent seed per batch, from ``SeedSequence(seed).spawn(n)``."""
    return np.random.SeedSequence(int(seed)).spawn(n)


def _call(task: Callable[[int, np.random.SeedSequence], T], size: int, seq: np.random.SeedSequence) -> T:
    """One batch. The engines here are elementwise numpy, so no BLAS thread pool needs limiting."""
    return task(size, seq)


def run_batches(task: Callable[[int, np.random.SeedSequence], T], runs: int, seed: int, *,
                engine: str = "local", workers: int | None = None, batch_size: int = BATCH_SIZE,
                executor: Executor | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[T]:
    """Run ``task`` on every batch and return the results in batch order.

    ``engine`` is ``local`` (this process) or ``process`` (a ``ProcessPoolExecutor`` of ``workers``,
    default the CPU count); an ``executor`` given by the caller (e.g. a Dask client's) wins.
    ``progress(done, total)`` is called as batches finish.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    sizes = layout(runs, batch_size)
    seeds = batch_seeds(seed, len(sizes))
    total = len(sizes)
    if executor is None and engine == "local":
        out: list[T] = []
        for i, (size, seq) in enumerate(zip(sizes, seeds, strict=True)):
            out.append(_call(task, size, seq))
            if progress:
                progress(i + 1, total)
        return out
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    try:
        futures = [pool.submit(_call, task, size, seq) for size, seq in zip(sizes, seeds, strict=True)]
        results: list[T] = []
        for i, future in enumerate(futures):
            results.append(future.result())
            if progress:
                progress(i + 1, total)
        return results
    finally:
        if own:
            pool.shutdown()


def run_items(task: Callable[[list[Any]], list[R]], items: list[Any], *, engine: str = "local",
              workers: int | None = None, chunk: int = 16, executor: Executor | None = None,
              progress: Callable[[int, int], None] | None = None) -> list[R]:
    """Deterministic work (backtest folds, say) on ``items`` in chunks of ``chunk``, in order:
    ``task(chunk_items) -> results``; the concatenated results do not depend on the engine."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    parts = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    out: list[R] = []
    if executor is None and engine == "local":
        for i, part in enumerate(parts):
            out.extend(task(part))
            if progress:
                progress(i + 1, len(parts))
        return out
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    try:
        futures = [pool.submit(task, part) for part in parts]
        for i, future in enumerate(futures):
            out.extend(future.result())
            if progress:
                progress(i + 1, len(parts))
        return out
    finally:
        if own:
            pool.shutdown()
