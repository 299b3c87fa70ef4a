"""Publishing a staged snapshot: de-duplicate, record it and its files, refresh the latest
vacancy states; and the snapshot's time."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import orjson
import pyarrow as pa

from pipelines import __version__
from pipelines.sources.snapshot_files import SnapshotPlan, file_sha256, manifest_time
from pipelines.warehouse import derived
from pipelines.warehouse.db import registered, run_sql_file

_FILE_COLUMNS = (
    "path",
    "sha256",
    "bytes",
    "records_read",
    "records_loaded",
    "records_quarantined",
    "records_duplicate",
)


def publish(con, snapshot_id, source, plan, files, as_of, result, started) -> None:
    """De-duplicate, record the snapshot and its files, refresh the latest vacancy states."""
    fetched_at, basis = snapshot_fetched_at(plan, as_of, result.fetched_at)
    result.snapshot_id, result.fetched_at, result.fetched_at_basis = snapshot_id, fetched_at, basis
    params = {"snapshot_id": snapshot_id}
    run_sql_file(con, "load/publish_observations.sql", params)
    derived.mark(con, derived.LINKS, derived.MART)  # rebuilt after the commit
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
    batch_files = (
        pa.Table.from_pylist([dict(zip(_FILE_COLUMNS, row, strict=True)) for row in rows])
        if rows
        else pa.table({c: [] for c in _FILE_COLUMNS})
    )
    with registered(con, batch_files=batch_files):
        run_sql_file(con, "load/insert_snapshot_files.sql", params | {"source": source})
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


def snapshot_fetched_at(plan: SnapshotPlan, as_of, max_published_at) -> tuple[datetime, str]:
    """Snapshot time: the manifest's, else --as-of, else the newest published_at in the files."""
    from_manifest = manifest_time(plan.manifest, plan.path)
    if from_manifest is not None:
        return from_manifest, "manifest"
    if as_of is not None:
        return as_of, "as_of"
    if max_published_at is not None:
        return max_published_at, "max_published_at"
    return datetime.now(UTC).replace(tzinfo=None), "load_time"


def rates(manifest: dict) -> tuple[tuple[str, float], ...] | None:
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
