"""Finding snapshot files on disk and grouping them into snapshots by their manifest.json."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import orjson

MANIFEST = "manifest.json"
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
# The CSV source also reads delimited text (its mapping.toml says how).
CSV_SUFFIXES = (*JSON_SUFFIXES, ".csv", ".tsv", ".txt")
# The JobPosting source reads saved HTML pages and JSON-LD files.
JOBPOSTING_SUFFIXES = (".json", ".jsonld", ".html", ".htm")
# Files that sit beside snapshots but are not vacancies.
_NOT_RECORDS = {MANIFEST, "dictionaries.json", "checkpoint.json", "report.json"}


class SnapshotFileError(Exception):
    """A path or manifest that cannot be used; the message names it."""


@dataclass
class SnapshotPlan:
    """One snapshot to load: the files under one manifest, or the files saved together in one
    folder without a manifest (each subfolder is a snapshot of its own)."""

    path: Path  # the manifest's folder, or the folder of files saved together
    files: list[Path] = field(default_factory=list)
    manifest: dict | None = None


def is_snapshot_file(path: Path, suffixes: tuple[str, ...] = JSON_SUFFIXES) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(suffixes) and name not in _NOT_RECORDS and not name.startswith(".")


def plan_snapshots(
    paths: list[Path], suffixes: tuple[str, ...] = JSON_SUFFIXES
) -> list[SnapshotPlan]:
    """Group the given files and folders (searched recursively for files ending in `suffixes`,
    optionally .gz) into snapshots, in path order: the files under the nearest manifest.json
    are one snapshot; the other files of one folder are one snapshot (a saved search's pages),
    dated by the newest published_at in them unless --as-of says otherwise."""
    plans: dict[Path, SnapshotPlan] = {}
    planned: set[Path] = set()
    for given in paths:
        if not given.exists():
            raise SnapshotFileError(f"{given}: no such file or folder")
        if given.is_dir():
            files = sorted(
                p for p in given.rglob("*") if p.is_file() and is_snapshot_file(p, suffixes)
            )
            top = given
        else:
            files, top = [given], given.parent
        for file in files:
            manifest_path = _manifest_for(file, top)
            key = manifest_path.parent if manifest_path else file.parent
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = SnapshotPlan(key, [], read_manifest(manifest_path))
            if file not in planned:
                planned.add(file)
                plan.files.append(file)
    return sorted(plans.values(), key=lambda p: str(p.path))


def _manifest_for(file: Path, top: Path) -> Path | None:
    """The nearest manifest.json beside the file or in a parent folder up to the given root."""
    folder = file.parent
    while True:
        candidate = folder / MANIFEST
        if candidate.is_file():
            return candidate
        if folder == top or folder == folder.parent or top not in folder.parents:
            return None
        folder = folder.parent


def read_manifest(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        manifest = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise SnapshotFileError(f"{path}: cannot read the manifest ({exc})") from exc
    if not isinstance(manifest, dict):
        raise SnapshotFileError(f"{path}: a manifest must be a JSON object")
    return manifest


def manifest_time(manifest: dict | None, where: Path) -> datetime | None:
    """The manifest's fetched_at as naive UTC (an ISO 8601 string; no offset means UTC)."""
    if not manifest or manifest.get("fetched_at") is None:
        return None
    return parse_as_of(str(manifest["fetched_at"]), where)


def parse_as_of(text: str, where: Path | str = "--as-of") -> datetime:
    """An ISO 8601 date or date-time → naive UTC (no offset means UTC), from 2000 to a year
    from now: a snapshot cannot be fetched before the sources existed or in the future."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError) as exc:  # OverflowError: 9999-12-31T23:00-14:00
        raise SnapshotFileError(f"{where}: {text!r} is not an ISO 8601 date or date-time") from exc
    latest = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=366)
    if not datetime(2000, 1, 1) <= moment <= latest:
        raise SnapshotFileError(
            f"{where}: {text!r} is not a possible snapshot time (2000 to a year from now)"
        )
    return moment


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stream_sha256(f: BinaryIO) -> str:
    """file_sha256 of an open file's content, read in blocks rather than whole."""
    return hashlib.file_digest(f, "sha256").hexdigest()


def display_path(path: Path) -> str:
    """The path as people will recognise it: relative to the working folder when under it.
    Bytes of a name that are not UTF-8 (a cp1251 file name) are shown as \\xNN, so that the
    path can be stored and printed."""
    resolved = path.resolve()
    try:
        shown = str(resolved.relative_to(Path.cwd()))
    except ValueError:
        shown = str(resolved)
    return os.fsencode(shown).decode("utf-8", "backslashreplace")
