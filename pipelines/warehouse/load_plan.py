"""Which snapshots a load reads, and in which source's format each one is: `--source` when it is
given, else what the snapshot's manifest.json says (`"source": "superjob"`, as `payscope fetch`
writes it and the offline refresh reads it), else hh.ru's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.sources.batches import PARSERS
from pipelines.sources.csv.locate import mapping_for, split_source
from pipelines.sources.csv.mapping import Mapping, MappingError
from pipelines.sources.snapshot_files import (
    CSV_SUFFIXES,
    JOBPOSTING_SUFFIXES,
    JSON_SUFFIXES,
    MANIFEST,
    SnapshotFileError,
    SnapshotPlan,
    display_path,
    is_snapshot_file,
    plan_snapshots,
)

DEFAULT_SOURCE = "hh"
_SUFFIXES = {"csv": CSV_SUFFIXES, "jobposting": JOBPOSTING_SUFFIXES}
_ANY_SUFFIX = tuple(dict.fromkeys((*JSON_SUFFIXES, *CSV_SUFFIXES, *JOBPOSTING_SUFFIXES)))


@dataclass(frozen=True)
class Planned:
    plan: SnapshotPlan
    source: str  # a key of PARSERS
    mapping: Path | None  # csv: the mapping file named; None: the mapping.toml beside the data


def planned_snapshots(
    paths: list[Path], source: str | None = None, mapping: Path | None = None
) -> list[Planned]:
    """The snapshots under `paths`, each with the source it is read as. `source` ('csv:NAME'
    names a mapping) applies to all; without it each manifest names its own. An unknown source
    raises ValueError (from --source) or SnapshotFileError (naming the manifest)."""
    if source is not None:
        source, mapping = split_source(source, mapping)
        if source not in PARSERS:
            raise ValueError(f"unknown source {source!r}; known: {', '.join(sorted(PARSERS))}")
        plans = plan_snapshots(paths, _SUFFIXES.get(source, JSON_SUFFIXES))
        return [Planned(plan, source, mapping) for plan in plans]
    given = {p for p in paths if not p.is_dir()}  # a file named by hand is read whatever its name
    out = []
    for plan in plan_snapshots(paths, _ANY_SUFFIX):
        named = (plan.manifest or {}).get("source")
        plan_source, plan_mapping = (
            (DEFAULT_SOURCE, None) if named is None else _named(str(named), mapping, plan)
        )
        # Searched for every source's files: those of another source's kind beside them (a
        # README.txt beside hh.ru pages) are not this snapshot's.
        suffixes = _SUFFIXES.get(plan_source, JSON_SUFFIXES)
        files = [f for f in plan.files if f in given or is_snapshot_file(f, suffixes)]
        if files:
            out.append(Planned(SnapshotPlan(plan.path, files, plan.manifest), plan_source,
                               plan_mapping))  # fmt: skip
    return out


def mappings_of(snapshots: list[Planned]) -> list[Mapping | None]:
    """Each csv snapshot's column mapping, read and checked (MappingError) before anything
    loads; None for the others."""
    return [mapping_for(s.plan.path, s.mapping) if s.source == "csv" else None for s in snapshots]


def _named(source: str, mapping: Path | None, plan: SnapshotPlan) -> tuple[str, Path | None]:
    """The source a manifest names, checked."""
    where = display_path(plan.path / MANIFEST)
    try:
        source, mapping = split_source(source, mapping)
    except MappingError as exc:
        raise SnapshotFileError(f"{where}: {exc}") from None
    if source not in PARSERS:
        raise SnapshotFileError(
            f"{where}: names source {source!r}, which PayScope does not read "
            f"(known: {', '.join(sorted(PARSERS))}); pass --source to read it as another"
        )
    return source, mapping
