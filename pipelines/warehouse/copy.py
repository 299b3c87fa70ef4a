"""Writing a DuckDB warehouse without blocking its readers: copy it, write the copy, rename
the copy over the live file (one atomic rename; readers see the old or the new file whole)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pipelines.core.atomic_write import fsync_folder, replace_file


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def file_state(path: Path) -> tuple:
    """What changes when anybody commits to a warehouse: its and its WAL's size and mtime."""
    found = []
    for file in (path, wal_of(path)):
        try:
            stat = file.stat()
            found.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
        except FileNotFoundError:
            found.append(None)
    return tuple(found)


def stage_copy(live: Path) -> tuple[Path, tuple]:
    """Copy the live warehouse to <live>.next; returns it and the live file's state."""
    staged = live.with_name(live.name + ".next")
    for leftover in (staged, wal_of(staged)):  # a crashed earlier refresh's; we hold the lock
        leftover.unlink(missing_ok=True)
    if not live.exists():
        return staged, file_state(live)
    # A read-only connection for the length of the copy: no writer can start meanwhile, so the
    # file and its WAL (left by a crashed writer) are copied in one consistent state.
    try:
        guard = duckdb.connect(str(live), read_only=True)
    except duckdb.Error as exc:
        raise RuntimeError(
            f"{live}: cannot read the warehouse ({exc}); is a `payscope ingest` writing to it? "
            "Run the refresh again when it is done"
        ) from None
    try:
        state = file_state(live)
        shutil.copyfile(live, staged)
        if wal_of(live).exists():
            shutil.copyfile(wal_of(live), wal_of(staged))
    finally:
        guard.close()
    return staged, state


def publish(staged: Path, live: Path, state_at_copy: tuple) -> None:
    """Rename the complete, checkpointed copy over the live file (atomic on POSIX)."""
    if wal_of(staged).exists():
        raise RuntimeError(f"{staged}: still has a WAL after the checkpoint; not published")
    if file_state(live) != state_at_copy:
        raise RuntimeError(
            f"{live} changed while the refresh ran (a `payscope ingest` by hand?); nothing was "
            f"replaced: run the refresh again and it loads what is new"
        )
    replace_file(staged, live)  # synced, renamed, the rename synced: survives a power cut
    if state_at_copy[1] is not None:  # replayed into the copy; now it would be replayed twice
        wal_of(live).unlink(missing_ok=True)
        fsync_folder(live.parent)
