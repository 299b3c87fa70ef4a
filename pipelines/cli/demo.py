"""`payscope demo`: synthetic hh.ru-format snapshots, loaded and modelled, so every dashboard
page has something to show."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli.app import (
    DbOption,
    _count_progress,
    _fail,
    _open_warehouse,
    app,
    err,
    writes_warehouse,
)
from pipelines.cli.ingest import _run_ingest
from pipelines.core import config
from pipelines.core.safe_terminal import markup


@app.command("demo")
@writes_warehouse("demo")
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
    from pipelines.cli import ready as cli_ready
    from pipelines.demo import generate_demo
    from pipelines.warehouse import status

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
    from pipelines.cli.model import train_command

    try:
        train_command(db_file=db_file, until=None, data="demo", json_output=False)
    except typer.Exit as exc:
        if exc.exit_code:  # too little data to train: the error says why; the demo stands
            err.print("no model trained; the dashboard works without one (`payscope train`)")
