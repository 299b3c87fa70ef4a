"""Keep `vacancy_features` in step with `vacancies`: extract for new and changed vacancies only."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from pipelines.core.crash_points import crash_point
from pipelines.core.parallel import collector_paused, process_map
from pipelines.core.resources import bounded_memory
from pipelines.warehouse import derived
from pipelines.warehouse.db import ROW_GROUP_ROWS, read_sql, registered, run_sql_file, transaction

if TYPE_CHECKING:  # the extractors are imported where they run: `payscope --help` skips them
    from pipelines.features.records import VacancyFeatures

# Bump when the extractors change what they produce: every row is then rebuilt.
EXTRACTOR_VERSION = 3
# A worker's job: vacancies read _READ_ROWS at a time and grouped to _BATCH_ROWS, or fewer when
# they pass _BATCH_BYTES: 5 000 detail documents of 28 KB made jobs of 275 MB, and a worker
# process of 1.6 GB.
_READ_ROWS = 1_000
_BATCH_ROWS = 5_000
_BATCH_BYTES = 32 * 2**20
_COMMIT_ROWS = ROW_GROUP_ROWS  # features rows per transaction (see update_features)
_UPSERT_ROWS = 25_000  # features rows per upsert statement
_POOL_MIN_ROWS = 20_000  # below this, starting worker processes costs more than it saves
_POOL_MIN_BYTES = 4 * _BATCH_BYTES  # … unless the vacancies are long: then they are worth it

_LANGUAGE = pa.struct([("name", pa.string()), ("level", pa.string()), ("required", pa.bool_())])
SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("vacancy_id", pa.string()),
        ("last_snapshot_id", pa.int32()),
        ("sector", pa.string()),
        ("role_family", pa.string()),
        ("languages", pa.list_(_LANGUAGE)),
        ("schedule", pa.string()),
        ("shift_pattern", pa.string()),
        ("night_shifts", pa.bool_()),
        ("work_format", pa.string()),
        ("part_time_hours", pa.float64()),
        ("experience", pa.string()),
        ("employment", pa.string()),
        ("provenance", pa.list_(pa.struct([("key", pa.string()), ("value", pa.string())]))),
        ("requirements", pa.list_(pa.string())),
        ("duties", pa.list_(pa.string())),
        ("tools", pa.list_(pa.string())),
        ("conditions", pa.list_(pa.string())),
        ("load_chats_at_once", pa.float64()),
        ("load_requests_per_shift", pa.float64()),
        ("load_requests_per_hour", pa.float64()),
    ]
)


@dataclass
class FeatureUpdate:
    built: int
    seconds: float


def update_features(
    con: duckdb.DuckDBPyConnection,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> FeatureUpdate:
    """Extract features for every stale vacancy, committed every _COMMIT_ROWS; returns how many.

    Under the loads' DuckDB memory limit: reading the stale vacancies groups their raw records
    per vacancy, which at 400 000 vacancies reached 1.5 GB of memory under DuckDB's default
    limit (80 % of RAM) before the first batch came out; past the limit it spills to disk."""
    with bounded_memory(con):
        return _update_features(con, progress, workers)


def _update_features(con, progress, workers) -> FeatureUpdate:
    started = time.perf_counter()
    params = {"extractor_version": EXTRACTOR_VERSION}
    # The stale vacancies (descriptions included) are read in batches through a cursor of their
    # own, so memory does not grow with how many there are (400 000 after a large load).
    reader = con.cursor()
    try:
        stale = reader.sql(read_sql("features/stale.sql"), params=params)
        batches = stale.to_arrow_reader(_READ_ROWS)
        first = _take(batches, _POOL_MIN_ROWS, _POOL_MIN_BYTES)
        built = 0
        if not first:
            reader.close()
            derived.rebuild_stale(con)  # what a killed run left behind, if anything
            return FeatureUpdate(0, time.perf_counter() - started)
        with transaction(con):
            # Marked first: a run killed after a commit below leaves the mart behind, and marked
            # stale the next run rebuilds it.
            derived.mark(con, derived.MART)  # the mart reads the features
        with transaction(con):
            since_commit = 0
            extracted = _extracted(first, batches, workers)
            del first  # the batches are freed as the workers take them
            for tables in _grouped(extracted, _UPSERT_ROWS):
                written = _upsert(con, tables, params)
                built, since_commit = built + written, since_commit + written
                if since_commit >= _COMMIT_ROWS:
                    # DuckDB holds a transaction's new rows in memory until its commit: committed
                    # in parts, 400 000 vacancies' features peak like 120 000 do. Each row is
                    # whole on its own; a killed run's rerun extracts only what is still stale.
                    con.execute("commit")
                    con.execute("begin transaction")
                    since_commit = 0
                if progress:
                    progress(written)
    finally:
        reader.close()
    crash_point("features.committed")
    derived.rebuild_stale(con)  # the mart, and the links when a load left them to us
    return FeatureUpdate(built, time.perf_counter() - started)


def _grouped(parts: Iterable, rows: int, nbytes: float = math.inf) -> Iterator[list]:
    """Consecutive Arrow tables or batches in groups of at least `rows` rows or `nbytes` bytes,
    in order; the last group what is left."""
    group: list = []
    size = weight = 0
    for part in parts:
        group.append(part)
        size, weight = size + part.num_rows, weight + part.nbytes
        if size >= rows or weight >= nbytes:
            yield group
            group, size, weight = [], 0, 0
    if group:
        yield group


def _upsert(con: duckdb.DuckDBPyConnection, tables: list[pa.Table], params: dict) -> int:
    """Write the extracted rows with one statement pair: DuckDB's cost is mostly per statement
    (5 000-row statements took 1.5 s for 200 000 vacancies, one took 0.9 s)."""
    table = pa.concat_tables(tables)
    with registered(con, batch_features=table):
        run_sql_file(con, "features/upsert.sql", params)
    crash_point("features.batch")
    return table.num_rows


def _take(batches: pa.RecordBatchReader, rows: int, nbytes: int) -> list[pa.RecordBatch]:
    """Batches from the reader until `rows` rows or `nbytes` bytes (at least one batch) are in
    hand, or it ends."""
    taken: list[pa.RecordBatch] = []
    while not taken or (_rows(taken) < rows and _bytes(taken) < nbytes):
        try:
            batch = batches.read_next_batch()
        except StopIteration:
            break
        if batch.num_rows:
            taken.append(batch)
    return taken


def _rows(batches: list[pa.RecordBatch]) -> int:
    return sum(b.num_rows for b in batches)


def _bytes(batches: list[pa.RecordBatch]) -> int:
    return sum(b.nbytes for b in batches)


def _extracted(
    first: list[pa.RecordBatch], rest: pa.RecordBatchReader, workers: int | None
) -> Iterator[pa.Table]:
    # Batches go to the workers as Arrow, which pickles as its buffers: made into Python dicts
    # here, pickled and unpickled, they cost this process 1.6 s more per 200 000 vacancies and
    # the workers 0.5 s more (and Python dicts of every stale vacancy would take several times
    # the memory of the batches: one batch at a time, a few ahead of the upserts).
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if _rows(first) < _POOL_MIN_ROWS and _bytes(first) < _POOL_MIN_BYTES:
        workers = 1  # the reader ended before this many: too few to pay for starting workers
    if workers > 1:
        from pipelines.features.text import lemmas

        lemmas("прогрев")  # load the morphology dictionaries once, before forking
    batches = chain(first, rest)
    del first  # held by the chain only until it moves past them
    # Grouped, not sliced: a slice of an Arrow batch pickles with the whole of its buffers.
    jobs = _grouped(batches, _BATCH_ROWS, _BATCH_BYTES)
    yield from process_map(features_table, jobs, workers, in_flight=2 * workers)


def features_table(batches: list[pa.RecordBatch]) -> pa.Table:
    """Batches of features/stale.sql's rows → vacancy_features rows as Arrow."""
    from pipelines.features.extract import extract_features
    from pipelines.features.records import VacancyInput

    out = []
    # Vacancies that read the same are extracted once: the extractors are pure, and real
    # exports repeat themselves (of the 39 271 real sample vacancies, 24 000 are distinct: CSV
    # exports of ids and titles hold «Системный администратор» 1 312 times; 36 % of a job's
    # rows were repeats). Keyed by the whole input, so equal keys are equal vacancies.
    seen: dict[VacancyInput, VacancyFeatures] = {}
    with collector_paused():
        for batch in batches:
            rows = batch.to_pylist()
            for row in rows:
                vacancy = VacancyInput.from_row(row)
                found = seen.get(vacancy)
                if found is None:
                    found = seen[vacancy] = extract_features(vacancy)
                out.append(_features_row(row, found))
            # Freed while the collector is off: it would otherwise walk them all on enable.
            del rows
        seen.clear()
    return pa.Table.from_pylist(out, schema=SCHEMA)


def _features_row(row: dict, found: VacancyFeatures) -> dict:
    """One vacancy_features row (SCHEMA's columns) as a dict."""
    return {
        "source": row["source"],
        "vacancy_id": row["vacancy_id"],
        "last_snapshot_id": row["last_snapshot_id"],
        "sector": found.sector,
        "role_family": found.role_family,
        "languages": [lang._asdict() for lang in found.languages],
        "schedule": found.schedule,
        "shift_pattern": found.shift_pattern,
        "night_shifts": found.night_shifts,
        "work_format": found.work_format,
        "part_time_hours": found.part_time_hours,
        "experience": found.experience,
        "employment": found.employment,
        "provenance": [{"key": k, "value": v} for k, v in (found.provenance or {}).items() if v],
        "requirements": list(found.requirements),
        "duties": list(found.duties),
        "tools": list(found.tools),
        "conditions": list(found.conditions),
        "load_chats_at_once": found.request_load.chats_at_once,
        "load_requests_per_shift": found.request_load.requests_per_shift,
        "load_requests_per_hour": found.request_load.requests_per_hour,
    }
