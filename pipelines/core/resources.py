"""What background work may take from a shared machine: DuckDB's memory while loading, and the
threads of DuckDB and of the BLAS/OpenMP pools behind scikit-learn during refresh and training,
so that a dashboard and a refresh can share two cores (docs/performance.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import duckdb

MEMORY_VARIABLE = "PAYSCOPE_MEMORY_LIMIT"
THREADS_VARIABLE = "PAYSCOPE_THREADS"
# DuckDB caches what a load writes up to its memory limit (80 % of RAM by default); past this
# it spills to the warehouse's temporary folder instead, so a load's memory stays flat.
DEFAULT_MEMORY = "1GB"
_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def memory_limit(env: dict | None = None) -> str:
    """DuckDB's memory limit for loads: $PAYSCOPE_MEMORY_LIMIT (e.g. 512MB, 2GB) or 1GB."""
    value = (env if env is not None else os.environ).get(MEMORY_VARIABLE, DEFAULT_MEMORY)
    if not _SIZE.match(value):
        raise ValueError(f"{MEMORY_VARIABLE}={value!r} is not a size such as 512MB or 2GB")
    return value.strip()


def background_threads(env: dict | None = None) -> int:
    """Threads for background work: $PAYSCOPE_THREADS, else half the cores (at least one)."""
    value = (env if env is not None else os.environ).get(THREADS_VARIABLE)
    if value is None:
        return max(1, (os.cpu_count() or 1) // 2)
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"{THREADS_VARIABLE}={value!r} is not a positive whole number")
    return int(value)


@contextmanager
def bounded_memory(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's memory limit lowered to `memory_limit()` for the block, then restored."""
    limit = memory_limit()  # vetted by the pattern above: safe to put in the statement
    before = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.execute(f"set memory_limit = '{limit}'")
    try:
        yield
    finally:
        # After a failed statement a transaction refuses everything but ROLLBACK: the caller
        # has rolled back by now; if not, keeping the lower limit does no harm.
        with suppress(duckdb.Error):
            con.execute(f"set memory_limit = '{before}'")


def limit_threads(con: duckdb.DuckDBPyConnection) -> None:
    """A connection of background work uses `background_threads()` threads."""
    con.execute(f"set threads = {background_threads()}")


@contextmanager
def background_work() -> Iterator[None]:
    """BLAS and OpenMP pools (scikit-learn, numpy) limited to `background_threads()`."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=background_threads()):
        yield
