"""`payscope refresh`: the unattended update for schedulers (cron, systemd timers)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import orjson
import typer

from pipelines.cli.app import DbOption, JsonOption, _fail, app
from pipelines.cli.fetch import apis
from pipelines.core.moscow_time import MOSCOW
from pipelines.core.safe_terminal import VisibleFormatter, echo

EXIT_INTERRUPTED = 130
log = logging.getLogger("payscope.refresh")  # the refresh's own (pipelines/refresh/run.py)


@app.command("refresh")
def refresh_command(
    config_file: Annotated[
        Path | None,
        typer.Option("--config", help="Refresh settings (TOML; see docs/operations.md)."),
    ] = None,
    offline: Annotated[
        list[Path] | None,
        typer.Option(
            "--offline",
            help="Load snapshot folders already on disk instead of fetching (repeatable).",
        ),
    ] = None,
    db_file: DbOption = None,
    retrain: Annotated[
        bool, typer.Option("--retrain", help="Retrain even when no data changed.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Fetch (or take --offline snapshots) → ingest → features → retrain when the data changed →
    make the new model current only if its backtest is not worse. The dashboard keeps serving
    throughout. Exit codes: 0 ok, 1 a step failed, 2 usage or config error, 3 another refresh
    of this warehouse is running, 130 interrupted."""
    # Imported when a refresh runs, so the other commands do not load it at start-up.
    from pipelines.refresh.config import ConfigError, load_config
    from pipelines.refresh.run import EXIT_LOCKED, EXIT_USAGE, offline_batches, refresh
    from pipelines.sources.snapshot_files import SnapshotFileError
    from pipelines.warehouse.lock import LockHeld

    try:
        settings = load_config(config_file, db_file, tuple(apis()))
        if offline:
            offline_batches(offline)  # a missing folder is a usage error, found before the lock
    except (ConfigError, SnapshotFileError) as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    with _logging(settings.log):
        try:
            report = refresh(settings, offline or None, force_train=retrain, apis=apis())
        except LockHeld as exc:
            log.error("%s", exc)
            raise typer.Exit(EXIT_LOCKED) from None
        except KeyboardInterrupt:
            log.error("interrupted; nothing half-done went live (the copy is deleted next time)")
            raise typer.Exit(EXIT_INTERRUPTED) from None
    if json_output:
        sys.stdout.write(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        echo(summary_line(report))
    raise typer.Exit(report["exit_code"])


class _MoscowTime(VisibleFormatter):
    """Log times in Moscow time to the second, with the offset (2026-12-06T11:48:31+0300)."""

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return f"{datetime.fromtimestamp(record.created, MOSCOW):%Y-%m-%dT%H:%M:%S%z}"


@contextmanager
def _logging(log_file: Path) -> Iterator[None]:
    """The refresh's log lines on stderr and appended to the log file."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handlers = [logging.StreamHandler(sys.stderr), logging.FileHandler(log_file, encoding="utf-8")]
    formatter = _MoscowTime("%(asctime)s %(levelname)s %(message)s")
    for handler in handlers:
        handler.setFormatter(formatter)
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield
    finally:
        for handler in handlers:
            log.removeHandler(handler)
            handler.close()


def summary_line(report: dict) -> str:
    """One line for the scheduler's mail: outcome, counts, model, where the full report is."""
    steps = report["steps"]
    parts = [f"refresh {report['status']} in {report['seconds']:.1f} s"]
    failed = [f"{name}: {s['error']}" for name, s in steps.items() if s["status"] == "failed"]
    if "error" in report:
        failed.append(report["error"])
    ingest = steps.get("ingest")
    if ingest and "snapshots" in ingest:
        snapshots = ", ".join(
            f"{n} {kind.replace('_', ' ')}" for kind, n in ingest["snapshots"].items()
        )
        parts.append(
            f"snapshots: {snapshots or 'none'}; {ingest['records_loaded']} records loaded, "
            f"{ingest['quarantined']} quarantined; vacancies {ingest['vacancies_before']} → "
            f"{ingest['vacancies_after']}"
        )
        if removed := ingest.get("replaced_demo"):
            parts.append(f"demo replaced ({removed['vacancies']} synthetic vacancies removed)")
    if "features" in steps and "built" in steps["features"]:
        parts.append(f"features {steps['features']['built']}")
    promote, train = steps.get("promote"), steps.get("train", {})
    if promote and "promoted" in promote:
        verdict = "promoted" if promote["promoted"] else "kept the current model"
        parts.append(f"model {promote['candidate']} {verdict} ({promote['reason']})")
    elif train.get("status") == "skipped":
        parts.append(f"no retraining ({train['reason']})")
    if failed:
        parts.append("FAILED " + "; ".join(failed))
    if "report_file" in report:
        parts.append(f"report {report['report_file']}")
    return "; ".join(parts)
