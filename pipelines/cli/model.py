"""`payscope train | evaluate`: fitting and backtesting the pay model from the command line
(`predict` is in predict.py)."""

from __future__ import annotations

import math
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import orjson
import typer

from pipelines.cli.app import (
    DbOption,
    JsonOption,
    _fail,
    _open_warehouse,
    app,
    err,
    writes_warehouse,
)
from pipelines.cli.ingest import _build_features
from pipelines.core import config
from pipelines.core.safe_terminal import echo
from pipelines.sources.snapshot_files import SnapshotFileError, parse_as_of

DataOption = Annotated[
    str,
    typer.Option(
        "--data",
        help="Train on 'real' or 'demo' data; 'auto' = real when there is any. Never mixed.",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Use vacancies published before this date (ISO 8601)."),
]


@app.command("train")
@writes_warehouse("train")
def train_command(
    db_file: DbOption = None,
    until: UntilOption = None,
    data: DataOption = "auto",
    backtest: Annotated[
        bool, typer.Option(help="Also backtest on the latest slice before fitting.")
    ] = True,
    json_output: JsonOption = False,
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--parquet",
            help="Train from a Parquet lake (`payscope export` or `spark-load`) instead of --db.",
        ),
    ] = None,
) -> None:
    """Fit the pay model (P10/P50/P90 of monthly gross RUB) and save it as the current one."""
    from models import artifacts, dataset
    from models.train import train_and_save
    from pipelines.analytics.model_guard import training_record
    from pipelines.core.resources import background_work

    cutoff = _date(until)
    if parquet is None:
        _build_features(db_file, json_output=False)  # new or changed vacancies since last run
    warehouse = config.db_path(db_file) if parquet is None else _lake_home(parquet)
    opened = _open_warehouse(db_file, read_only=True) if parquet is None else _open_lake(parquet)
    with opened as con:
        try:
            synthetic = dataset.data_kind(con, data)
            rows = dataset.training_rows(con, synthetic, cutoff)
        except dataset.NoTrainingData as exc:
            raise _fail(str(exc), 1) from None
        record = training_record(con, warehouse if parquet is None else parquet, rows, synthetic)
    err.print(f"training on {len(rows)} {'demo' if synthetic else 'real'} vacancies with pay …")
    try:
        root = artifacts.artifacts_root(warehouse)  # beside the warehouse: its own models
        # Bounded BLAS/OpenMP pools: on two cores, threads per core would thrash beside a
        # dashboard or a load ($PAYSCOPE_THREADS raises it on a machine to itself).
        with background_work():
            card = train_and_save(
                rows, synthetic, cutoff, root, backtest=backtest, trained_on=record
            )
    except ValueError as exc:
        raise _fail(str(exc), 1) from None
    if json_output:
        _print_json(card)
        return
    echo(
        f"model {card['version']} trained in {card['train_seconds']} s and made current "
        f"for {warehouse} (models in {root})"
    )
    if "backtest" in card:
        echo(_backtest_lines(card["backtest"]))
    for family, found in sorted(card["premiums"].items()):
        english, night = found["english_b2"], found["night_shifts"]
        echo(
            f"  {family} (n={found['n']}): English B2 {_pct(english)}, night shifts {_pct(night)}"
        )


def _lake_home(lake: Path) -> Path:
    """Where a lake's models go, as the dashboard looks for them (app_pages/_data.models_root):
    beside the warehouse an export names, else beside the lake folder (LAKE.models/)."""
    from pipelines.warehouse.parquet_source import export_data

    return Path(export_data(lake).get("warehouse") or lake)


@contextmanager
def _open_lake(lake: Path):
    """The lake's tables as views (pipelines/warehouse/parquet_source.py), as the dashboard
    reads them."""
    from pipelines.warehouse.parquet_source import ParquetSourceError, connect_parquet

    try:
        con = connect_parquet(lake)
    except ParquetSourceError as exc:
        raise _fail(str(exc)) from None
    # The training query leaves out dates that are only the snapshot's (published_estimated),
    # which the export does not carry: such a date is its snapshot's time to the microsecond.
    con.execute(
        "create view vacancy_current as select v.source, v.vacancy_id, "
        "coalesce(v.source like 'csv:%' and v.published_at = s.fetched_at, false) "
        "as published_estimated from vacancies as v "
        "left join snapshots as s on s.snapshot_id = v.last_snapshot_id"
    )
    try:
        yield con
    finally:
        con.close()


