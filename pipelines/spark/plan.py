"""The driver's part before Spark runs: the loader's snapshot plan, each file's content hash
(a file whose content is already planned for the source loads once), the snapshot ids in the
loader's order, and each snapshot's parse context and time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import orjson

from pipelines import __version__
from pipelines.sources.snapshot_files import (
    SnapshotPlan,
    display_path,
    file_sha256,
)
from pipelines.warehouse.data_kind import DemoPolicy
from pipelines.warehouse.db import migrate
from pipelines.warehouse.load import parse_context
from pipelines.warehouse.load_plan import mappings_of, planned_snapshots
from pipelines.warehouse.load_publish import snapshot_fetched_at


@dataclass
class PlannedFile:
    path: str
    display: str
    sha256: str
    size: int
    records_read: int = 0
    quarantined: int = 0
    error: str | None = None


@dataclass
class PlannedSnapshot:
    """One snapshot to load; `snapshot_id` None when it loads nothing (`status` says why)."""

    plan: SnapshotPlan
    source: str  # as stored: 'csv:<mapping name>' for a CSV mapping
    ctx: object = None
    snapshot_id: int | None = None
    files: list[PlannedFile] = field(default_factory=list)
    status: str = "loaded"  # loaded | already_loaded | failed
    errors: list[str] = field(default_factory=list)
    newest: datetime | None = None  # the newest published_at read from its files

    @property
    def display(self) -> str:
        return display_path(self.plan.path)

    @property
    def tolerant(self) -> bool:
        """Files saved together without a manifest load file by file (as in the loader)."""
        return self.plan.manifest is None


def plan_load(
    paths: list[Path], source: str | None, mapping: Path | None, as_of: datetime | None
) -> list[PlannedSnapshot]:
    """Every snapshot under `paths` with its new files and id, as `payscope ingest` into a new
    warehouse would number them (ids are taken before parsing, as the loader takes them); each
    read as `source`, else as its manifest says, else as hh.ru's, as the loader reads it."""
    snapshots = planned_snapshots(paths, source, mapping)
    mappings = mappings_of(snapshots)
    policy = DemoPolicy.start(_empty_warehouse(), [s.plan for s in snapshots])
    known: set[tuple[str, str]] = set()
    planned, next_id = [], 1
    for snapshot, plan_mapping in zip(snapshots, mappings, strict=True):
        plan = snapshot.plan
        stored = plan_mapping.source if plan_mapping is not None else snapshot.source
        snap = PlannedSnapshot(plan, stored)
        planned.append(snap)
        if refused := policy.refusal(plan, snap.display):
            snap.status, snap.errors = "failed", [refused]
            continue
        files = _hashed_new(plan, stored, known, snap.errors)
        if snap.errors and not snap.tolerant:
            snap.status = "failed"
            continue
        if not files:
            snap.status = "failed" if snap.errors else "already_loaded"
            continue
        known.update((stored, f.sha256) for f in files)
        snap.files, snap.snapshot_id, next_id = files, next_id, next_id + 1
        snap.ctx = parse_context(stored, plan, plan_mapping, as_of)
    return planned


def _empty_warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    return con


def _hashed_new(plan, source, known, errors) -> list[PlannedFile]:
    files, seen = [], set()
    for path in plan.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.append(f"{display_path(path)}: cannot read the file ({exc.strerror or exc})")
            continue
        digest = file_sha256(data)
        if digest in seen or (source, digest) in known:
            continue
        seen.add(digest)
        files.append(PlannedFile(str(path), display_path(path), digest, len(data)))
    return files


def snapshot_row(snap: PlannedSnapshot, as_of: datetime | None, counts=(0, 0)) -> dict:
    """The parameters of load/insert_snapshot.sql for a parsed snapshot; `counts` are its
    (loaded, duplicate) records once the de-duplication has run."""
    fetched_at, basis = snapshot_fetched_at(snap.plan, as_of, snap.newest)
    loaded = [f for f in snap.files if f.error is None]
    manifest = snap.plan.manifest
    return {
        "snapshot_id": snap.snapshot_id,
        "source": snap.source,
        "path": snap.display,
        "sha256": file_sha256("\n".join(f"{f.display}\t{f.sha256}" for f in loaded).encode()),
        "fetched_at": fetched_at,
        "fetched_at_basis": basis,
        "is_synthetic": bool((manifest or {}).get("synthetic")),
        "files": len(loaded),
        "records_read": sum(f.records_read for f in loaded),
        "records_loaded": counts[0],
        "records_quarantined": sum(f.quarantined for f in loaded),
        "records_duplicate": counts[1],
        "loaded_at": datetime.now(UTC).replace(tzinfo=None),
        "load_seconds": 0.0,
        "manifest": orjson.dumps(manifest).decode() if manifest else None,
        "payscope_version": __version__,
    }
