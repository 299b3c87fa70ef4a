"""The warehouse's writer lock: one command writing a warehouse (or its models) at a time.

`payscope ingest`, `build-features`, `demo`, `train` and `refresh` hold it for their run; a second
writer of the same warehouse is refused at once with LockHeld, whose message names the holder.
Readers (the dashboard, `status`, `export`, `predict`) never take it.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

# The file `payscope refresh` has always locked (docs/operations.md: backups take it with
# flock(1)), so an older refresh and a newer ingest still exclude each other.
LOCK_SUFFIX = ".refresh.lock"

_held = threading.local()  # the writer locks this thread holds: {lock path: depth}


class LockHeld(RuntimeError):
    """Another process holds the lock; the message names the file, the holder and the fix."""


def lock_path(warehouse: Path) -> Path:
    """<warehouse>.refresh.lock, beside the warehouse file."""
    return warehouse.with_name(warehouse.name + LOCK_SUFFIX)


@contextmanager
def writer_lock(warehouse: Path, command: str) -> Iterator[None]:
    """Hold the writer lock of `warehouse` for the block as `payscope <command>`, or raise
    LockHeld at once when another process (or thread) holds it.

    Re-entrant within a thread: `demo` runs ingest and train, which take it too."""
    path = lock_path(warehouse)
    key = str(path.resolve())
    depth = getattr(_held, "paths", None)
    if depth is None:
        depth = _held.paths = {}
    if key in depth:
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    try:
        with exclusive(path, f"payscope {command}", warehouse=warehouse):
            depth[key] = 1
            yield
    finally:
        depth.pop(key, None)


@contextmanager
def exclusive(path: Path, holder: str = "", warehouse: Path | None = None) -> Iterator[None]:
    """Hold `path` locked for the block, or raise LockHeld at once if someone else does.
    `holder` (e.g. "payscope ingest") is written into the file with the PID and start time,
    for the message another process gets.

    flock is released by the kernel when the holder exits, crashed or not, so a stale lock file
    never blocks the next run; the file itself stays (removing it would race a new holder).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        found = os.pread(fd, 400, 0).decode(errors="replace").strip()
        os.close(fd)
        raise LockHeld(held_message(path, found, warehouse)) from None
    try:
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        who = f"{holder}, " if holder else ""
        os.pwrite(fd, f"{who}PID {os.getpid()}, since {started}\n".encode(), 0)
        yield
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def held_message(path: Path, holder: str, warehouse: Path | None = None) -> str:
    """One line: what is locked, who holds it (as its lock file says), and what to do."""
    what = f"{warehouse}: another command is writing this warehouse" if warehouse else (
        f"{path}: locked by another process"
    )  # fmt: skip
    who = holder.splitlines()[0] if holder else (
        f"a process that did not say which, e.g. flock(1) for a backup; `fuser {path}` shows it"
    )  # fmt: skip
    return f"{what} ({who}); try again when it is done"
