"""The public tables of a warehouse as Hive-partitioned Parquet (source=…/month=…), written
beside the target folder and swapped into place whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import orjson

from pipelines import __version__
from pipelines.core.atomic_write import staged_folder
from pipelines.core.crash_points import crash_point
from pipelines.warehouse.db import migrations, run_sql_file, schema_version
from pipelines.warehouse.export_cleanup import export_running

MANIFEST = "_manifest.json"
# The public contract (docs/schema.md) and the Hive partition columns of each table's folder.
TABLES: dict[str, tuple[str, ...]] = {
    "vacancies": ("source", "month"),
    "vacancy_observations": ("source", "month"),
    "vacancy_features": ("source", "month"),
    "vacancy_links": ("source",),
    "snapshots": ("source",),
    "quarantine": ("source",),
}


class ExportError(ValueError):
    """An export that cannot start (bad target, old warehouse); the message says what to do."""


def check_target(out: Path, warehouse: Path | None) -> None:
    """Refuse a target that is a file, holds the warehouse, or is a folder PayScope did not
    write: the export replaces the whole folder."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: is a file, not a folder; pass a folder for the export")
    if warehouse is not None:
        resolved = out.resolve()
        if resolved == warehouse.resolve() or resolved in warehouse.resolve().parents:
            raise ExportError(
                f"{out}: holds the warehouse {warehouse}; the export replaces the whole folder, "
                "so pass a folder of its own (e.g. data/export)"
            )
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise ExportError(
            f"{out}: a folder with files that is not a PayScope export (no {MANIFEST}); "
            "the export replaces the whole folder, so pass a new or empty one"
        )


def export_parquet(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    on_table: Callable[[str], None] | None = None,
    on_cleanup: Callable[[list[Path]], None] | None = None,
) -> dict:
    """Write every public table to `out`/<table>/ as zstd Parquet with a `_manifest.json`;
    returns the manifest. `on_table(name)` is called before each table is written;
    `on_cleanup(folders)` with the staging folders of killed exports removed first."""
    warehouse = _warehouse_path(con)
    check_target(out, warehouse)
    version, latest = schema_version(con), migrations()[-1][0]
    if version < latest:
        raise ExportError(
            f"{warehouse}: made by an older PayScope (schema {version}, this one writes "
            f"{latest}); upgrade it with `payscope build-features` (migrations run on write)"
        )
    from pipelines.warehouse.data_kind import MIXED, warehouse_kind

    if warehouse_kind(con) == MIXED:  # only a warehouse made before the two were kept apart
        raise ExportError(
            f"{warehouse}: holds both the synthetic demo and real data (made by an older "
            "PayScope), which an export must not mix; ingest your real files into it again "
            "(it then drops the demo) and export after"
        )
    with export_running(out.parent, out.name, {*TABLES, MANIFEST}) as removed:
        if on_cleanup and removed:
            on_cleanup(removed)
        return _export(con, out, version, on_table, warehouse)


def _export(
    con: duckdb.DuckDBPyConnection, out: Path, version: int, on_table, warehouse: Path
) -> dict:
    # Written into .<out>.XXXXXXXX.partial beside `out` and swapped into place whole (a reader
    # sees the old export or the new one); export_cleanup recognises that name after a kill.
    with staged_folder(out) as staging:
        tables = {}
        con.execute("begin transaction")  # every table from one state of the warehouse
        try:
            for name, partition_by in TABLES.items():
                if on_table:
                    on_table(name)
                tables[name] = {
                    "rows": copy_table(con, name, staging / name),
                    "partition_by": list(partition_by),
                    "files": f"{name}/**/*.parquet",
                }
                crash_point("export.table")
            data = exported_data(con, warehouse)
        finally:
            con.execute("rollback")
        manifest = manifest_of(tables, data, version)
        (staging / MANIFEST).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
        crash_point("export.swap")  # the staged folder is swapped in when this block ends
    return manifest


def manifest_of(tables: dict, data: dict, schema_version: int) -> dict:
    """`_manifest.json` of an export folder (docs/scaling.md): its tables, whose data it holds,
    and what wrote it. Shared by `payscope export` and the Spark lake."""
    return {
        "format": "parquet",
        "compression": "zstd",
        "layout": "hive",
        "tables": tables,
        "data": data,
        "schema_version": schema_version,
        "exported_at": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "payscope_version": __version__,
        "duckdb_version": duckdb.__version__,
    }


def exported_data(con: duckdb.DuckDBPyConnection, warehouse: Path | None) -> dict:
    """Which data the export holds, for the dashboard reading it (PAYSCOPE_PARQUET): the
    warehouse's id and file, the kind of data (demo or real), sources and window, so that a
    model is used only on the data it learnt from (pipelines/warehouse/provenance.py)."""
    from pipelines.warehouse.provenance import data_identity

    found = data_identity(con, warehouse)
    return {
        "warehouse_id": found.warehouse_id,
        "warehouse": str(warehouse) if warehouse else None,
        "kind": found.kind,
        "sources": list(found.sources),
        "published_from": found.published_from,
        "published_until": found.published_until,
    }


def copy_table(con: duckdb.DuckDBPyConnection, name: str, target: Path) -> int:
    rows = run_sql_file(con, f"export/{name}.sql", {"target": str(target)}).fetchall()[0][0]
    if rows == 0:
        target.mkdir(exist_ok=True)
        run_sql_file(con, "export/empty.sql", {"target": str(target / "data_0.parquet")})
    return rows


def _warehouse_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    row = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchall()
    return Path(row[0][0]) if row and row[0][0] else None


def folder_bytes(folder: Path) -> int:
    """Bytes of every file below `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
