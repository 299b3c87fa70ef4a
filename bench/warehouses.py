"""Big warehouses for bench/dashboard.py: a demo of N vacancies, or copies of one that repeat
its vacancies (under new ids) or its snapshots (more observations) — minutes instead of an hour
of generating and loading. Each copy is written beside the source, then renamed into place."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipelines.core.atomic_write import write_with
from pipelines.warehouse import db


def build(vacancies: int) -> Path:
    path = Path(tempfile.mkdtemp(prefix="payscope-bench-")) / "warehouse.duckdb"
    command = [
        sys.executable, "-c", "from pipelines.cli import main; main()", "demo",
        "--vacancies", str(vacancies),
        "--db", str(path), "--out", str(path.parent / "snapshots"), "--no-train",
    ]  # fmt: skip
    subprocess.run(command, check=True)
    print(f"built {path}; pass --db {path} to reuse it, delete {path.parent} when done")
    return path


# The per-vacancy tables: a vacancy without its features would be rebuilt by the next load.
REPLICATED = ("dashboard_vacancies", "vacancy_current", "vacancy_features", "observations")


def replicate(source: Path, times: int) -> Path:
    """A copy of `source` with every vacancy (mart, current state, features, observations)
    repeated `times` times under new ids: the same distribution at `times` × the rows, minutes
    instead of an hour of generating and loading (raw records and quarantine not repeated: no
    page reads them row by row)."""

    def repeat_vacancies(con) -> None:
        for k in range(1, times):
            # Demo ids are 9 digits from 900 000 000: the k-th copy's from (900 + 100 k) M.
            for table in REPLICATED:  # vetted names
                con.execute(
                    f"insert into {table} select * replace ((try_cast(vacancy_id as bigint) + ?)"  # noqa: S608
                    f"::varchar as vacancy_id) from {table} "
                    "where try_cast(vacancy_id as bigint) < ?",
                    [k * 100_000_000, 1_000_000_000],
                )
            print(f"copy {k + 1} of {times}", flush=True)

    return _changed_copy(source, source.with_name(f"{source.stem}.x{times}.duckdb"),
                         repeat_vacancies)  # fmt: skip


def grow_observations(source: Path, wanted: int) -> Path:
    """A copy of `source` whose snapshots are repeated until it holds `wanted` observations."""

    def repeat_snapshots(con) -> None:
        have, top = con.execute(
            "select (select count(*) from observations), (select max(snapshot_id) from snapshots)"
        ).fetchone()
        step = 10 ** len(str(top))  # snapshot ids of copy k: the original's + k × step
        for k in range(1, math.ceil(wanted / have)):
            # A repeated fetch k hours after the original: the same vacancies, the same fields.
            con.execute(
                "insert into snapshots select * replace (snapshot_id + ? as snapshot_id, "
                "fetched_at + to_hours(?) as fetched_at, path || '#repeat' || ? as path) "
                "from snapshots where snapshot_id <= ?", [k * step, k, k, top])  # fmt: skip
            con.execute(
                "insert into observations select * replace (snapshot_id + ? as snapshot_id) "
                "from observations where snapshot_id <= ?", [k * step, top])  # fmt: skip
            print(f"observations: {have * (k + 1):,}", flush=True)

    return _changed_copy(source, source.with_name(f"{source.stem}.obs{wanted}.duckdb"),
                         repeat_snapshots)  # fmt: skip


def _changed_copy(source: Path, target: Path, change: Callable) -> Path:
    """`target` as a copy of `source` that `change(connection)` altered, made once (an existing
    one is reused) and put in place whole by the project's atomic write."""
    if target.exists():
        return target

    def write(temporary: Path) -> None:
        shutil.copyfile(source, temporary)
        con = db.connect(temporary)
        try:
            change(con)
            con.execute("checkpoint")
        finally:
            con.close()

    write_with(target, write)
    return target