@app.command("evaluate")
def evaluate_command(
    db_file: DbOption = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Test on vacancies published from this date on."),
    ] = None,
    data: DataOption = "auto",
    json_output: JsonOption = False,
) -> None:
    """Backtest by time: fit before the cut-off, calibrate on the slice before it, test after."""
    from models import dataset
    from models.train import evaluate, prepare

    with _open_warehouse(db_file, read_only=True) as con:
        try:
            synthetic = dataset.data_kind(con, data)
            rows = dataset.training_rows(con, synthetic)
        except dataset.NoTrainingData as exc:
            raise _fail(str(exc), 1) from None
    try:
        groups = rows.reindex(columns=["source", "currency"])
        report = evaluate(*prepare(rows), test_from=_date(until), groups=groups)
    except ValueError as exc:
        raise _fail(str(exc), 1) from None
    report["data"] = "synthetic demo" if synthetic else "real"
    if json_output:
        _print_json(report)
    else:
        echo(_backtest_lines(report))


def _date(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_as_of(text)
    except SnapshotFileError as exc:
        raise _fail(str(exc)) from None


def _backtest_lines(report: dict) -> str:
    rows = report["rows"]
    lines = [
        f"backtest: P10/P90 fitted on {rows['train']} vacancies until "
        f"{report['train_until'][:10]}, calibrated on the next {rows['calibration']}; P50 on "
        f"{rows.get('median', rows['train'])} and baselines on all "
        f"{rows.get('before_test', rows['train'])} before the test; tested on {rows['test']} "
        f"from {report['test_from'][:10]}",
        f"  {'':26} {'MAE':>10} {'MAPE':>7} {'pinball':>9} {'P10–P90 coverage':>17} "
        f"{'mean width':>11} {'median width':>13}",
    ]
    for label, key in (
        ("model", "model"),
        ("global median", "baseline_global_median"),
        ("role × sector median", "baseline_role_sector_median"),
    ):
        m = report[key]
        lines.append(
            f"  {label:26} {_rub(m['mae']):>10} {m['mape']:>7.1%} {m['pinball']:>9.0f} "
            f"{m['coverage']:>17.1%} {_rub(m['mean_width']):>11} "
            f"{_rub(m.get('median_width', math.nan)):>13}"
        )
    if report.get("mae_vs_role_sector") is not None:
        lines.append(f"  P50 MAE vs role × sector median: {report['mae_vs_role_sector']:+.1%}")
    if report.get("calibration_by_decile"):
        shares = " ".join(f"{d['coverage']:.0%}" for d in report["calibration_by_decile"])
        lines.append(f"  P10–P90 coverage by decile of predicted P50: {shares}")
    for key, label in (
        ("source", "source"),
        ("currency", "pay currency"),
        ("role_family", "role family"),
    ):
        for group in report.get(f"coverage_by_{key}", []):
            lines.append(
                f"  coverage for {label} {group['group']}: {group['coverage']:.1%} of "
                f"{group['n']}, median width {_rub(group['median_width'])}"
            )
    unseen = rows.get("test_unseen_source")
    if unseen:
        lines.append(
            f"  {unseen} of the {rows['test']} test vacancies come from sources absent from the "
            "calibration slice: coverage is promised only for vacancies like that slice"
        )
    calibration = report.get("calibration")
    if calibration:
        lines.append(
            f"  pay drift {math.expm1(calibration['drift_per_year_log']):+.1%} a year "
            f"(± {calibration['drift_se_log']:.1%}), conformal offset "
            f"{calibration['offset_log']:+.3f} log on {calibration['rows']} vacancies"
        )
        for own in calibration.get("offset_by_source", []):
            if own["offset_log"] > calibration["offset_log"]:
                lines.append(
                    f"  source {own['source']}: own conformal offset {own['offset_log']:+.3f} "
                    f"log ({own['rows']} calibration vacancies)"
                )
    return "\n".join(lines)


def _pct(found: dict) -> str:
    """A premium of the model card (models/premiums.py) in words, with n on both sides."""
    sides = f"n={found['n_with']} with / {found['n_without']} without" if "n_with" in found else ""
    if found.get("premium") is None:
        word = "no data" if found.get("reason") == "no_data" else "too few"
        return word + (f" ({sides})" if sides else "")
    low, high = found["interval_90"]
    zero = ", not distinguishable from zero" if low <= 0 <= high else ""
    note = f" ({sides}{zero})" if sides else zero
    return f"{found['premium']:+.1%} [{low:+.1%}, {high:+.1%}]{note}"


def _rub(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.0f} ₽".replace(",", " ")


def _print_json(payload: dict) -> None:
    sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")
