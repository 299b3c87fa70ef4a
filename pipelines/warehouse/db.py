"""The one place a DuckDB warehouse is opened; versioned migrations; SQL files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb

from pipelines.core.resources import bounded_memory, memory_limit

SQL_DIR = Path(__file__).parents[1] / "sql"  # pipelines/sql: the data folder
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# DuckDB's row group. A transaction that appends at least this many rows to a table keeps, at
# its commit, the row groups it wrote while inserting; a smaller one's rows are appended to the
# table again and compressed a second time. Loads that commit in parts commit this many rows.
ROW_GROUP_ROWS = 122_880


class WarehouseError(RuntimeError):
    """A warehouse that cannot be opened or upgraded; the message says what to do."""


class WarehouseBusy(WarehouseError, duckdb.IOException):
    """Another process holds the warehouse's lock (a load writes, or a writer blocks readers).
    Also a duckdb.IOException, which is what callers that wait and retry already catch."""


# DuckDB names the process holding the file's lock: '... is held in /usr/bin/python3 (PID 42)'.
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


@cache
def read_sql(name: str) -> str:
    """The text of `pipelines/sql/<name>` (e.g. 'canonical/refresh_current.sql')."""
    return (SQL_DIR / name).read_text(encoding="utf-8")


@cache
def sql_statements(name: str) -> tuple[str, ...]:
    """The statements of an SQL file (ours end each statement with ';' at the end of a line)."""
    parts = re.split(r";[ \t]*(?:\n|$)", read_sql(name))
    return tuple(p.strip() for p in parts if re.sub(r"--[^\n]*", "", p).strip())


def run_sql_file(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None):
    """Run every statement of an SQL file with bound named parameters ($name); returns the cursor.

    DuckDB binds parameters per statement, so each gets only the ones it mentions.
    """
    params = params or {}
    statements = sql_statements(name)
    for statement in statements[:-1]:
        # DuckDB wants each result drained before the next statement (DML returns a count).
        con.execute(statement, _used(statement, params)).fetchall()
    return con.execute(statements[-1], _used(statements[-1], params))


def _used(statement: str, params: dict) -> dict:
    code = re.sub(r"--[^\n]*", "", statement)
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", code)}


def warehouse_file(con: duckdb.DuckDBPyConnection) -> str | None:
    """The file a connection has open (None for an in-memory database)."""
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchall()
    return row[0][0] if row and row[0][0] else None


def migrations() -> list[tuple[int, str]]:
    """(version, file name) of every schema migration, in order."""
    found = []
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path.name))
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this warehouse (0 for an empty file)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_migrations").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations this warehouse lacks, each in its own transaction; returns them."""
    current = schema_version(con)
    known = migrations()
    if known and current > known[-1][0]:
        raise WarehouseError(
            f"the warehouse is at schema version {current}, newer than this PayScope "
            f"({known[-1][0]}); upgrade PayScope"
        )
    applied = []
    pending = [(version, name) for version, name in known if version > current]
    if not pending:
        return applied
    # Under the loads' memory limit: a migration that copies a table (011 copies the vacancies
    # and their observations) peaked at 2.1 GB for a 1 M warehouse under DuckDB's default. A bad
    # PAYSCOPE_MEMORY_LIMIT is the loads' to report, with their message: not a reason to fail here.
    try:
        memory_limit()
        bound = bounded_memory(con)
    except ValueError:
        bound = nullcontext()
    with bound:
        for version, name in pending:
            with transaction(con):
                con.execute(read_sql(f"schema/{name}"))
                con.execute(
                    "insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)",
                    [version, name, datetime.now(UTC).replace(tzinfo=None)],
                )
            applied.append(version)
    return applied


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection creates and upgrades it as needed."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise WarehouseError(
                f"{path}: no warehouse here yet; run `payscope demo` or `payscope ingest`"
            )
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:  # locked, not DuckDB, damaged (checksum), read-only folder
            raise open_error(path, exc, "for reading") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise open_error(path, exc, "for writing") from exc
    migrate(con)
    return con


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether this warehouse has `table` as a table (not a view): readers of a file an older
    PayScope wrote, which they cannot migrate, or of a Parquet export (views only) ask first."""
    return bool(con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = current_schema() and table_name = $table",
        {"table": table},
    ).fetchall()[0][0])  # fmt: skip


def has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether `table` (a table or a view) has `column`: a mart an older PayScope built may
    lack one a newer query can do without."""
    return bool(con.execute(
        "select count(*) from duckdb_columns() where database_name = current_database() "
        "and table_name = $table and column_name = $column",
        {"table": table, "column": column},
    ).fetchall()[0][0])  # fmt: skip


def pending_snapshot_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Snapshots being staged, or left so by a killed load (migration 010): readers that count
    raw tables leave their rows out. None in a warehouse from before schema 10, which a
    read-only reader cannot migrate, nor in a Parquet export."""
    if not has_table(con, "pending_snapshots"):
        return []
    return [row[0] for row in con.execute("select snapshot_id from pending_snapshots").fetchall()]


def open_error(path: Path, exc: duckdb.Error, purpose: str) -> WarehouseError:
    """One line for people: WarehouseBusy naming the holder when another process has the file
    locked, else WarehouseError with DuckDB's reason (its messages span several lines)."""
    reason = " ".join(str(exc).split())
    holder = _LOCK_HOLDER.search(reason)
    if holder:
        program = Path(holder.group(1)).name or "a process"
        return WarehouseBusy(
            f"{path}: another process holds the warehouse ({program}, PID {holder.group(2)}), "
            "e.g. a load or a refresh; try again when it is done"
        )
    return WarehouseError(f"{path}: cannot open the warehouse {purpose} ({reason})")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The block in one transaction: committed when it ends, rolled back when it raises."""
    con.execute("begin transaction")
    try:
        yield
        con.execute("commit")
    except BaseException:
        rollback(con)
        raise


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **tables) -> Iterator[None]:
    """Arrow tables visible to SQL under these names for the block, unregistered after it.

    After a failed statement the transaction refuses everything but ROLLBACK, unregistering
    too: that refusal must not replace the statement's own error, which the caller reports."""
    try:
        for name, table in tables.items():
            con.register(name, table)
        yield
    finally:
        for name in tables:
            with suppress(duckdb.Error):
                con.unregister(name)


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK, unless the failure already ended the transaction (a failed COMMIT does, e.g.
    on a full disk): the error to report is that one, not «no transaction is active»."""
    try:
        con.execute("rollback")
    except duckdb.TransactionException:
        pass
