"""Map a function over jobs in forked worker processes when there is enough work to share."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain, islice


def process_map(
    function: Callable, jobs: Iterable, workers: int, in_flight: int | None = None
) -> Iterator:
    """`function` over `jobs`, results in job order: here when `workers` ≤ 1 or there is one
    job, else in that many worker processes (forked, so they share what is already imported).

    With `in_flight`, jobs are taken from a lazy `jobs` only as results are consumed (at most that
    many submitted and not yet yielded), so large jobs are never all in memory at once; without
    it every job is submitted at once, which keeps the workers busy however slow the consumer."""
    jobs = iter(jobs)
    first = list(islice(jobs, 2))
    if workers <= 1 or len(first) < 2:
        yield from map(function, chain(first, jobs))
        return
    limit = max(1, in_flight) if in_flight else None
    _release_freed_memory()  # each forked worker would count it again
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque = deque()
        for job in chain(first, jobs):
            pending.append(pool.submit(_pickled_call, function, _dumps(job)))
            if limit and len(pending) >= limit:
                yield pickle.loads(pending.popleft().result())
        while pending:
            yield pickle.loads(pending.popleft().result())


def _release_freed_memory() -> None:
    """Give back to the system what this process freed but still holds: glibc keeps freed heap
    pages for reuse, and a forked worker's resident size counts them. After parsing a large
    file, feature workers started at the size of the loading process (1.7 GB)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            pass


def _dumps(value: object) -> bytes:
    """Pickled with protocol 5, under which pyarrow writes each buffer in one piece. The pool's
    own pickling uses protocol 4, which copies every buffer through a Python bytes object: a
    4 MiB table took 20-30 ms to pickle against 1.6 ms, a fifth of a parser worker's time."""
    return pickle.dumps(value, protocol=5)


def _pickled_call(function: Callable, job: bytes) -> bytes:
    return _dumps(function(pickle.loads(job)))


def _die_with_parent(parent: int) -> None:
    """Worker start-up: end with the parent. After a kill -9 of the parent (a load killed
    partway) forked workers otherwise wait on their queue for ever, each holding a copy of the
    parent's memory (tests/reliability/test_workers.py)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


@contextmanager
def collector_paused():
    """The cyclic garbage collector off for a block that builds many short-lived containers
    (a parse, a batch of features): it only slows them down, walking every long-lived object
    (the morphology dictionaries, the memos) each time it runs. Cycles made meanwhile are
    collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
