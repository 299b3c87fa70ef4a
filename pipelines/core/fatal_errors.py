"""Failures a command cannot recover from, told in one line instead of a traceback, whatever
layer they surfaced from: a write the system refused (disk full, a file size limit, a read-only
or forbidden folder: an OSError from our own writes, or DuckDB's IOException or failed commit,
which carry the OS reason in their text) and a damaged warehouse file (DuckDB's checksum or
short-read errors, which can surface in any query). pipelines/cli.py:main maps them to exit
codes 4 and 2 (docs/reliability.md)."""

from __future__ import annotations

import errno

# OS reasons: what they mean to the user and what to do.
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_DENIED = {errno.EROFS, errno.EACCES, errno.EPERM}
_TEXTS = {
    "No space left on device": errno.ENOSPC,
    "File too large": errno.EFBIG,
    "Disk quota exceeded": errno.EDQUOT,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
}


def refused_write(exc: BaseException) -> str | None:
    """One line for a write the system refused, anywhere in the exception's chain; else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        code = current.errno if isinstance(current, OSError) else None
        text = str(current).strip().splitlines()[0] if str(current).strip() else ""
        if code not in _FULL | _DENIED:
            code = next((c for phrase, c in _TEXTS.items() if phrase in str(current)), None)
        if code in _FULL:
            return (f"the disk is full or a size limit was reached ({_detail(current, text)}); "
                    "what was being written was not kept: free some space and run the command "
                    "again")  # fmt: skip
        if code in _DENIED:
            return (f"cannot write there ({_detail(current, text)}): the folder is read-only or "
                    "not yours; nothing was changed")  # fmt: skip
        current = current.__cause__ or current.__context__
    return None


def _detail(exc: BaseException, first_line: str) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    # DuckDB: 'TransactionContext Error: Failed to commit: Could not write file "x": reason'
    return " ".join(str(exc).split()) or first_line


# DuckDB's words for a damaged file: a block whose checksum fails, a file cut short, not DuckDB.
_DAMAGE = ("Corrupt database file", "Could not read enough bytes", "not a valid DuckDB database")


def damaged_warehouse(exc: BaseException) -> str | None:
    """DuckDB's reason when the exception says the database file is damaged; else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if any(phrase in str(current) for phrase in _DAMAGE):
            return " ".join(str(current).split())
        current = current.__cause__ or current.__context__
    return None


_REBUILD = (
    "restore it from a backup, or ingest the snapshots again into a new file (--db); "
    "`payscope export` keeps a copy that does not depend on it"
)


def explain(exc: BaseException, args: list[str], cannot_write: int,
            unusable: int) -> tuple[str, int] | None:  # fmt: skip
    """(one line, exit code) for a failure no command recovers from; None for anything else."""
    if reason := refused_write(exc):
        return reason, cannot_write
    if reason := damaged_warehouse(exc):
        from pipelines.core import config

        target = _db_argument(args) or config.db_path(None)
        return f"{target}: the warehouse file is damaged ({reason}); {_REBUILD}", unusable
    return None


def _db_argument(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--db="):
            return arg.removeprefix("--db=")
    return None
