"""Demo and real data never blend: which kind a warehouse holds, the demo replaced by the first
real load (in that load's transaction), a demo snapshot refused by a warehouse of real data."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from pipelines.sources.snapshot_files import SnapshotPlan
from pipelines.warehouse import derived
from pipelines.warehouse.db import run_sql_file, transaction

EMPTY, DEMO, REAL, MIXED = "empty", "demo", "real", "mixed"


def warehouse_kind(con: duckdb.DuckDBPyConnection) -> str:
    """'empty', 'demo' (only synthetic snapshots), 'real', or 'mixed' (a warehouse made before
    the two were kept apart; the next real load removes the demo from it)."""
    synthetic, real = run_sql_file(con, "data_kind/kinds.sql").fetchall()[0]
    if synthetic and real:
        return MIXED
    return DEMO if synthetic else REAL if real else EMPTY


def is_synthetic(plan: SnapshotPlan) -> bool:
    """A snapshot of `payscope demo`: its manifest says `"synthetic": true`."""
    return bool((plan.manifest or {}).get("synthetic"))


@dataclass
class Removed:
    """What replacing the demo took out of the warehouse."""

    snapshots: int = 0
    vacancies: int = 0
    observations: int = 0
    quarantined: int = 0

    def line(self) -> str:
        return (
            f"replaced the synthetic demo: removed {self.vacancies} demo vacancies "
            f"({self.observations} observations, {self.quarantined} quarantined records, "
            f"{self.snapshots} snapshots) with their features, links and dashboard rows"
        )


def purge_synthetic(con: duckdb.DuckDBPyConnection) -> Removed:
    """Delete every synthetic row from every layer, in the caller's open transaction."""
    counts = run_sql_file(con, "data_kind/synthetic_counts.sql").fetchall()[0]
    run_sql_file(con, "data_kind/purge_synthetic.sql").fetchall()
    return Removed(*counts)


def demo_refusal(path: str, warehouse: str | None = None) -> str:
    """Why a demo snapshot is not loaded here, and the command to use instead."""
    target = f" --db {other_db(warehouse)}" if warehouse else " --db data/demo.duckdb"
    return (
        f"{path}: a synthetic demo snapshot; this warehouse holds real data and the two are "
        f"never mixed. Load the demo into a warehouse of its own: payscope demo{target}"
    )


def other_db(warehouse: str) -> str:
    """A sibling file name for the demo, e.g. data/warehouse.duckdb → data/warehouse-demo.duckdb."""
    from pathlib import Path

    path = Path(warehouse)
    return str(path.with_name(f"{path.stem}-demo{path.suffix or '.duckdb'}"))


@dataclass
class DemoPolicy:
    """The rule applied over one ingest: real snapshots replace the demo (the first one that
    loads removes it in its own transaction); demo snapshots are refused where there is real
    data, or real data arriving in the same ingest."""

    kind: str
    real_arriving: bool
    warehouse: str | None = None
    removed: Removed | None = None
    _pending: bool = field(init=False, default=False)

    @classmethod
    def start(cls, con, plans: list[SnapshotPlan], warehouse: str | None = None) -> DemoPolicy:
        policy = cls(warehouse_kind(con), any(not is_synthetic(p) for p in plans), warehouse)
        policy._pending = policy.kind in (DEMO, MIXED) and policy.real_arriving
        return policy

    def refusal(self, plan: SnapshotPlan, display: str) -> str | None:
        """The error for a snapshot that must not load here, else None."""
        if is_synthetic(plan) and (self.kind in (REAL, MIXED) or self.real_arriving):
            return demo_refusal(display, self.warehouse)
        return None

    def hook(self, plan: SnapshotPlan):
        """What the snapshot's transaction runs first: the purge, for the first real one."""
        if not self._pending or is_synthetic(plan):
            return None

        def purge(con) -> None:
            self.removed = purge_synthetic(con)

        return purge

    def loaded(self, status: str) -> None:
        """A snapshot finished; a committed one that ran the purge ends the duty."""
        if status == "loaded" and self.removed is not None:
            self._pending = False
        elif self._pending:
            self.removed = None  # rolled back with its snapshot

    def finish(self, con: duckdb.DuckDBPyConnection) -> None:
        """A warehouse that already mixed both (made by an older PayScope) and whose real files
        were all loaded before: the demo still goes, in a transaction of its own."""
        if not (self._pending and self.kind == MIXED):
            return
        with transaction(con):
            self.removed = purge_synthetic(con)
            derived.mark(con, derived.LINKS, derived.MART)
        self._pending = False


def features_behind(con: duckdb.DuckDBPyConnection) -> int:
    """Vacancies whose features are missing or stale (`payscope build-features` fixes it)."""
    from pipelines.warehouse.feature_store import EXTRACTOR_VERSION

    params = {"extractor_version": EXTRACTOR_VERSION}
    return int(run_sql_file(con, "data_kind/features_behind.sql", params).fetchall()[0][0])
