"""Parsing a snapshot's files for the loader: chunks of files in worker processes, in file order,
a bounded number in flight; a file that cannot be read becomes one error line, not a crash."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path

import pyarrow as pa

from pipelines.core.gunzip import GZIP_MAGIC
from pipelines.core.parallel import collector_paused, process_map
from pipelines.sources.batches import (
    PARSERS,
    file_row_batches,
    gzip_problem_candidates,
    parse_snapshot_file,
    parser_of,
    to_tables,
    whole_candidates,
)
from pipelines.sources.framing import UnreadableFile, opened_unpacked
from pipelines.sources.streamed import streamed_candidates

# Parse files in worker processes only when there is enough work to pay for starting them.
POOL_MIN_BYTES = 16 * 1024 * 1024
CHUNK_BYTES = 4 * 1024 * 1024  # files parsed per job: large enough to amortise passing results
# Parsed chunks waiting for the loader per worker: bounds memory whatever the input's size.
_IN_FLIGHT_PER_WORKER = 4
_ERROR_CHARS = 300
# Files larger than this are parsed in the loading process in batches of STREAM_ROWS records
# instead of whole in a worker: a worker's result has to be one object in memory.
STREAM_BYTES = 64 * 1024 * 1024
STREAM_ROWS = 20_000
# … or fewer when their JSON passes this: 20 000 detail documents of 28 KB were 560 MB of
# JSON, several times that as Python objects (one file of 25 000 of them, 743 MB, peaked at
# 5.8 GB read whole; streamed in batches of 32 MiB at 1.80 GB, of 8 MiB at 1.55 GB).
STREAM_BATCH_BYTES = 8 * 1024 * 1024
# A gzip file is parsed here too when it may unpack past STREAM_BYTES: real vacancy JSON packs
# 5–20 : 1, so one packed past this may, whatever its trailer says (which knows only the last
# member, modulo 4 GiB). Unpacked into a temporary file, it is never whole in memory.
GZIP_STREAM_BYTES = STREAM_BYTES // 32


@dataclass
class FileOutcome:
    display: str
    records_read: int
    quarantined: int
    newest: datetime | None  # the newest published_at among its records
    error: str | None = None  # one line naming the file when it could not be read at all


@dataclass
class Chunk:
    """Several consecutive files parsed together: one result to pass between processes."""

    files: list[FileOutcome]
    raw: pa.Table
    quarantine: pa.Table
    observations: pa.Table


def pool_size(sizes: list[int], workers: int | None) -> int:
    """Processes to parse with: 1 (in this process) unless there is enough work to share."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if sum(sizes) < POOL_MIN_BYTES or len(sizes) < 2:
        return 1
    return max(workers, 1)


def parsed(
    files: list[tuple[Path, str, int]], source: str, ctx, workers: int
) -> Iterator[Chunk]:
    """Parsed chunks of (path, display name, size) files in file order, by `workers` processes
    when more than one; at most a few chunks are parsed ahead of the consumer."""

    def jobs():
        chunk, size = [], 0
        for path, display, file_size in files:
            chunk.append((path, display))
            size += file_size
            if size >= CHUNK_BYTES:
                yield chunk, source, ctx
                chunk, size = [], 0
        if chunk:
            yield chunk, source, ctx

    large = [f for f in files if f[2] > STREAM_BYTES or _unpacks_large(f[0], f[2])]
    files = [f for f in files if f not in large]
    if workers > 1:
        # pyarrow imports pandas on its first conversion (~0.3 s): pay that once, before forking.
        pa.array([0])
    yield from process_map(parse_chunk, jobs(), workers, in_flight=workers * _IN_FLIGHT_PER_WORKER)
    for path, display, _ in large:
        yield from _streamed(path, display, source, ctx)


