"""Staging a snapshot's rows over several transactions, and removing what an unfinished load
staged.

DuckDB keeps a transaction's new rows in memory until its commit, beyond what its memory limit
bounds: one transaction per snapshot made a load's peak grow with the snapshot (2 060 MiB at
400 000 items). A snapshot is therefore staged in transactions of `stage_rows()` rows (or a
bound on the bytes of parsed tables, whichever comes first), listed in `pending_snapshots` from
the first of them, and published by a last transaction (load_publish.py). Readers keep to rows of
published snapshots, so nothing staged is ever visible; a load killed between stages leaves its
pending row, and the next ingest removes its rows before it starts (docs/reliability.md).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from pipelines.core.crash_points import crash_point
from pipelines.warehouse.db import (
    ROW_GROUP_ROWS,
    registered,
    rollback,
    run_sql_file,
    transaction,
)
from pipelines.warehouse.load_parse import Chunk

STAGE_ROWS_VARIABLE = "PAYSCOPE_STAGE_ROWS"
# Rows committed per staging transaction: a DuckDB row group (db.ROW_GROUP_ROWS). Transactions
# of 40 000-50 000 rows cost the loading process 1.2 s more CPU per 200 000 rows; a row group
# peaks about 150 MiB higher at 200 000 items (docs/performance.md, "Staging in whole row groups").
DEFAULT_STAGE_ROWS = ROW_GROUP_ROWS
# Parsed tables per transaction, for records far larger than usual: a transaction's rows stay in
# memory until its commit. Hh.ru search items stage about 3.3 KB a row, 400 MiB a row group, and
# may grow to STAGE_BYTES_MAX to reach one; rows too wide for a row group within it gain nothing
# from that and commit at STAGE_BYTES (detail documents of 28 KB: peak 1.8 → 1.55 GB).
STAGE_BYTES = 256 * 2**20
STAGE_BYTES_MAX = 512 * 2**20
INSERT_ROWS = 25_000  # rows per INSERT: bounds memory, keeps statements few
# Parsed tables per INSERT: 25 000 detail documents of 28 KB waited as 1.4 GB of Arrow tables
# before their first INSERT, and a load peaked at 2.7 GB (docs/performance.md).
INSERT_BYTES = 64 * 2**20
_TABLES = ("batch_raw", "batch_quarantine", "batch_observations")


def stage_rows(env: dict | None = None) -> int:
    """Rows per staging transaction: $PAYSCOPE_STAGE_ROWS (tests set a few) or 122 880."""
    value = (env if env is not None else os.environ).get(STAGE_ROWS_VARIABLE)
    if value is None:
        return DEFAULT_STAGE_ROWS
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"{STAGE_ROWS_VARIABLE}={value!r} is not a positive whole number")
    return int(value)


class Staging:
    """One snapshot's staging transactions: `begin`, `add` parsed chunks, `finish` (the last
    staging commit), or `discard` on failure. A transaction ends once one of its tables has
    `limit` rows (raw records and observations have as many), or at STAGE_BYTES of parsed
    tables when its rows are too wide to reach `limit` within STAGE_BYTES_MAX."""

    def __init__(self, con: duckdb.DuckDBPyConnection, snapshot_id: int, source: str, path: str):
        self.con, self.snapshot_id, self.source, self.path = con, snapshot_id, source, path
        self.limit = stage_rows()
        self.insert_rows = min(INSERT_ROWS, self.limit)
        self.params = {"snapshot_id": snapshot_id, "source": source}
        self.waiting: list[tuple[pa.Table, pa.Table, pa.Table]] = []
        self.rows = [0, 0]  # raw records and quarantine rows staged in the open transaction
        self.bytes = 0
        self.open = False

    def begin(self) -> None:
        """The first staging transaction, which lists the snapshot as pending."""
        self.con.execute("begin transaction")
        self.open = True
        run_sql_file(self.con, "load/insert_pending.sql", self.params | {
            "path": self.path, "started_at": datetime.now(UTC).replace(tzinfo=None),
        }).fetchall()  # fmt: skip

    def add(self, chunk: Chunk) -> None:
        for piece in _pieces(chunk, self.insert_rows):
            self.waiting.append(piece)
            if (
                sum(_rows(p) for p in self.waiting) >= self.insert_rows
                or sum(t.nbytes for p in self.waiting for t in p) >= INSERT_BYTES
            ):
                self._flush()

    def finish(self) -> None:
        """Stage what waits and commit: every row is on disk, the snapshot still pending."""
        self._flush()
        crash_point("ingest.stage")
        self.con.execute("commit")
        self.open = False
        crash_point("ingest.staged")

    def discard(self) -> None:
        """Roll back the open transaction and delete what earlier ones staged, in one more.
        Raises what that fails with (e.g. a full disk): the next ingest removes them then."""
        if self.open:
            rollback(self.con)
            self.open = False
        discard(self.con, [self.snapshot_id])

    def _full(self) -> bool:
        """Whether the open transaction has staged enough: a row group, or its bytes."""
        rows = max(self.rows)
        if rows >= self.limit or self.bytes >= STAGE_BYTES_MAX:
            return True
        return self.bytes >= STAGE_BYTES and self.bytes * self.limit > STAGE_BYTES_MAX * rows

    def _flush(self) -> None:
        while self.waiting:
            pieces, self.waiting = self.waiting, []
            room = self.limit - self.rows[0]
            if sum(p[0].num_rows for p in pieces) > room:
                # The transaction ends at exactly `limit` rows, whole row groups: ending past
                # them left a partial row group per stage, which the checkpoint at close then
                # merged (400 000 items: 4.3 s and 1.4 GB at close, against nothing).
                pieces, self.waiting = _split(pieces, room)
            _insert(self.con, pieces, self.params)
            self.rows[0] += sum(p[0].num_rows for p in pieces)
            self.rows[1] += sum(p[1].num_rows for p in pieces)
            self.bytes += sum(t.nbytes for p in pieces for t in p)
            if self._full():
                crash_point("ingest.stage")
                self.con.execute("commit")
                crash_point("ingest.staged")
                self.con.execute("begin transaction")
                self.rows, self.bytes = [0, 0], 0


def pending(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, datetime]]:
    """(snapshot_id, source, path, started_at) of snapshots staged but not published."""
    return run_sql_file(con, "load/pending.sql").fetchall()


def discard(con: duckdb.DuckDBPyConnection, snapshot_ids: list[int]) -> None:
    """Delete the staged rows of these pending snapshots, in one transaction."""
    with transaction(con):
        run_sql_file(con, "load/discard_pending.sql", {"snapshot_ids": snapshot_ids}).fetchall()


def _rows(piece: tuple[pa.Table, pa.Table, pa.Table]) -> int:
    return piece[1].num_rows + piece[2].num_rows


def _pieces(chunk: Chunk, rows: int):
    """The chunk's tables in slices of at most `rows` rows each (zero-copy); one piece unless
    the stage is smaller than a chunk, which tests use to stage a small file in several."""
    tables = (chunk.raw, chunk.quarantine, chunk.observations)
    longest = max(t.num_rows for t in tables)
    if longest <= rows:
        yield tables
        return
    for start in range(0, longest, rows):
        yield tuple(t.slice(start, rows) for t in tables)


def _split(pieces: list[tuple[pa.Table, pa.Table, pa.Table]], rows: int):
    """(pieces holding the first `rows` raw records and their observations, the rest): a piece's
    raw records and observations are row for row; its quarantine rows go with the first part."""
    head, tail = [], []
    for raw, quarantine, observations in pieces:
        if rows >= raw.num_rows:
            head.append((raw, quarantine, observations))
            rows -= raw.num_rows
        elif rows > 0:
            head.append((raw.slice(0, rows), quarantine, observations.slice(0, rows)))
            tail.append((raw.slice(rows), quarantine.slice(0, 0), observations.slice(rows)))
            rows = 0
        else:
            tail.append((raw, quarantine, observations))
    return head, tail


def _insert(con, pieces: list[tuple[pa.Table, pa.Table, pa.Table]], params: dict) -> None:
    """Stage several files' rows with one statement per table: per-statement cost dominates."""
    tables = {name: pa.concat_tables([p[i] for p in pieces]) for i, name in enumerate(_TABLES)}
    with registered(con, **tables):
        run_sql_file(con, "load/insert_raw.sql", params)
        run_sql_file(con, "load/insert_quarantine.sql", params)
        run_sql_file(con, "load/insert_observations.sql", params)
        crash_point("ingest.insert")
