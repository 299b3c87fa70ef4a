"""Snapshot files → raw → canonical, one transaction per snapshot, idempotent by file hash."""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa

from pipelines import __version__
from pipelines.batches import PARSERS, parse_snapshot_file, parser_of, to_tables
from pipelines.data_kind import DemoPolicy, Removed
from pipelines.db import run_sql_file, warehouse_file
from pipelines.framing import UnreadableFile
from pipelines.links import refresh_links
from pipelines.marts import refresh_dashboard_mart
from pipelines.parallel import process_map
from pipelines.snapshot_files import (
    CSV_SUFFIXES,
    JOBPOSTING_SUFFIXES,
    SnapshotPlan,
    display_path,
    file_sha256,
    manifest_time,
    plan_snapshots,
)
from pipelines.sources.csv.locate import mapping_for, split_source
from pipelines.sources.csv.mapping import Mapping

# Parse files in worker processes only when there is enough work to pay for starting them.
_POOL_MIN_BYTES = 16 * 1024 * 1024
_FILE_COLUMNS = (
    "path",
    "sha256",
    "bytes",
    "records_read",
    "records_loaded",
    "records_quarantined",
    "records_duplicate",
)
_CHUNK_BYTES = 4 * 1024 * 1024  # files parsed per job: large enough to amortise passing results
_INSERT_ROWS = 25_000  # rows staged per INSERT: bounds memory, keeps statements few
Progress = Callable[[int], None]  # called with the number of bytes just processed


@dataclass
class SnapshotResult:
    """The outcome of loading one snapshot; records_read = loaded + quarantined + duplicate."""

    path: str
    status: str  # 'loaded' | 'already_loaded' | 'failed'
    snapshot_id: int | None = None
    files: int = 0
    skipped_files: int = 0  # files whose content was loaded before
    records_read: int = 0
    records_loaded: int = 0
    records_quarantined: int = 0
    records_duplicate: int = 0
    fetched_at: datetime | None = None
    fetched_at_basis: str | None = None
    seconds: float = 0.0
    error: str | None = None
    quarantine_reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestReport:
    snapshots: list[SnapshotResult]
    replaced_demo: Removed | None = None  # the synthetic rows a real load took out

    @property
    def ok(self) -> bool:
        return all(s.status != "failed" for s in self.snapshots)

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.snapshots)


@dataclass
class _NewFile:
    path: Path
    display: str
    sha256: str
    size: int
    records_read: int = 0
    quarantined: int = 0


def ingest(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    source: str = "hh",
    as_of: datetime | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    mapping: Path | None = None,
) -> IngestReport:
    """Load every snapshot found under `paths`; each one commits or leaves no trace.

    `source="csv"` reads each snapshot with a column mapping: `mapping`, else the mapping.toml
    beside the data; every mapping is checked before anything loads (MappingError)."""
    source, mapping = split_source(source, mapping)  # 'csv:NAME' names a mapping
    if source not in PARSERS:
        raise ValueError(f"unknown source {source!r}; known: {', '.join(sorted(PARSERS))}")
    suffixes = {"csv": CSV_SUFFIXES, "jobposting": JOBPOSTING_SUFFIXES}.get(source)
    plans = plan_snapshots(paths, suffixes) if suffixes else plan_snapshots(paths)
    mappings = [mapping_for(p.path, mapping) if source == "csv" else None for p in plans]
    demo = DemoPolicy.start(con, plans, warehouse_file(con))
    results = []
    for plan, plan_mapping in zip(plans, mappings, strict=True):
        if refused := demo.refusal(plan, display_path(plan.path)):
            results.append(SnapshotResult(display_path(plan.path), "failed", error=refused))
            continue
        results.append(
            load_snapshot(con, plan, source, as_of, progress, workers, plan_mapping,
                          first=demo.hook(plan))
        )  # fmt: skip
        demo.loaded(results[-1].status)
    demo.finish(con)
    if any(r.status == "loaded" for r in results) or demo.removed:
        refresh_links(con)
        refresh_dashboard_mart(con)
    return IngestReport(results, demo.removed)


