"""`payscope ingest`, `build-features`, `features` and `status`: loading snapshots into the
warehouse and saying what is in it."""

from __future__ import annotations

import sys
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path
from typing import Annotated

import orjson
import typer

from pipelines.cli.app import (
    EXIT_FAILED_INPUT,
    DbOption,
    JsonOption,
    _byte_progress,
    _fail,
    _open_warehouse,
    app,
    err,
    writes_warehouse,
)
from pipelines.core.safe_terminal import echo
from pipelines.sources.snapshot_files import SnapshotFileError, parse_as_of


@app.command("ingest")
@writes_warehouse("ingest")
def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Snapshot files or folders (searched recursively).")
    ],
    db_file: DbOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Which source's format the files are in: hh, superjob, trudvsem, csv, "
            "telegram, jobposting, zarplata (hh.ru format stored as zarplata); csv:NAME reads "
            "with the mapping NAME from docs/mappings/ (or the TOML file NAME). "
            "[default: the source a snapshot's manifest.json names, else hh]",
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="--source csv: the column mapping (TOML) [default: mapping.toml beside the data].",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Snapshot time when no manifest.json says it (ISO 8601)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Parser processes [default: CPU count].")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Load vacancy snapshots (hh.ru, SuperJob or Trudvsem API JSON, JSON Lines, .gz; CSV or
    JSON exports through a column mapping with --source csv)."""
    try:
        as_of_time = parse_as_of(as_of) if as_of else None
    except SnapshotFileError as exc:
        raise _fail(str(exc)) from None
    _run_ingest(
        paths, db_file, source, as_of_time, workers, json_output, list_quarantine=True,
        mapping=mapping,
    )  # fmt: skip


def _run_ingest(
    paths, db_file, source, as_of_time, workers, json_output, list_quarantine, mapping=None
) -> None:
    """Load, then bring features and the dashboard's mart up to date: a ready warehouse."""
    # Imported here, not at the top: the loader pulls in every source's parser (and their
    # libraries), which `payscope --help` must not wait for.
    from pipelines.cli import ready as cli_ready
    from pipelines.sources.framing import UnreadableFile
    from pipelines.warehouse import status
    from pipelines.warehouse.load import ingest
    from pipelines.warehouse.load_plan import planned_snapshots

    try:
        planned = planned_snapshots(paths, source, mapping)
        total = sum(f.stat().st_size for p in planned for f in p.plan.files)
    except (SnapshotFileError, OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    started = time.perf_counter()
    with _open_warehouse(db_file) as con:
        with _byte_progress(total, "ingest", not json_output) as progress:
            try:
                report = ingest(
                    con, paths, source=source, as_of=as_of_time, progress=progress,
                    workers=workers, mapping=mapping, derive=False,  # rebuilt with the features
                )  # fmt: skip
            except (SnapshotFileError, UnreadableFile, ValueError) as exc:
                raise _fail(str(exc)) from None
        quarantined = status.recent_quarantine(con, [s.snapshot_id for s in report.snapshots])
        features = cli_ready.build_features(con, quiet=json_output)
    if not list_quarantine:
        quarantined = []
    seconds = time.perf_counter() - started
    hint = cli_ready.next_step(db_file) if list_quarantine else None  # demo trains next anyway
    cli_ready.report_ingest(report, quarantined, seconds, json_output, features, hint)
    telegram = [f for p in planned if p.source == "telegram" for f in p.plan.files]
    if telegram and not json_output:
        _note_skipped_messages(telegram)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_INPUT)


def _note_skipped_messages(files: list[Path]) -> None:
    """Telegram messages that are not vacancy posts are not records; say how many were passed."""
    from pipelines.sources.telegram.parse import skipped_in

    counts = Counter()
    for file in files:
        with suppress(OSError, ValueError):  # a file the load failed has said so already
            counts += skipped_in(file)
    if counts:
        reasons = ", ".join(f"{n} {reason}" for reason, n in counts.most_common())
        print(
            f"{counts.total()} message(s) skipped as not vacancy posts ({reasons}); "
            "the rule is in docs/sources.md"
        )


@app.command("build-features")
@writes_warehouse("build-features")
def build_features_command(db_file: DbOption = None, json_output: JsonOption = False) -> None:
    """Extract features (sector, role family, languages, schedule, …) for new and changed
    vacancies into `vacancy_features`; vacancies whose features are current are skipped."""
    _build_features(db_file, json_output)


def _build_features(db_file: Path | None, json_output: bool) -> None:
    from pipelines.cli.ready import build_features

    with _open_warehouse(db_file) as con:
        update = build_features(con, quiet=json_output)
    rate = f", {update.built / update.seconds:.0f} vacancies/s" if update.built else ""
    if json_output:
        payload = {"built": update.built, "seconds": round(update.seconds, 3)}
        sys.stdout.write(orjson.dumps(payload).decode() + "\n")
    else:
        err.print(f"features: {update.built} vacancies (re)built in {update.seconds:.1f} s{rate}")


@app.command("features")
def features_command(
    title: Annotated[str, typer.Option("--title", help="Vacancy title.")],
    text: Annotated[str | None, typer.Option("--text", help="Description or snippet text.")] = None,
    employer: Annotated[str | None, typer.Option("--employer", help="Employer name.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Show what the feature extractors make of a title and text (no warehouse needed)."""
    # Imported here: pymorphy3's dictionaries take a noticeable time to load.
    from pipelines.features import VacancyInput, extract_features
    from pipelines.features.records import describe

    features = extract_features(
        VacancyInput(title=title, employer_name=employer, description_text=text)
    )
    if json_output:
        payload = orjson.dumps(features.as_dict(), option=orjson.OPT_INDENT_2)
        sys.stdout.write(payload.decode() + "\n")
        return
    echo(describe(features))


@app.command("status")
def status_command(db_file: DbOption = None, json_output: JsonOption = False) -> None:
    """Counts, snapshots, freshness and quarantine of the warehouse."""
    from pipelines.cli.ready import data_and_model, data_and_model_lines
    from pipelines.warehouse import status

    with _open_warehouse(db_file, read_only=True) as con:
        summary = status.summary(con)
        summary.update(data_and_model(con, db_file))
    if json_output:
        sys.stdout.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    echo(status.render(summary))
    if summary["snapshots"]:
        echo(data_and_model_lines(summary))
