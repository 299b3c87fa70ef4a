"""The `payscope` command: thin wrappers over the pipeline modules."""

from __future__ import annotations

import shutil
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from pipelines import config, db, status
from pipelines.framing import UnreadableFile
from pipelines.load import ingest
from pipelines.safe_terminal import echo, markup
from pipelines.snapshot_files import SnapshotFileError, parse_as_of

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="PayScope: salary and labour-market analytics for the Russian job market.",
)
# Data never goes into markup unescaped (safe_terminal.markup); emoji codes stay text.
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file [default: $PAYSCOPE_DB or data/warehouse.duckdb]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

EXIT_FAILED_INPUT = 1  # some file could not be read; everything else was loaded
EXIT_USAGE = 2
EXIT_BUSY = 3  # another process holds the warehouse; try again later (refresh: another refresh)
EXIT_CANNOT_WRITE = 4  # the system refused a write: disk full, size limit, read-only folder


def main() -> None:
    try:
        app()
    except Exception as exc:  # what no command can recover from: one line, not a traceback
        from pipelines.fatal_errors import explain

        told = explain(exc, sys.argv[1:], EXIT_CANNOT_WRITE, EXIT_USAGE)
        if told is None:
            raise
        err.print(f"[red]error:[/red] {markup(told[0])}")
        sys.exit(told[1])


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    err.print(f"[red]error:[/red] {markup(message)}")
    return typer.Exit(code)


@contextmanager
def _open_warehouse(path: Path | None, read_only: bool = False):
    try:
        con = db.connect(config.db_path(path), read_only=read_only)
    except db.WarehouseBusy as exc:
        raise _fail(str(exc), EXIT_BUSY) from None
    except db.WarehouseError as exc:
        from pipelines.fatal_errors import refused_write

        raise _fail(str(exc), EXIT_CANNOT_WRITE if refused_write(exc) else EXIT_USAGE) from None
    try:
        yield con
    finally:
        con.close()


@contextmanager
def _byte_progress(total: int, label: str, enabled: bool):
    """A progress bar on stderr for long loads; silent when not on a terminal."""
    if not enabled or not err.is_terminal:
        yield None
        return
    columns = (
        TextColumn(label),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def _count_progress(label: str):
    """A spinner with a running count, for work whose total is not known in advance."""
    if not err.is_terminal:
        yield None
        return
    columns = (TextColumn(label), BarColumn(), TextColumn("{task.completed} records"))
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done: bar.update(task, completed=done)


@app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Snapshot files or folders (searched recursively).")
    ],
    db_file: DbOption = None,
    source: Annotated[
        str,
        typer.Option(
            "--source",
            help="Which source's format the files are in: hh, superjob, trudvsem, csv, "
            "telegram, jobposting, zarplata (hh.ru format stored as zarplata); csv:NAME reads "
            "with the mapping NAME from docs/mappings/ (or the TOML file NAME).",
        ),
    ] = "hh",
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
    from pipelines import cli_ready

    try:
        total = sum(p.stat().st_size for p in _all_files(paths))
    except (SnapshotFileError, OSError) as exc:
        raise _fail(str(exc)) from None
    started = time.perf_counter()
    with _open_warehouse(db_file) as con:
        with _byte_progress(total, "ingest", not json_output) as progress:
            try:
                report = ingest(
                    con, paths, source=source, as_of=as_of_time, progress=progress,
                    workers=workers, mapping=mapping,
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
    if source == "telegram" and not json_output:
        _note_skipped_messages(paths)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_INPUT)


def _note_skipped_messages(paths: list[Path]) -> None:
    """Telegram messages that are not vacancy posts are not records; say how many were passed."""
    from pipelines.sources.telegram.parse import skipped

    counts = Counter()
    for file in _all_files(paths):
        counts += skipped(file.read_bytes())
    if counts:
        reasons = ", ".join(f"{n} {reason}" for reason, n in counts.most_common())
        print(
            f"{counts.total()} message(s) skipped as not vacancy posts ({reasons}); "
            "the rule is in docs/sources.md"
        )


def _all_files(paths: list[Path]) -> list[Path]:
    from pipelines.snapshot_files import plan_snapshots

    return [f for plan in plan_snapshots(paths) for f in plan.files]


