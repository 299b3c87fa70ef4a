"""What a load reports: per snapshot, and for the whole command."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pipelines.warehouse.data_kind import Removed


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
    # One line per file of a folder that could not be read while the others loaded.
    file_errors: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    snapshots: list[SnapshotResult]
    replaced_demo: Removed | None = None  # the synthetic rows a real load took out
    # Paths of unfinished (killed) loads whose staged rows this ingest removed before starting.
    discarded: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.status != "failed" and not s.file_errors for s in self.snapshots)

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.snapshots)
