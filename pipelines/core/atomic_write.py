"""Writing files and folders so that a reader, a crash or a power cut finds the old version or the
new one whole, never a part: write beside the target under a hidden name, fsync, rename over it,
fsync the folder (the rename is an entry of the folder: without that it may not survive).

Every writer of PayScope goes through here: fetched snapshots and their checkpoint, model
artifacts and CURRENT, refresh reports, the refresh's warehouse copy, the Parquet export.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

FILE_MODE = 0o644  # what a plain write would give under the usual umask (mkstemp makes 0600)
FOLDER_MODE = 0o755  # mkdtemp's 0700 would hide an export from its other readers (Trino, …)
STAGING_SUFFIX = ".partial"  # export_cleanup recognises killed exports' folders by it


def write_bytes(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace `path` with `data` atomically and durably."""
    write_with(path, lambda temporary: temporary.write_bytes(data), mode)


def write_text(path: Path, text: str, encoding: str = "utf-8", mode: int = FILE_MODE) -> None:
    write_bytes(path, text.encode(encoding), mode)


def write_with(path: Path, write: Callable[[Path], object], mode: int = FILE_MODE) -> None:
    """`write(temporary)` writes the new file at a hidden path beside `path` (for writers that
    want a file name, e.g. joblib.dump); it then replaces `path`. A failure leaves `path` as it
    was and removes the temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, mode)
        replace_file(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def replace_file(temporary: Path, path: Path) -> None:
    """Rename a complete file (written by us or by another program, e.g. DuckDB) over `path`:
    its data reach the disk before the rename, and the rename before we return."""
    fsync_file(temporary)
    os.replace(temporary, path)
    fsync_folder(path.parent)


@contextmanager
def staged_folder(target: Path, replace: bool = True) -> Iterator[Path]:
    """A hidden folder beside `target` (.<name>.XXXXXXXX.partial) to write into; when the block
    ends without an error it is synced and put at `target` whole (replace_folder), else deleted.
    replace=False: `target` must not exist yet (FileExistsError, the folder deleted)."""
    if not replace and target.exists():  # before the work, not after it
        raise FileExistsError(f"{target}: already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=STAGING_SUFFIX, dir=target.parent)
    )
    try:
        staging.chmod(FOLDER_MODE)
        yield staging
        if replace:
            replace_folder(staging, target)
        else:
            publish_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def publish_folder(staging: Path, target: Path) -> None:
    """Rename a complete folder to `target`, which must not exist (a new model version)."""
    if target.exists():
        raise FileExistsError(f"{target}: already exists")
    fsync_tree(staging)
    os.rename(staging, target)
    fsync_folder(target.parent)


def replace_folder(staging: Path, target: Path) -> None:
    """Put the complete `staging` folder at `target`. A reader sees the old folder or the new one:
    on Linux both swap in one renameat2(RENAME_EXCHANGE); elsewhere the old one is renamed aside
    first (…previous), leaving `target` missing for the moment between two renames."""
    fsync_tree(staging)
    if not target.exists():
        os.rename(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging)  # now the previous folder
    else:
        previous = staging.with_name(staging.name.removesuffix(STAGING_SUFFIX) + ".previous")
        os.rename(target, previous)
        os.rename(staging, target)
        shutil.rmtree(previous)
    fsync_folder(target.parent)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename into it) durable. Not every platform can open a
    folder (Windows); there the rename is as durable as the system makes it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):  # some file systems refuse fsync on a folder (EINVAL)
            os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """fsync every file below `folder`, then the folders, deepest first."""
    folders = []
    for root, _, files in os.walk(folder):
        folders.append(Path(root))
        for name in files:
            fsync_file(Path(root) / name)
    for path in reversed(folders):
        fsync_folder(path)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ≥ 3.15, glibc ≥ 2.28); False where that is unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0
