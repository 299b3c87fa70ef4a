"""Hidden staging folders that killed exports leave beside the target, removed by the next export
when no other export is running there."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def export_running(parent: Path, name: str, entries: Collection[str]) -> Iterator[list[Path]]:
    """Mark an export into `parent`/`name` as running for the block; yields the stale staging
    folders it removed first.

    Every export holds a shared flock on the parent folder while it runs; clean-up needs the
    lock exclusively, so it happens only when no other export there is running, and a folder
    another export is still writing is never taken for stale. The kernel drops the lock of a
    killed process, so what it left is removed next time. No lock file is left behind.
    """
    parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        removed: list[Path] = []
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # another export is running here; its staging folder is not stale
        else:
            removed = [p for p in stale_staging(parent, name, entries) if _remove(p)]
        fcntl.flock(fd, fcntl.LOCK_SH)  # turns ours shared, or waits out another's clean-up
        yield removed
    finally:
        os.close(fd)


def stale_staging(parent: Path, name: str, entries: Collection[str]) -> list[Path]:
    """Staging folders of exports to `name` as export_parquet makes them (hidden, mkdtemp's
    eight characters, .partial or .previous), holding nothing but `entries` (table folders and
    the manifest): anything else with a similar name is not ours and is left alone."""
    pattern = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.(?:partial|previous)")
    found = []
    for path in sorted(parent.iterdir()):
        if not pattern.fullmatch(path.name) or path.is_symlink() or not path.is_dir():
            continue
        if all(child.name in entries for child in path.iterdir()):
            found.append(path)
    return found


def _remove(path: Path) -> bool:
    try:
        shutil.rmtree(path)
    except OSError:
        return False  # e.g. not ours to delete after all (permissions): leave it
    return True
