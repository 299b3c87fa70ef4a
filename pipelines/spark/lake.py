"""The driver's last steps of `payscope spark-load`: the executors' Parquet files gathered into
the export layout, the small tables (snapshots, cross-source links) written by the export's own
SQL, and the manifest, last."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import orjson

from pipelines.warehouse.db import migrate, migrations, run_sql_file
from pipelines.warehouse.export import MANIFEST, TABLES, copy_table, exported_data, manifest_of
from pipelines.warehouse.links import refresh_links


def gather_parts(work: Path, staging: Path) -> None:
    """work/p<task>/<table>/<partition folders>/data_<n>.parquet → staging/<table>/<partition
    folders>/data_<task>[_<n>].parquet: names fixed by the input, so a re-run writes the same."""
    for task in sorted(work.glob("p*")):
        number = int(task.name[1:])
        for file in sorted(task.rglob("*.parquet")):
            relative = file.relative_to(task)
            n = file.stem.removeprefix("data_")
            name = f"data_{number}.parquet" if n == "0" else f"data_{number}_{n}.parquet"
            target = staging / relative.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            file.rename(target)
    shutil.rmtree(work, ignore_errors=True)


def finish_lake(
    staging: Path, snapshots: list[dict], written: dict[str, int], lake_id: str
) -> dict:
    """Write snapshots, vacancy_links and an empty file for every table without rows, then the
    manifest; returns it."""
    con = duckdb.connect()
    migrate(con)
    for row in snapshots:
        run_sql_file(con, "load/insert_snapshot.sql", row)
    vacancies = str(staging / "vacancies" / "**" / "*.parquet")
    sources = 0
    if written.get("vacancies"):
        sources = con.execute(
            "select count(distinct source) from read_parquet($files, hive_partitioning = true)",
            {"files": vacancies},
        ).fetchall()[0][0]
    if sources > 1:  # cross-source twins need every vacancy at once (one source has none)
        con.execute(
            "insert into vacancy_current by name select * exclude (month) "
            "from read_parquet($files, hive_partitioning = true)",
            {"files": vacancies},
        )
    refresh_links(con)
    tables = {}
    for name, partition_by in TABLES.items():
        rows = written.get(name, 0)
        if name in ("snapshots", "vacancy_links") or not rows:
            rows = copy_table(con, name, staging / name)  # the export's SQL; empty: one file
        tables[name] = {"rows": rows, "partition_by": list(partition_by),
                        "files": f"{name}/**/*.parquet"}  # fmt: skip
    con.close()
    manifest = {
        **manifest_of(tables, {"warehouse_id": lake_id}, migrations()[-1][0]),
        "built_by": "payscope spark-load",
    }
    _write(staging, manifest)
    from pipelines.warehouse.parquet_source import connect_parquet

    reader = connect_parquet(staging)  # the data's account as the dashboard will read it
    try:
        manifest["data"] = exported_data(reader, None)
    finally:
        reader.close()
    _write(staging, manifest)
    return manifest


def _write(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
