"""What the Spark executors run: the loader's own code, per file chunk and per key bucket.

Stage 1 (`parse_rows`): a chunk of one snapshot's files → load_parse.parse_chunk, the loader's
parser (sources/, normalise/, quarantine) → its raw, quarantine and observation rows cut into
buckets by a stable hash of (source, vacancy_id), each bucket's rows one Arrow IPC blob.
Stage 2 (`bucket_rows`, after Spark has gathered each bucket in one task): an in-memory DuckDB
warehouse gets the bucket's rows snapshot by snapshot with the loader's SQL (insert, the
within-snapshot de-duplication, the latest state), then feature_store.update_features, then
the export SQL writes its Parquet files. A vacancy's every record is in one bucket, so each
rule sees all it needs."""

from __future__ import annotations

import shutil
import zlib
from collections import defaultdict
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.compute as pc

STAGE1_SCHEMA = "bucket int, kind string, snapshot_id int, payload binary"
STAGE2_SCHEMA = "kind string, name string, snapshot_id int, a long, b long"
ROW_TABLES = ("vacancies", "vacancy_observations", "vacancy_features", "quarantine")
_KINDS = ("raw", "quarantine", "observations")


def bucket_of(source: str, key: str, buckets: int) -> int:
    """A stable bucket for a vacancy (crc32: the same on every machine and Python run)."""
    return zlib.crc32(f"{source}\x1f{key}".encode()) % buckets


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _table(blob: bytes) -> pa.Table:
    return pa.ipc.open_stream(blob).read_all()


def parse_rows(jobs: list[tuple], buckets: int):
    """mapInArrow function of stage 1 over a frame of job numbers (column `id`)."""
    from pipelines.warehouse.load_parse import parse_chunk

    def run(batches):
        for batch in batches:
            for number in batch.column("id").to_pylist():
                snapshot_id, source, ctx, files = jobs[number]
                chunk = parse_chunk((files, source, ctx))
                rows = [(-1, "file", snapshot_id, orjson.dumps([o.__dict__ for o in chunk.files]))]
                for kind in _KINDS:
                    table = getattr(chunk, kind)
                    rows.extend(
                        (b, kind, snapshot_id, _ipc(part))
                        for b, part in _by_bucket(table, source, buckets)
                    )
                yield pa.RecordBatch.from_pylist(
                    [dict(zip(("bucket", "kind", "snapshot_id", "payload"), r, strict=True))
                     for r in rows],
                    schema=_STAGE1_ARROW,
                )  # fmt: skip

    return run


_STAGE1_ARROW = pa.schema(
    [("bucket", pa.int32()), ("kind", pa.string()), ("snapshot_id", pa.int32()),
     ("payload", pa.binary())]
)  # fmt: skip
_STAGE2_ARROW = pa.schema(
    [("kind", pa.string()), ("name", pa.string()), ("snapshot_id", pa.int32()),
     ("a", pa.int64()), ("b", pa.int64())]
)  # fmt: skip


def _by_bucket(table: pa.Table, source: str, buckets: int):
    if not table.num_rows:
        return
    ids = table.column("vacancy_id").to_pylist()
    records = table.column("record_no").to_pylist()
    files = table.column("file").to_pylist()
    # A quarantined record may have no id: its bucket follows its place in the file instead.
    keys = pa.array(
        [bucket_of(source, v if v is not None else f"{f}#{r}", buckets)
         for v, f, r in zip(ids, files, records, strict=True)],
        pa.int32(),
    )  # fmt: skip
    for b in sorted(set(keys.to_pylist())):
        yield b, table.filter(pc.equal(keys, b))


def bucket_rows(snapshots: dict[int, dict], work: str):
    """mapInArrow function of stage 2: each task's buckets through the loader's SQL into
    Parquet under `work`/p<partition>/<table>/…; yields per-file (loaded, duplicate) counts and
    the rows written per table."""

    def run(batches):
        from pyspark import TaskContext

        blobs: dict[tuple[int, str], list[bytes]] = defaultdict(list)
        for batch in batches:
            for snapshot_id, kind, payload in zip(
                batch.column("snapshot_id").to_pylist(),
                batch.column("kind").to_pylist(),
                batch.column("payload").to_pylist(),
                strict=True,
            ):
                blobs[(snapshot_id, kind)].append(payload)
        if not blobs:
            return
        target = Path(work) / f"p{TaskContext.get().partitionId():05d}"
        shutil.rmtree(target, ignore_errors=True)  # a retried task starts again
        target.mkdir(parents=True)
        out = _load_bucket(blobs, snapshots, target)
        yield pa.RecordBatch.from_pylist(out, schema=_STAGE2_ARROW)

    return run


def _load_bucket(blobs, snapshots: dict[int, dict], target: Path) -> list[dict]:
    import duckdb

    from pipelines.warehouse.db import migrate, registered, run_sql_file
    from pipelines.warehouse.feature_store import update_features

    con = duckdb.connect()
    con.execute("set threads = 1")  # one core per task; a fixed row order for the same input
    migrate(con)
    for row in snapshots.values():
        run_sql_file(con, "load/insert_snapshot.sql", row)
    out = []
    for snapshot_id in sorted({s for s, _ in blobs}):
        params = {"snapshot_id": snapshot_id, "source": snapshots[snapshot_id]["source"]}
        batches = {}
        for kind in _KINDS:
            parts = [_table(b) for b in blobs.get((snapshot_id, kind), [])]
            table = pa.concat_tables(parts) if parts else _empty(kind)
            # Shuffles deliver blocks in any order: the loader's order is the files' order.
            batches[f"batch_{kind}"] = table.sort_by([("file", "ascending"),
                                                      ("record_no", "ascending")])  # fmt: skip
        with registered(con, **batches):
            for kind in _KINDS:
                run_sql_file(con, f"load/insert_{kind}.sql", params)
        run_sql_file(con, "load/publish_observations.sql", params)
        for file, loaded, duplicate in run_sql_file(con, "load/file_counts.sql", params).fetchall():
            out.append({"kind": "counts", "name": file, "snapshot_id": snapshot_id,
                        "a": loaded, "b": duplicate})  # fmt: skip
        run_sql_file(con, "canonical/refresh_current.sql", params)
    update_features(con, workers=1)
    for name in ROW_TABLES:
        rows = run_sql_file(con, f"export/{name}.sql", {"target": str(target / name)})
        written = rows.fetchall()[0][0]
        out.append({"kind": "rows", "name": name, "snapshot_id": None, "a": written, "b": 0})
    con.close()
    return out


def _empty(kind: str) -> pa.Table:
    from pipelines.sources.batches import to_tables

    return getattr(to_tables([]), kind)
