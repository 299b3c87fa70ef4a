"""The dashboard over a Parquet export (`payscope export`) instead of the DuckDB file.

An in-memory DuckDB connection gets a view per exported table over its Hive-partitioned files,
named as in the warehouse, plus the dashboard's mart as a view, so the app's queries run
unchanged. Set PAYSCOPE_PARQUET to the export folder to use it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import orjson

from pipelines.warehouse.db import sql_statements
from pipelines.warehouse.export import MANIFEST


class ParquetSourceError(RuntimeError):
    """The folder is not a PayScope Parquet export."""


def manifest_path(folder: Path) -> Path:
    return Path(folder) / MANIFEST


def export_data(folder: Path) -> dict:
    """The manifest's account of the data (warehouse id and file, kind, sources, window); {}
    for an export made before manifests carried it, or a folder that is not an export."""
    try:
        about = orjson.loads(manifest_path(folder).read_bytes()).get("data")
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return {}
    return about if isinstance(about, dict) else {}


def connect_parquet(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection whose tables are views over the export in `folder`."""
    folder = Path(folder)
    try:
        manifest = orjson.loads(manifest_path(folder).read_bytes())
        tables = manifest["tables"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise ParquetSourceError(
            f"{folder}: not a PayScope Parquet export ({exc}); make one with "
            "`payscope export --format parquet --out DIR`"
        ) from exc
    con = duckdb.connect()
    for table, about in tables.items():
        if not table.isidentifier():  # names come from our own manifest; refuse anything else
            raise ParquetSourceError(f"{folder}: unexpected table name {table!r} in the manifest")
        files = _literal(str(folder / about["files"]))
        # The month partition is the export's, not a column of the table.
        extra = " exclude (month)" if "month" in about.get("partition_by", ()) else ""
        con.execute(
            f"create view {table} as select *{extra} from read_parquet({files}, "  # noqa: S608
            "hive_partitioning = true, union_by_name = true)"
        )
    # Not exported: the raw layer. Counted as empty.
    con.execute("create view raw_records as select null::varchar as vacancy_id where false")
    # The canonical observations are exported as vacancy_observations; status/counts.sql counts
    # the table under its warehouse name.
    con.execute("create view observations as select snapshot_id from vacancy_observations")
    # The warehouse's identity, from the manifest (an export made before it had one: no row).
    warehouse_id = (manifest.get("data") or {}).get("warehouse_id")
    identity = _literal(str(warehouse_id)) if warehouse_id else "null"
    con.execute(
        f"create view warehouse_identity as select {identity}::varchar as warehouse_id, "  # noqa: S608
        f"null::timestamp as created_at where {'true' if warehouse_id else 'false'}"
    )
    _dashboard_source(con)
    con.execute(sql_statements("schema/008_pay_net.sql")[0])  # the ndfl_net_monthly macro
    con.execute(
        "create view dashboard_vacancies as select *, "
        "ndfl_net_monthly(pay_mid_rub, published_at) as pay_mid_net_rub, "
        "hash(source, vacancy_id) % 1000000 as sample_key from dashboard_source"
    )
    return con


def _dashboard_source(con: duckdb.DuckDBPyConnection) -> None:
    """The dashboard_source view as the newest migration defines it (007 adds the profession
    lists); an export made before that migration has no such columns: schema 4's view with
    empty lists, so the Profession page says there is nothing to read rather than failing."""
    newest = next(s for s in sql_statements("schema/007_profession_features.sql")
                  if "view dashboard_source" in s)  # fmt: skip
    try:
        con.execute(newest)
    except duckdb.BinderException:  # the lists empty, the loads unknown
        older = sql_statements("schema/004_dashboard_mart.sql")[0]
        con.execute(older.replace("view dashboard_source", "view dashboard_source_4", 1))
        con.execute(
            "create view dashboard_source as select *, []::varchar[] as requirements, "
            "[]::varchar[] as duties, []::varchar[] as tools, []::varchar[] as conditions, "
            "null::double as load_chats_at_once, null::double as load_requests_per_shift, "
            "null::double as load_requests_per_hour from dashboard_source_4"
        )


def _literal(text: str) -> str:
    """A SQL string literal: view definitions cannot take bound parameters."""
    return "'" + text.replace("'", "''") + "'"
