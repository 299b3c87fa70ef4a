"""Snapshot files → raw → canonical, idempotent by file hash: a snapshot is staged over several
transactions and published whole by a last one (load_stage.py)."""

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

from pipelines.core.crash_points import crash_point
from pipelines.core.gunzip import UnpackLimits
from pipelines.core.resources import bounded_memory
from pipelines.sources.batches import PARSERS, parser_of
from pipelines.sources.csv.mapping import Mapping
from pipelines.sources.framing import UnreadableFile
from pipelines.sources.snapshot_files import (
    SnapshotPlan,
    display_path,
    manifest_time,
    stream_sha256,
)
from pipelines.warehouse.data_kind import DemoPolicy
from pipelines.warehouse.db import rollback, run_sql_file, warehouse_file
from pipelines.warehouse.derived import rebuild_stale
from pipelines.warehouse.load_parse import parsed, pool_size
from pipelines.warehouse.load_plan import mappings_of, planned_snapshots
from pipelines.warehouse.load_publish import publish, rates
from pipelines.warehouse.load_report import IngestReport, SnapshotResult
from pipelines.warehouse.load_stage import Staging, discard, pending

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
    source: str | None = None,
    as_of: datetime | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    mapping: Path | None = None,
    derive: bool = True,
) -> IngestReport:
    """Load every snapshot found under `paths`; each one commits or leaves no trace.

    Each snapshot is read as `source`, else as the source its manifest.json names, else as
    hh.ru's (load_plan.py). A csv snapshot is read with a column mapping: `mapping`, else the
    mapping.toml beside the data; every mapping is checked before anything loads (MappingError).

    The links and the dashboard's mart are then rebuilt where the load left them stale; with
    `derive=False` they stay marked stale for a caller that builds features next, whose
    update_features rebuilds them once, after the features (the mart reads both): rebuilt here
    too, a 1 M-vacancy mart costs about 4.5 s more per command, and per source in a refresh."""
    planned = planned_snapshots(paths, source, mapping)
    UnpackLimits.from_env()  # a bad limit setting is a usage error (ValueError), not a file's
    mappings = mappings_of(planned)
    with bounded_memory(con):
        return _ingest(con, planned, mappings, as_of, progress, workers, derive)


def _ingest(con, planned, mappings, as_of, progress, workers, derive) -> IngestReport:
    # A load killed between its staging transactions left rows no reader sees: remove them.
    unfinished = pending(con)
    if unfinished:
        discard(con, [row[0] for row in unfinished])
    demo = DemoPolicy.start(con, [p.plan for p in planned], warehouse_file(con))
    results = []
    for snapshot, plan_mapping in zip(planned, mappings, strict=True):
        plan = snapshot.plan
        if refused := demo.refusal(plan, display_path(plan.path)):
            results.append(SnapshotResult(display_path(plan.path), "failed", error=refused))
            continue
        results.append(
            load_snapshot(con, plan, snapshot.source, as_of, progress, workers, plan_mapping,
                          first=demo.hook(plan))
        )  # fmt: skip
        demo.loaded(results[-1].status)
    demo.finish(con)
    if derive:
        # Marked stale by what just loaded, or left so by a killed run: links, then the mart.
        rebuild_stale(con)
    return IngestReport(results, demo.removed, [row[2] for row in unfinished])


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
    """Load one snapshot: staged over several transactions, published whole by a last one,
    which runs `first` at its start (the demo's purge); a failure removes what was staged.

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
    snapshot_id = con.execute("select nextval('snapshot_id_seq')").fetchall()[0][0]
    staging = Staging(con, snapshot_id, source, result.path)
    try:
        staging.begin()
        crash_point("ingest.begin")
        _stage(con, staging, new_files, ctx, result, progress, workers, tolerant)
        loaded_files = [f for f in new_files if not f.failed]
        if not loaded_files:
            raise UnreadableFile(_joined(result.file_errors))
        staging.finish()
    except UnreadableFile as exc:
        staging.discard()
        result.status, result.error = "failed", str(exc)
        return result
    except BaseException:
        _discard_quietly(staging)
        raise
    finally:
        # _stage may run DuckDB single-threaded; restoring after a rollback, not before it,
        # because an aborted transaction refuses every statement but ROLLBACK.
        con.execute(f"set threads = {int(threads)}")
    # The publishing transaction: the demo's purge, de-duplication, the snapshot's rows in
    # `snapshots` and `snapshot_files`, the latest vacancy states. Its commit shows it whole.
    con.execute("begin transaction")
    try:
        crash_point("ingest.publish")
        if first is not None:
            first(con)
        publish(con, snapshot_id, source, plan, loaded_files, as_of, result, started)
        crash_point("ingest.commit")
        con.execute("commit")
        crash_point("ingest.committed")
    except BaseException:
        rollback(con)
        _discard_quietly(staging)
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
        with path.open("rb") as f:
            # In blocks, not read whole: four threads each reading a large file whole held
            # four files in memory at once.
            digest = stream_sha256(f)
            size = f.tell()
    except OSError as exc:
        return path, None, 0, exc.strerror or str(exc)
    return path, digest, size, None


def _stage(con, staging: Staging, files, ctx, result, progress, workers, tolerant) -> None:
    """Parse every file and stage its rows over the snapshot's staging transactions."""
    workers = pool_size([f.size for f in files], workers)
    if workers > 1:
        # The parsing processes keep every core busy; DuckDB's own threads would only contend.
        con.execute("set threads = 1")
    by_display = {f.display: f for f in files}
    result.fetched_at = None
    jobs = [(f.path, f.display, f.size) for f in files]
    for chunk in parsed(jobs, staging.source, ctx, workers):
        staging.add(chunk)
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


def _discard_quietly(staging: Staging) -> None:
    """After an unforeseen failure (a full disk, an interrupt): remove what was staged if the
    warehouse lets us; if not, the pending row stays and the next ingest removes it."""
    with suppress(duckdb.Error):
        staging.discard()