def load_snapshot(
    con: duckdb.DuckDBPyConnection,
    plan: SnapshotPlan,
    source: str,
    as_of: datetime | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    mapping: Mapping | None = None,
    first: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> SnapshotResult:
    """Load one snapshot in one transaction; `first` runs at its start (the demo's purge)."""
    started = time.perf_counter()
    if mapping is not None:
        source = mapping.source  # stored as 'csv:<name>'
    result = SnapshotResult(path=display_path(plan.path), status="loaded", files=len(plan.files))
    new_files, error = _new_files(con, plan, source)
    if error:
        result.status, result.error = "failed", error
        return result
    result.skipped_files = len(plan.files) - len(new_files)
    if not new_files:
        result.status = "already_loaded"
        if progress:
            progress(sum(p.stat().st_size for p in plan.files))
        return result
    manifest = plan.manifest or {}
    ctx = PARSERS[parser_of(source)].ParseContext(
        source=source,
        is_synthetic=bool(manifest.get("synthetic")),
        snapshot_rates=_rates(manifest),
        # A mapping may date the rows its file gives no date by the snapshot's time.
        **(
            {"mapping": mapping, "snapshot_time": manifest_time(plan.manifest, plan.path) or as_of}
            if mapping is not None
            else {}
        ),
        # Fields only one source reads from the manifest (telegram: the channel's username).
        **getattr(PARSERS[parser_of(source)], "context_from_manifest", lambda _: {})(manifest),
    )
    threads = con.execute("select current_setting('threads')").fetchall()[0][0]
    con.execute("begin transaction")
    try:
        if first is not None:
            first(con)
        snapshot_id = con.execute("select nextval('snapshot_id_seq')").fetchall()[0][0]
        _stage(con, snapshot_id, source, new_files, ctx, result, progress, workers)
    except UnreadableFile as exc:
        con.execute("rollback")
        result.status, result.error = "failed", str(exc)
        return result
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        # _stage may run DuckDB single-threaded; restoring after a rollback, not before it,
        # because an aborted transaction refuses every statement but ROLLBACK.
        con.execute(f"set threads = {int(threads)}")
    try:
        _publish(con, snapshot_id, source, plan, new_files, as_of, result, started)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return result


def _new_files(con, plan: SnapshotPlan, source: str) -> tuple[list[_NewFile], str | None]:
    """The plan's files whose content this warehouse has not loaded yet for this source."""
    # hashlib releases the GIL on large buffers, so threads hash several files at once.
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as pool:
        hashed = list(pool.map(_hashed, plan.files))
    files, seen = [], set()
    for path, digest, size, error in hashed:
        if error:
            return [], f"{display_path(path)}: cannot read the file ({error})"
        if digest not in seen:
            seen.add(digest)
            files.append(_NewFile(path, display_path(path), digest, size))
    known = {
        row[0]
        for row in run_sql_file(
            con, "load/known_files.sql", {"source": source, "hashes": [f.sha256 for f in files]}
        ).fetchall()
    }
    return [f for f in files if f.sha256 not in known], None


def _hashed(path: Path) -> tuple[Path, str | None, int, str | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return path, None, 0, exc.strerror or str(exc)
    return path, file_sha256(data), len(data), None


def _stage(con, snapshot_id, source, files, ctx, result, progress, workers) -> None:
    """Parse every file and stage its rows inside the open transaction."""
    workers = _pool_size(files, workers)
    if workers > 1:
        # The parsing processes keep every core busy; DuckDB's own threads would only contend.
        con.execute("set threads = 1")
    params = {"snapshot_id": snapshot_id, "source": source}
    by_display = {f.display: f for f in files}
    result.fetched_at = None
    pending: list[_Chunk] = []
    for chunk in _parsed(files, source, ctx, workers):
        pending.append(chunk)
        if sum(c.observations.num_rows + c.quarantine.num_rows for c in pending) >= _INSERT_ROWS:
            _insert(con, pending, params)
            pending = []
        reasons = chunk.quarantine.column("reason").to_pylist()
        result.quarantine_reasons.update(Counter(reasons))
        for display, records_read, quarantined, max_published_at in chunk.files:
            new_file = by_display[display]
            new_file.records_read, new_file.quarantined = records_read, quarantined
            result.records_read += records_read
            result.records_quarantined += quarantined
            if max_published_at and (
                result.fetched_at is None or max_published_at > result.fetched_at
            ):
                result.fetched_at = max_published_at
            if progress:
                progress(new_file.size)
    _insert(con, pending, params)


def _insert(con, chunks: list[_Chunk], params: dict) -> None:
    """Stage several files' rows with one statement per table: per-statement cost dominates."""
    if not chunks:
        return
    tables = {
        "batch_raw": pa.concat_tables([c.raw for c in chunks]),
        "batch_quarantine": pa.concat_tables([c.quarantine for c in chunks]),
        "batch_observations": pa.concat_tables([c.observations for c in chunks]),
    }
    for name, table in tables.items():
        con.register(name, table)
    try:
        run_sql_file(con, "load/insert_raw.sql", params)
        run_sql_file(con, "load/insert_quarantine.sql", params)
        run_sql_file(con, "load/insert_observations.sql", params)
    finally:
        for name in tables:
            _unregister(con, name)


def _unregister(con, name: str) -> None:
    # After a failed statement the transaction refuses everything but ROLLBACK, which the
    # caller issues; the original error must not be masked by this clean-up.
    with suppress(duckdb.Error):
        con.unregister(name)


@dataclass
class _Chunk:
    """Several consecutive files parsed together: one result to pass between processes."""

    files: list[tuple[str, int, int, datetime | None]]  # display, read, quarantined, newest date
    raw: pa.Table
    quarantine: pa.Table
    observations: pa.Table


def _pool_size(files: list[_NewFile], workers: int | None) -> int:
    """Processes to parse with: 1 (in this process) unless there is enough work to share."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if sum(f.size for f in files) < _POOL_MIN_BYTES or len(files) < 2:
        return 1
    return max(workers, 1)


def _parsed(files: list[_NewFile], source: str, ctx, workers: int) -> Iterator[_Chunk]:
    """Parsed chunks of files in file order, by `workers` processes when more than one."""
    jobs, chunk, size = [], [], 0
    for f in files:
        chunk.append((f.path, f.display))
        size += f.size
        if size >= _CHUNK_BYTES:
            jobs.append((chunk, source, ctx))
            chunk, size = [], 0
    if chunk:
        jobs.append((chunk, source, ctx))
    if workers > 1:
        # pyarrow imports pandas on its first conversion (~0.3 s): pay that once, before forking.
        pa.array([0])
    yield from process_map(_parse_chunk, jobs, workers)


def _parse_chunk(job: tuple) -> _Chunk:
    paths, source, ctx = job
    files = []
    with _gc_paused():
        for path, display in paths:
            try:
                files.append(parse_snapshot_file(path.read_bytes(), display, source, ctx))
            except UnreadableFile as exc:
                raise UnreadableFile(f"{display}: {exc}") from None
        tables = to_tables(files)
        counts = [(f.file, f.records_read, len(f.quarantine), f.max_published_at) for f in files]
        # Free the rows while the collector is off: it would otherwise walk them all on enable.
        del files
    return _Chunk(
        files=counts,
        raw=tables.raw,
        quarantine=tables.quarantine,
        observations=tables.observations,
    )


@contextmanager
def _gc_paused():
    """Parsing builds millions of short-lived containers; the cyclic GC only slows it down."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _publish(con, snapshot_id, source, plan, files, as_of, result, started) -> None:
    """De-duplicate, record the snapshot and its files, refresh the latest vacancy states."""
    fetched_at, basis = _fetched_at(plan, as_of, result.fetched_at)
    result.snapshot_id, result.fetched_at, result.fetched_at_basis = snapshot_id, fetched_at, basis
    params = {"snapshot_id": snapshot_id}
    run_sql_file(con, "load/publish_observations.sql", params)
    counts = {
        file: (loaded, duplicate)
        for file, loaded, duplicate in run_sql_file(con, "load/file_counts.sql", params).fetchall()
    }
    rows = []
    for f in files:
        loaded, duplicate = counts.get(f.display, (0, 0))
        result.records_loaded += loaded
        result.records_duplicate += duplicate
        rows.append((f.display, f.sha256, f.size, f.records_read, loaded, f.quarantined, duplicate))
    con.register(
        "batch_files",
        pa.Table.from_pylist([dict(zip(_FILE_COLUMNS, row, strict=True)) for row in rows])
        if rows
        else pa.table({c: [] for c in _FILE_COLUMNS}),
    )
    try:
        run_sql_file(con, "load/insert_snapshot_files.sql", params | {"source": source})
    finally:
        _unregister(con, "batch_files")
    run_sql_file(
        con,
        "load/insert_snapshot.sql",
        {
            "snapshot_id": snapshot_id,
            "source": source,
            "path": result.path,
            "sha256": file_sha256("\n".join(f"{f.display}\t{f.sha256}" for f in files).encode()),
            "fetched_at": fetched_at,
            "fetched_at_basis": basis,
            "is_synthetic": bool((plan.manifest or {}).get("synthetic")),
            "files": len(files),
            "records_read": result.records_read,
            "records_loaded": result.records_loaded,
            "records_quarantined": result.records_quarantined,
            "records_duplicate": result.records_duplicate,
            "loaded_at": datetime.now(UTC).replace(tzinfo=None),
            "load_seconds": 0.0,
            "manifest": orjson.dumps(plan.manifest).decode() if plan.manifest else None,
            "payscope_version": __version__,
        },
    )
    run_sql_file(con, "canonical/refresh_current.sql", params)
    result.seconds = time.perf_counter() - started
    con.execute(
        "update snapshots set load_seconds = $seconds where snapshot_id = $snapshot_id",
        params | {"seconds": result.seconds},
    )


def _fetched_at(plan: SnapshotPlan, as_of, max_published_at) -> tuple[datetime, str]:
    """Snapshot time: the manifest's, else --as-of, else the newest published_at in the files."""
    from_manifest = manifest_time(plan.manifest, plan.path)
    if from_manifest is not None:
        return from_manifest, "manifest"
    if as_of is not None:
        return as_of, "as_of"
    if max_published_at is not None:
        return max_published_at, "max_published_at"
    return datetime.now(UTC).replace(tzinfo=None), "load_time"


def _rates(manifest: dict) -> tuple[tuple[str, float], ...] | None:
    """RUB per unit of currency, as the manifest states them (`rates_rub_per_unit`)."""
    rates = manifest.get("rates_rub_per_unit")
    if not isinstance(rates, dict):
        return None
    valid = {
        str(code).upper(): float(rate)
        for code, rate in rates.items()
        if isinstance(rate, int | float) and not isinstance(rate, bool) and rate > 0
    }
    return tuple(sorted(valid.items())) or None
