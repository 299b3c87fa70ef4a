"""Snapshot files → raw → canonical, one transaction per snapshot, idempotent by file hash."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.core.crash_points import crash_point
from pipelines.core.gunzip import UnpackLimits
from pipelines.core.resources import bounded_memory
from pipelines.sources.batches import PARSERS, parser_of
from pipelines.sources.csv.locate import mapping_for, split_source
from pipelines.sources.csv.mapping import Mapping
from pipelines.sources.framing import UnreadableFile
from pipelines.sources.snapshot_files import (
    CSV_SUFFIXES,
    JOBPOSTING_SUFFIXES,
    SnapshotPlan,
    display_path,
    file_sha256,
    manifest_time,
    plan_snapshots,
)
from pipelines.warehouse.data_kind import DemoPolicy
from pipelines.warehouse.db import rollback, run_sql_file, warehouse_file
from pipelines.warehouse.derived import rebuild_stale
from pipelines.warehouse.load_parse import Chunk, parsed, pool_size
from pipelines.warehouse.load_publish import publish, rates
from pipelines.warehouse.load_report import IngestReport, SnapshotResult

_INSERT_ROWS = 25_000  # rows staged per INSERT: bounds memory, keeps statements few
Progress = Callable[[int], None]  # called with the number of bytes just processed


@dataclass
class _NewFile:
    path: Path
    display: str
    sha256: str
    size: int
    records_read: int = 0
    quarantined: int = 0
    failed: bool = False


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
    UnpackLimits.from_env()  # a bad limit setting is a usage error (ValueError), not a file's
    suffixes = {"csv": CSV_SUFFIXES, "jobposting": JOBPOSTING_SUFFIXES}.get(source)
    plans = plan_snapshots(paths, suffixes) if suffixes else plan_snapshots(paths)
    mappings = [mapping_for(p.path, mapping) if source == "csv" else None for p in plans]
    with bounded_memory(con):
        return _ingest(con, plans, mappings, source, as_of, progress, workers)


def _ingest(con, plans, mappings, source, as_of, progress, workers) -> IngestReport:
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
    # Marked stale by what just loaded, or left so by a killed run: links, then the mart.
    rebuild_stale(con)
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
    """Load one snapshot in one transaction; `first` runs at its start (the demo's purge).

    Files saved together without a manifest load file by file: one that cannot be read is
    reported in one line and the others load. A manifest's snapshot is one fetch, complete or
    refused whole."""
    started = time.perf_counter()
    if mapping is not None:
        source = mapping.source  # stored as 'csv:<name>'
    result = SnapshotResult(path=display_path(plan.path), status="loaded", files=len(plan.files))
    tolerant = plan.manifest is None
    new_files, errors = _new_files(con, plan, source)
    if errors and not tolerant:
        result.status, result.error = "failed", errors[0]
        return result
    result.file_errors = errors
    result.skipped_files = len(plan.files) - len(new_files) - len(errors)
    if not new_files:
        failed = errors and not result.skipped_files
        result.status = "failed" if failed else "already_loaded"
        result.error = _joined(errors) if failed else None
        if progress:
            progress(sum(p.stat().st_size for p in plan.files if p.is_file()))
        return result
    ctx = parse_context(source, plan, mapping, as_of)
    threads = con.execute("select current_setting('threads')").fetchall()[0][0]
    con.execute("begin transaction")
    try:
        if first is not None:
            first(con)
        snapshot_id = con.execute("select nextval('snapshot_id_seq')").fetchall()[0][0]
        crash_point("ingest.begin")
        _stage(con, snapshot_id, source, new_files, ctx, result, progress, workers, tolerant)
        loaded_files = [f for f in new_files if not f.failed]
        if not loaded_files:
            raise UnreadableFile(_joined(result.file_errors))
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
        publish(con, snapshot_id, source, plan, loaded_files, as_of, result, started)
        crash_point("ingest.commit")
        con.execute("commit")
        crash_point("ingest.committed")
    except BaseException:
        rollback(con)
        raise
    return result


def parse_context(source: str, plan: SnapshotPlan, mapping: Mapping | None, as_of: datetime | None):
    """The parser's context for one snapshot of `source` (its stored name, e.g. 'csv:shop')."""
    manifest = plan.manifest or {}
    parser = PARSERS[parser_of(source)]
    return parser.ParseContext(
        source=source,
        is_synthetic=bool(manifest.get("synthetic")),
        snapshot_rates=rates(manifest),
        # A mapping may date the rows its file gives no date by the snapshot's time.
        **(
            {"mapping": mapping, "snapshot_time": manifest_time(plan.manifest, plan.path) or as_of}
            if mapping is not None
            else {}
        ),
        # Fields only one source reads from the manifest (telegram: the channel's username).
        **getattr(parser, "context_from_manifest", lambda _: {})(manifest),
    )


def _joined(errors: list[str]) -> str | None:
    if not errors:
        return None
    if len(errors) == 1:
        return errors[0]
    return f"{errors[0]} (and {len(errors) - 1} more file(s) that could not be read)"


def _new_files(con, plan: SnapshotPlan, source: str) -> tuple[list[_NewFile], list[str]]:
    """The plan's files whose content this warehouse has not loaded yet for this source, and
    one line per file that cannot be read."""
    # hashlib releases the GIL on large buffers, so threads hash several files at once.
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as pool:
        hashed = list(pool.map(_hashed, plan.files))
    files, seen, errors = [], set(), []
    for path, digest, size, error in hashed:
        if error:
            errors.append(f"{display_path(path)}: cannot read the file ({error})")
        elif digest not in seen:
            seen.add(digest)
            files.append(_NewFile(path, display_path(path), digest, size))
    known = {
        row[0]
        for row in run_sql_file(
            con, "load/known_files.sql", {"source": source, "hashes": [f.sha256 for f in files]}
        ).fetchall()
    }
    return [f for f in files if f.sha256 not in known], errors


def _hashed(path: Path) -> tuple[Path, str | None, int, str | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return path, None, 0, exc.strerror or str(exc)
    return path, file_sha256(data), len(data), None


def _stage(con, snapshot_id, source, files, ctx, result, progress, workers, tolerant) -> None:
    """Parse every file and stage its rows inside the open transaction."""
    workers = pool_size([f.size for f in files], workers)
    if workers > 1:
        # The parsing processes keep every core busy; DuckDB's own threads would only contend.
        con.execute("set threads = 1")
    params = {"snapshot_id": snapshot_id, "source": source}
    by_display = {f.display: f for f in files}
    result.fetched_at = None
    pending: list[Chunk] = []
    jobs = [(f.path, f.display, f.size) for f in files]
    for chunk in parsed(jobs, source, ctx, workers):
        pending.append(chunk)
        if sum(c.observations.num_rows + c.quarantine.num_rows for c in pending) >= _INSERT_ROWS:
            _insert(con, pending, params)
            pending = []
        reasons = chunk.quarantine.column("reason").to_pylist()
        result.quarantine_reasons.update(Counter(reasons))
        for outcome in chunk.files:
            new_file = by_display[outcome.display]
            if progress:
                progress(new_file.size)
            if outcome.error:
                if not tolerant:
                    raise UnreadableFile(outcome.error)
                new_file.failed = True
                result.file_errors.append(outcome.error)
                continue
            new_file.records_read, new_file.quarantined = outcome.records_read, outcome.quarantined
            result.records_read += outcome.records_read
            result.records_quarantined += outcome.quarantined
            if outcome.newest and (result.fetched_at is None or outcome.newest > result.fetched_at):
                result.fetched_at = outcome.newest
    _insert(con, pending, params)


def _insert(con, chunks: list[Chunk], params: dict) -> None:
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
        crash_point("ingest.insert")
    finally:
        for name in tables:
            _unregister(con, name)


def _unregister(con, name: str) -> None:
    # After a failed statement the transaction refuses everything but ROLLBACK, which the
    # caller issues; the original error must not be masked by this clean-up.
    with suppress(duckdb.Error):
        con.unregister(name)
