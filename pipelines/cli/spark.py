"""`payscope spark-load`: the loader's pipeline as a Spark job, writing a Parquet lake in the
export layout (docs/scaling.md). Needs the optional extra `payscope[spark]` and Java 17+."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer

from pipelines.cli.app import EXIT_FAILED_INPUT, JsonOption, _fail, app, err
from pipelines.core.safe_terminal import echo, markup
from pipelines.sources.framing import UnreadableFile
from pipelines.sources.snapshot_files import SnapshotFileError, parse_as_of


@app.command("spark-load")
def spark_load_command(
    paths: Annotated[list[Path], typer.Argument(help="Snapshot files or folders.")],
    out: Annotated[
        Path, typer.Option("--out", help="The lake folder; replaced whole if it holds one.")
    ],
    source: Annotated[
        str | None,
        typer.Option("--source", help="The files' format, as for `payscope ingest` "
                     "[default: the source a manifest.json names, else hh].", show_default=False),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="--source csv: the column mapping (TOML).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Snapshot time when no manifest.json says it (ISO 8601)."),
    ] = None,
    master: Annotated[
        str, typer.Option("--master", help="Spark master URL: local[*], local[2], spark://…")
    ] = "local[*]",
    json_output: JsonOption = False,
) -> None:
    """Parse, normalise, quarantine and build features as a Spark job, the same steps and rules
    as `payscope ingest` + `build-features`, and write the tables of `payscope export`."""
    from pipelines.spark.session import SparkUnavailable, spark_session
    from pipelines.warehouse.export import ExportError

    try:
        as_of_time = parse_as_of(as_of) if as_of else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    try:
        spark = spark_session(master)
    except SparkUnavailable as exc:
        raise _fail(f"spark-load cannot run: {exc}") from None
    from pipelines.spark.job import spark_load

    err.print(f"spark-load on {markup(master)} → {markup(out)} (Spark shows each stage)")
    try:
        result = spark_load(spark, paths, out, source, mapping, as_of_time)
    except (ExportError, SnapshotFileError, UnreadableFile, ValueError) as exc:
        raise _fail(str(exc)) from None
    finally:
        spark.stop()
    failed = [s for s in result.snapshots if s.status == "failed"]
    if json_output:
        sys.stdout.write(orjson.dumps(_summary(result), option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        for snap in failed:
            err.print(f"[red]failed:[/red] {markup(snap.display)}: {markup(snap.errors[0])}")
        echo(_line(result, out))
    if failed:
        raise typer.Exit(EXIT_FAILED_INPUT)


def _summary(result) -> dict:
    return {
        "manifest": result.manifest,
        "seconds": round(result.seconds, 2),
        "records_read": result.records_read,
        "snapshots": [
            {"path": s.display, "status": s.status, "snapshot_id": s.snapshot_id,
             "errors": s.errors}
            for s in result.snapshots
        ],
    }  # fmt: skip


def _line(result, out: Path) -> str:
    tables = result.manifest["tables"]
    loaded = sum(s.status == "loaded" for s in result.snapshots)
    rate = result.records_read / result.seconds if result.seconds else 0
    return (
        f"spark-load: {loaded} snapshot(s), {result.records_read} records read → "
        f"{tables['vacancies']['rows']} vacancies, {tables['vacancy_observations']['rows']} "
        f"observations, {tables['quarantine']['rows']} quarantined in {markup(out)} "
        f"in {result.seconds:.1f} s ({rate:,.0f} records/s)"
    )