@app.command("demo")
def demo_command(
    db_file: DbOption = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Where to write the snapshots.")
    ] = None,
    vacancies: Annotated[int, typer.Option(min=1, help="Distinct vacancies to generate.")] = 20000,
    snapshots: Annotated[int, typer.Option(min=1, help="Weekly snapshots to generate.")] = 12,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same data.")] = 42,
    end: Annotated[
        str | None,
        typer.Option("--end", help="Day of the last snapshot (YYYY-MM-DD); default today."),
    ] = None,
    if_missing: Annotated[
        bool,
        typer.Option("--if-missing", help="Do nothing when the warehouse already has vacancies."),
    ] = False,
    train: Annotated[
        bool, typer.Option(help="Train the pay model on the demo data afterwards (made current).")
    ] = True,
) -> None:
    """Generate synthetic hh.ru-format snapshots (clearly marked as demo data), load them,
    build the features and train the pay model, so every dashboard page has something to show."""
    from pipelines import cli_ready
    from pipelines.demo import generate_demo

    target = config.db_path(db_file)
    if cli_ready.refuse_demo_on_real(target, if_missing):
        return
    if if_missing and target.exists():
        with _open_warehouse(target, read_only=True) as con:
            has_vacancies = status.vacancy_count(con) > 0
        if has_vacancies:
            err.print(f"{markup(target)}: already has vacancies; leaving it as it is")
            if train and cli_ready.demo_needs_model(target):
                _train_demo(db_file)
            return
    try:  # the demo ends today, so a new install is not greeted by «data is stale»
        last_day = date.fromisoformat(end) if end else date.today()
    except ValueError:
        raise _fail(f"--end {end!r}: not a date, use YYYY-MM-DD") from None
    folder = config.demo_dir(out_dir)
    for old in folder.glob("snapshot-*"):
        shutil.rmtree(old)  # the generator is deterministic: same arguments, same files
    started = time.perf_counter()
    err.print(
        f"generating {vacancies} synthetic vacancies in {snapshots} weekly snapshots ending "
        f"{last_day} → {markup(folder)}"
    )
    with _count_progress("generate") as progress:
        summary = generate_demo(
            folder, vacancies=vacancies, snapshots=snapshots, seed=seed, end=last_day,
            progress=progress,
        )
    err.print(
        f"generated {summary.records} records in {time.perf_counter() - started:.1f} s; loading"
    )
    _run_ingest([folder], db_file, "hh", None, None, False, list_quarantine=False)
    err.print(
        f"{summary.bad_records} of the quarantined records are bad on purpose: the demo includes "
        "them to show quarantine (see `payscope status`)"
    )
    if train:
        _train_demo(db_file)


def _train_demo(db_file: Path | None) -> None:
    """The demo's own model, beside the demo warehouse."""
    from pipelines.cli_model import train_command

    try:
        train_command(db_file=db_file, until=None, data="demo", json_output=False)
    except typer.Exit as exc:
        if exc.exit_code:  # too little data to train: the error says why; the demo stands
            err.print("no model trained; the dashboard works without one (`payscope train`)")


@app.command("build-features")
def build_features_command(db_file: DbOption = None, json_output: JsonOption = False) -> None:
    """Extract features (sector, role family, languages, schedule, …) for new and changed
    vacancies into `vacancy_features`; vacancies whose features are current are skipped."""
    _build_features(db_file, json_output)


def _build_features(db_file: Path | None, json_output: bool) -> None:
    from pipelines.cli_ready import build_features

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
    from pipelines.cli_ready import data_and_model, data_and_model_lines

    with _open_warehouse(db_file, read_only=True) as con:
        summary = status.summary(con)
        summary.update(data_and_model(con, db_file))
    if json_output:
        sys.stdout.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    echo(status.render(summary))
    if summary["snapshots"]:
        echo(data_and_model_lines(summary))


# The model and fetch commands live in their own modules; importing them registers them on `app`.
from pipelines import (  # noqa: E402, F401
    cli_export,
    cli_fetch,
    cli_model,
    cli_profession,
    cli_refresh,
    cli_text,
)

if __name__ == "__main__":
    main()
