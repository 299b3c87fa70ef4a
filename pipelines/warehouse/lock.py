"""An exclusive, non-blocking lock file: one refresh of a warehouse at a time."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class LockHeld(RuntimeError):
    """Another process holds the lock; the message names the file and the holder."""


@contextmanager
def exclusive(path: Path, what: str = "another process") -> Iterator[None]:
    """Hold `path` locked for the block, or raise LockHeld at once if someone else does.

    flock is released by the kernel when the holder exits, crashed or not, so a stale lock file
    never blocks the next run; the file itself stays (removing it would race a new holder).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise LockHeld(f"{path}: {what} is running ({holder}); try again when it is done") from None
    try:
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(fd, f"pid {os.getpid()} since {started}\n".encode(), 0)
        yield
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
