"""Map a function over jobs in forked worker processes when there is enough work to share."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor


def process_map(function: Callable, jobs: Sequence, workers: int) -> Iterator:
    """`function` over `jobs`, results in job order: here when `workers` ≤ 1 or there is one
    job, else in that many worker processes (forked, so they share what is already imported)."""
    if workers <= 1 or len(jobs) < 2:
        yield from map(function, jobs)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(function, jobs)