def _streamed(path: Path, display: str, source: str, ctx) -> Iterator[Chunk]:
    """A large file parsed here in batches of STREAM_ROWS records or STREAM_BATCH_BYTES of
    their JSON, its outcome in the last chunk: memory bounded by a batch, not by the file.
    A gzip file is unpacked to a temporary file first. A file of one array or one page is read
    window by window, JSON Lines line by line, a Telegram export message by message and CSV row
    by row, never whole (sources/streamed.py); one of another shape is read whole."""
    try:
        batches = _file_batches(path, display, source, ctx)
        first = next(batches)
    except Exception as exc:  # noqa: BLE001 - nothing of the file staged yet: it fails alone
        _, error = _failed(display, exc)
        yield Chunk([FileOutcome(display, 0, 0, None, error)], *_empty())
        return
    read = quarantined = 0
    newest = None
    try:
        for rows in chain([first], batches):
            read, quarantined = read + rows.records_read, quarantined + len(rows.quarantine)
            if rows.max_published_at and (newest is None or rows.max_published_at > newest):
                newest = rows.max_published_at
            tables = to_tables([rows])
            del rows
            yield Chunk([], tables.raw, tables.quarantine, tables.observations)
    except Exception as exc:  # noqa: BLE001 - part of it is staged: the snapshot must not commit
        raise UnreadableFile(_failed(display, exc)[1]) from None
    yield Chunk([FileOutcome(display, read, quarantined, newest)], *_empty())


def _file_batches(path: Path, display: str, source: str, ctx) -> Iterator:
    parser = PARSERS[parser_of(source)]
    # A gzip file is unpacked into a temporary file, within the unpacking limits, and read from
    # there as any large file: window by window where its shape allows.
    with opened_unpacked(path) as (f, problem):
        found = streamed_candidates(f, parser, ctx)
        data = None
        if found is None:
            f.seek(0)
            data = f.read()
        if problem is not None:
            found = chain(found or whole_candidates(parser, data, ctx),
                          gzip_problem_candidates(parser, problem))  # fmt: skip
        yield from file_row_batches(
            data, display, source, ctx, STREAM_ROWS, found, batch_bytes=STREAM_BATCH_BYTES
        )


def _unpacks_large(path: Path, size: int) -> bool:
    """Whether a gzip file may unpack past STREAM_BYTES: its trailer says so (the size of its
    last member, modulo 4 GiB), or it is packed too large to trust that."""
    try:
        with path.open("rb") as f:
            if f.read(2) != GZIP_MAGIC:
                return False
            if size > GZIP_STREAM_BYTES:
                return True
            f.seek(-4, os.SEEK_END)
            return int.from_bytes(f.read(4), "little") > STREAM_BYTES
    except OSError:
        return False  # the parse says what is wrong with it


def _empty() -> tuple[pa.Table, pa.Table, pa.Table]:
    tables = to_tables([])
    return tables.raw, tables.quarantine, tables.observations


def parse_file(path: Path, display: str, source: str, ctx):
    """(FileRows, None) or (None, one-line error naming the file): whatever is in the file."""
    try:
        return parse_snapshot_file(path.read_bytes(), display, source, ctx), None
    except Exception as exc:  # noqa: BLE001 - an input nobody foresaw costs this file only
        return _failed(display, exc)


def _failed(display: str, exc: Exception) -> tuple[None, str]:
    if isinstance(exc, UnreadableFile):
        return None, f"{display}: {exc}"
    if isinstance(exc, OSError):
        return None, f"{display}: cannot read the file ({exc.strerror or exc})"
    if isinstance(exc, MemoryError):
        return None, f"{display}: too large to read in the memory available"
    why = f"{type(exc).__name__}: {exc}"
    if len(why) > _ERROR_CHARS:
        why = why[:_ERROR_CHARS] + " …"
    return None, f"{display}: cannot be read ({why})"


def parse_chunk(job: tuple) -> Chunk:
    """(files [(path, display)], source, ctx) → one Chunk; also run by `payscope spark-load`."""
    paths, source, ctx = job
    rows, outcomes = [], []
    with collector_paused():
        for path, display in paths:
            file_rows, error = parse_file(path, display, source, ctx)
            if file_rows is None:
                outcomes.append(FileOutcome(display, 0, 0, None, error))
                continue
            rows.append(file_rows)
            outcomes.append(
                FileOutcome(
                    display,
                    file_rows.records_read,
                    len(file_rows.quarantine),
                    file_rows.max_published_at,
                )
            )
        tables = to_tables(rows)
        # Free the rows while the collector is off: it would otherwise walk them all on enable.
        del rows
    return Chunk(outcomes, tables.raw, tables.quarantine, tables.observations)
