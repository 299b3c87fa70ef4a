"""A bounded thread pool for training and backtests, so a dashboard and a refresh share cores.

scikit-learn's gradient boosting runs OpenMP loops over the features at every tree node, tens
of thousands of short parallel regions per fit. On a busy machine (2 cores, other processes
running) each region waits for its slowest thread to be scheduled: training on the 15 500-row
real export took 17–20 s with 2 threads and 2–4 s with one (docs/model.md). One thread is
the default; `PAYSCOPE_TRAIN_THREADS` raises it on an idle machine with cores to spare.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

ENV = "PAYSCOPE_TRAIN_THREADS"
DEFAULT = 1


def training_threads() -> int:
    """Threads for training: PAYSCOPE_TRAIN_THREADS (a positive integer), else DEFAULT."""
    text = os.environ.get(ENV, "").strip()
    if not text:
        return DEFAULT
    try:
        threads = int(text)
    except ValueError:
        raise ValueError(f"{ENV}={text!r} is not a whole number of threads") from None
    if threads < 1:
        raise ValueError(f"{ENV}={text!r}: at least 1 thread")
    return threads


@contextmanager
def bounded_threads():
    """OpenMP and BLAS pools limited to training_threads() inside the block."""
    with threadpool_limits(limits=training_threads()):
        yield
