"""`payscope export`: the public tables as Hive-partitioned Parquet for DuckDB, Spark or Trino."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import orjson
import typer

from pipelines.cli.app import (
    EXIT_CANNOT_WRITE,
    EXIT_USAGE,
    DbOption,
    JsonOption,
    _fail,
    _open_warehouse,
    app,
    err,
)
from pipelines.core import config
from pipelines.core.fatal_errors import explain
from pipelines.core.safe_terminal import echo, markup

FORMATS = ("parquet",)
EXIT_FAILED = 1


@app.command("export")
def export_command(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Folder for the export; replaced whole if it holds an earlier export.",
        ),
    ],
    export_format: Annotated[
        str, typer.Option("--format", help="Output format (parquet).")
    ] = "parquet",
    db_file: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Export vacancies, observations, features, links, snapshots and quarantine as zstd Parquet
    partitioned source=…/month=… (docs/scaling.md). The folder appears complete or not at all."""
    # Imported when an export runs: `payscope --help` waits for neither DuckDB nor the exporter.
    import duckdb

    from pipelines.warehouse.export import ExportError, check_target, export_parquet, folder_bytes

    if export_format not in FORMATS:
        raise _fail(f"--format {export_format}: not supported; use one of {', '.join(FORMATS)}")
    try:
        check_target(out, config.db_path(db_file))  # before opening: a typo fails fast
    except ExportError as exc:
        raise _fail(str(exc)) from None
    started = time.monotonic()
    with _open_warehouse(db_file, read_only=True) as con, _table_progress() as on_table:
        try:
            manifest = export_parquet(con, out, on_table, _note_cleanup)
        except ExportError as exc:
            raise _fail(str(exc)) from None
        except (OSError, duckdb.Error) as exc:
            # Disk full or read-only: exit 4, a damaged warehouse: 2, as for every command.
            told = explain(exc, ["--db", str(config.db_path(db_file))], EXIT_CANNOT_WRITE,
                           EXIT_USAGE)  # fmt: skip
            reason, code = told or (exc, EXIT_FAILED)
            raise _fail(f"export failed, {out} is as it was: {reason}", code) from None
    if json_output:
        sys.stdout.write(orjson.dumps(manifest, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    echo(summary_line(manifest, out, folder_bytes(out), time.monotonic() - started))


def _note_cleanup(removed: list[Path]) -> None:
    names = ", ".join(markup(p.name) for p in removed)
    err.print(f"removed {len(removed)} staging folder(s) left by interrupted exports: {names}")


def summary_line(manifest: dict, out: Path, size: int, seconds: float) -> str:
    """One line: what was exported, where, how big, how long."""
    rows = manifest["tables"]
    return (
        f"exported {len(rows)} tables ({rows['vacancies']['rows']} vacancies, "
        f"{rows['vacancy_observations']['rows']} observations) to {out} "
        f"as Parquet: {size / 1e6:.1f} MB in {seconds:.1f} s"
    )


@contextmanager
def _table_progress() -> Iterator:
    """A bar over the tables on stderr; silent when not on a terminal."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from pipelines.warehouse.export import TABLES

    columns = (TextColumn("exporting {task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err.console, transient=True) as bar:
        task = bar.add_task("", total=len(TABLES))
        order = list(TABLES)
        yield lambda name: bar.update(task, description=name, completed=order.index(name))
