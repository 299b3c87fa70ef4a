"""`payscope spark-load`: snapshot files → a Parquet lake in the layout of `payscope export`,
with Spark running the loader's code (pipelines/spark/stages.py) and this driver the rest."""

from __future__ import annotations

import math
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipelines.core.atomic_write import staged_folder
from pipelines.spark.lake import finish_lake, gather_parts
from pipelines.spark.plan import PlannedSnapshot, plan_load, snapshot_row
from pipelines.spark.stages import STAGE1_SCHEMA, STAGE2_SCHEMA, bucket_rows, parse_rows
from pipelines.warehouse.export import MANIFEST, TABLES, check_target
from pipelines.warehouse.export_cleanup import export_running
from pipelines.warehouse.load_parse import CHUNK_BYTES

# Stage 2 gathers every record of a bucket in one task: about this many input bytes per bucket.
BUCKET_BYTES = 32 * 1024 * 1024
MIN_BUCKETS = 4


@dataclass
class SparkLoad:
    """What a run did: the snapshots, the lake's manifest and the seconds it took."""

    snapshots: list[PlannedSnapshot]
    manifest: dict | None
    seconds: float
    records_read: int


def spark_load(
    spark,
    paths: list[Path],
    out: Path,
    source: str | None = None,
    mapping: Path | None = None,
    as_of: datetime | None = None,
) -> SparkLoad:
    """Load every snapshot under `paths` into a new lake at `out`, replacing an earlier one
    whole (the lake is rebuilt from the given files, not appended to)."""
    started = time.perf_counter()
    check_target(out, None)
    snapshots = plan_load(paths, source, mapping, as_of)
    loading = [s for s in snapshots if s.snapshot_id is not None]
    out.parent.mkdir(parents=True, exist_ok=True)
    with export_running(out.parent, out.name, {*TABLES, MANIFEST}):
        with staged_folder(out) as staging:  # the export's own staging and swap
            manifest = _run(spark, loading, staging, as_of)
    read = sum(f.records_read for s in loading for f in s.files)
    return SparkLoad(snapshots, manifest, time.perf_counter() - started, read)


def _run(spark, loading: list[PlannedSnapshot], staging: Path, as_of) -> dict:
    total = sum(f.size for s in loading for f in s.files)
    buckets = max(MIN_BUCKETS, math.ceil(total / BUCKET_BYTES))  # from the input alone
    jobs = _jobs(loading)
    parsed = (
        spark.range(len(jobs), numPartitions=max(1, min(len(jobs), buckets * 4)))
        .mapInArrow(parse_rows(jobs, buckets), STAGE1_SCHEMA)
        .persist()
    )
    try:
        _take_outcomes(parsed, loading)
        good = [s for s in loading if s.status == "loaded"]
        rows = {s.snapshot_id: snapshot_row(s, as_of) for s in good}
        work = staging / "_parts"
        stage2 = (
            parsed.filter(parsed.kind != "file")
            .filter(parsed.snapshot_id.isin(list(rows) or [-1]))
            .repartition(buckets, "bucket")
            .mapInArrow(bucket_rows(rows, str(work)), STAGE2_SCHEMA)
            .collect()
        )
    finally:
        parsed.unpersist()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    written: dict[str, int] = defaultdict(int)
    for row in stage2:
        if row.kind == "counts":
            counts[row.snapshot_id][0] += row.a
            counts[row.snapshot_id][1] += row.b
        else:
            written[row.name] += row.a
    gather_parts(work, staging)
    final = [snapshot_row(s, as_of, tuple(counts[s.snapshot_id])) for s in good]
    return finish_lake(staging, final, dict(written), _lake_id(good))


def _jobs(loading: list[PlannedSnapshot]) -> list[tuple]:
    """(snapshot id, source, parse context, files) in chunks of about CHUNK_BYTES, as the
    loader hands files to its worker processes."""
    jobs = []
    for snap in loading:
        chunk, size = [], 0
        for f in snap.files:
            chunk.append((Path(f.path), f.display))
            size += f.size
            if size >= CHUNK_BYTES:
                jobs.append((snap.snapshot_id, snap.source, snap.ctx, chunk))
                chunk, size = [], 0
        if chunk:
            jobs.append((snap.snapshot_id, snap.source, snap.ctx, chunk))
    return jobs


def _take_outcomes(parsed, loading: list[PlannedSnapshot]) -> None:
    """Each file's outcome into its snapshot; a snapshot fails as the loader's would: with a
    manifest at its first unreadable file, without one when no file could be read."""
    import orjson

    by_id = {s.snapshot_id: s for s in loading}
    files = {(s.snapshot_id, f.display): f for s in loading for f in s.files}
    outcomes = parsed.filter(parsed.kind == "file").select("snapshot_id", "payload").collect()
    for row in outcomes:
        snap = by_id[row.snapshot_id]
        for o in orjson.loads(row.payload):
            f = files[(row.snapshot_id, o["display"])]
            f.records_read, f.quarantined, f.error = o["records_read"], o["quarantined"], o["error"]
            newest = datetime.fromisoformat(o["newest"]) if o["newest"] else None
            if f.error is None and newest and (snap.newest is None or newest > snap.newest):
                snap.newest = newest
    for snap in loading:
        errors = [f.error for f in snap.files if f.error]
        snap.errors.extend(errors)
        if errors and (not snap.tolerant or len(errors) == len(snap.files)):
            snap.status = "failed"


def _lake_id(good: list[PlannedSnapshot]) -> str:
    """The lake's identity (a model records it as `trained_on.warehouse_id`): derived from the
    loaded files' content, so the same input gives the same id on every run."""
    hashes = sorted(f"{s.source}:{f.sha256}" for s in good for f in s.files if f.error is None)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "payscope-lake:" + ",".join(hashes)))
