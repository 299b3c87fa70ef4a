"""`payscope refresh`: readers never see an error or half a load, one refresh at a time, a worse
model stays out, and a folder loaded before changes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from models import artifacts
from pipelines.analytics.model_guard import identity_of
from pipelines.cli import app
from pipelines.refresh.config import Tolerance, load_config
from pipelines.refresh.promote import promotion_decision
from pipelines.refresh.run import EXIT_LOCKED, refresh
from pipelines.warehouse import db, lock
from pipelines.warehouse.copy import file_state, publish, stage_copy

REPO = Path(__file__).resolve().parents[1]
PAYSCOPE = [sys.executable, "-c", "from pipelines.cli import main; main()"]
ANSWER = "select count(*), sum(pay_mid_rub) from vacancies"
# Queries the warehouse in a loop the way the app does: a fresh read-only connection each time.
READER = """
import json, os, sys, time, duckdb
path, stop, out = sys.argv[1:4]
with open(out, "w", buffering=1) as log:
    while not os.path.exists(stop):
        began = time.time()
        try:
            con = duckdb.connect(path, read_only=True)
            try:
                answer, error = str(con.execute(sys.argv[4]).fetchone()), None
            finally:
                con.close()
        except Exception as exc:
            answer, error = None, repr(exc)
        log.write(json.dumps([began, time.time(), answer, error]) + "\\n")
"""
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """Four weekly demo snapshots and a warehouse with the first three loaded and featured."""
    from pipelines.demo import generate_demo
    from pipelines.warehouse.feature_store import update_features
    from pipelines.warehouse.load import ingest

    root = tmp_path_factory.mktemp("refresh")
    generate_demo(root / "snapshots", vacancies=600, snapshots=4)
    con = db.connect(root / "warehouse.duckdb")
    assert ingest(con, _snapshots(root)[:3]).ok
    update_features(con)
    con.close()
    return root


@pytest.fixture
def warehouse(demo, tmp_path) -> Path:
    path = tmp_path / "data" / "warehouse.duckdb"
    path.parent.mkdir()
    shutil.copyfile(demo / "warehouse.duckdb", path)
    return path


def _snapshots(root: Path) -> list[Path]:
    return sorted((root / "snapshots").glob("snapshot-*"))


def _answer(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return str(con.execute(ANSWER).fetchone())
    finally:
        con.close()


def _config(tmp_path: Path, retrain: bool) -> Path:
    config = tmp_path / "refresh.toml"
    models = tmp_path / "models"
    config.write_text(f'[paths]\nmodels = "{models}"\n[model]\nretrain = {str(retrain).lower()}\n')
    return config


def _wait_for_lines(path: Path, n: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and path.read_text().count("\n") >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"the reader wrote fewer than {n} answers in {timeout} s")


def test_readers_see_the_old_or_the_new_warehouse_never_an_error(demo, warehouse, tmp_path):
    old = _answer(warehouse)
    stop, answers_file = tmp_path / "stop", tmp_path / "answers.jsonl"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse), str(stop), str(answers_file), ANSWER]
    )
    try:
        _wait_for_lines(answers_file, 5)
        began = time.time()
        result = subprocess.run(
            [*PAYSCOPE, "refresh", "--db", str(warehouse), "--offline", str(demo / "snapshots"),
             "--config", str(_config(tmp_path, retrain=False))],
            cwd=REPO, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        ended = time.time()
        _wait_for_lines(answers_file, answers_file.read_text().count("\n") + 5)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    new = _answer(warehouse)
    answers = [json.loads(line) for line in answers_file.read_text().splitlines()]
    during = [a for a in answers if a[0] >= began and a[1] <= ended]
    seen = [a[2] for a in answers]

    assert result.returncode == 0, result.stderr
    assert new != old
    assert [a[3] for a in answers if a[3]] == []
    assert set(seen) == {old, new}
    assert seen.index(new) > 0 and set(seen[seen.index(new) :]) == {new}  # never back to old
    assert len(during) >= 5
    leftovers = [p.name for p in warehouse.parent.iterdir() if p.name.endswith((".next", ".wal"))]
    assert leftovers == []
    report = json.loads(next((warehouse.parent / "refresh_runs").glob("*.json")).read_text())
    assert report["status"] == "ok" and report["exit_code"] == 0
    assert report["steps"]["ingest"]["snapshots"] == {"already_loaded": 3, "loaded": 1}
    assert result.stdout.startswith("refresh ok") and report["run_id"] in result.stdout
    assert "published" in (warehouse.parent / "logs" / "refresh.log").read_text()
    run_from, run_to = (
        datetime.fromisoformat(report[k]).timestamp() for k in ("started_at", "finished_at")
    )
    in_run = [a[2] for a in answers if run_from <= a[0] and a[1] <= run_to]
    print(
        f"\n{len(during)} queries while the refresh process ran, {len(in_run)} within its run "
        f"({in_run.count(old)} old, {in_run.count(new)} new), {len(answers)} in all; 0 errors"
    )


def test_an_already_loaded_folder_changes_nothing_and_trains_nothing(demo, warehouse, tmp_path):
    before = file_state(warehouse)
    loaded = [str(p) for p in _snapshots(demo)[:3]]
    result = runner.invoke(
        app,
        ["refresh", "--db", str(warehouse), "--offline", loaded[0], "--offline", loaded[1],
         "--offline", loaded[2], "--config", str(_config(tmp_path, retrain=True)), "--json"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["status"] == "unchanged"
    assert report["steps"]["ingest"]["snapshots"] == {"already_loaded": 3}
    assert report["steps"]["features"]["built"] == 0
    assert report["steps"]["train"] == {"status": "skipped", "reason": "data unchanged"}
    assert "publish" not in report["steps"]
    assert file_state(warehouse) == before
    assert not (tmp_path / "models").exists()
    assert not warehouse.with_name("warehouse.duckdb.next").exists()


def test_a_second_refresh_exits_at_once_with_the_lock_code(demo, warehouse, tmp_path):
    settings = replace(load_config(None, warehouse), models=tmp_path / "models")
    training, release = threading.Event(), threading.Event()
    first = threading.Thread(
        target=refresh,
        args=(settings, _snapshots(demo)[:3]),
        kwargs={"force_train": True, "train": _fake_trainer(10_000, 0.8, training, release)},
    )
    first.start()
    try:
        assert training.wait(120), "the first refresh did not reach training"
        started = time.perf_counter()
        second = runner.invoke(
            app, ["refresh", "--db", str(warehouse), "--offline", str(demo / "snapshots")]
        )
        waited = time.perf_counter() - started
    finally:
        release.set()
        first.join(timeout=120)

    assert second.exit_code == EXIT_LOCKED == 3
    assert "another command is writing this warehouse (payscope refresh, PID" in second.output
    assert waited < 30  # at once, not after the first one
    assert len(list((warehouse.parent / "refresh_runs").glob("*.json"))) == 1  # the first's


def test_the_lock_refuses_a_second_holder_and_is_free_again_after(warehouse):
    path = load_config(None, warehouse).lock
    with lock.exclusive(path):
        with pytest.raises(lock.LockHeld, match="locked by another"), lock.exclusive(path):
            pass
    with lock.exclusive(path):
        pass


def test_a_worse_model_is_kept_out_and_a_better_one_made_current(demo, warehouse, tmp_path):
    models = tmp_path / "models"
    settings = replace(load_config(None, warehouse), models=models)
    mine = {"warehouse_id": identity_of(warehouse).warehouse_id, "data": "demo"}
    current = _fake_trainer(10_000, 0.80)(None, True, None, root=models, trained_on=mine)
    artifacts.set_current(models, current["version"])
    loaded = _snapshots(demo)[:3]

    worse = refresh(settings, loaded, force_train=True, train=_fake_trainer(10_300, 0.80))
    better = refresh(settings, loaded, force_train=True, train=_fake_trainer(9_900, 0.81))

    assert worse["exit_code"] == better["exit_code"] == 0
    kept, promoted = worse["steps"]["promote"], better["steps"]["promote"]
    assert kept["promoted"] is False and "+3.0%" in kept["reason"]
    assert (models / kept["candidate"] / artifacts.CARD_FILE).is_file()  # kept for a look
    assert promoted["promoted"] is True and promoted["current_before"] == current["version"]
    assert artifacts.current_version(models) == promoted["candidate"]
    assert [p.name for p in models.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("candidate", "current", "promote"),
    [
        (None, {"mae": 10_000, "coverage": 0.8}, False),
        ({"mae": 9_000, "coverage": 0.70}, {"mae": 10_000, "coverage": 0.8}, False),
        ({"mae": 9_000, "coverage": 0.86}, None, False),
        ({"mae": 9_000, "coverage": 0.85}, None, True),
        ({"mae": 10_200, "coverage": 0.75}, {"mae": 10_000, "coverage": 0.8}, True),
        ({"mae": 10_201, "coverage": 0.80}, {"mae": 10_000, "coverage": 0.8}, False),
        ({"mae": 9_000, "coverage": 0.80}, {"mae": 10_000, "coverage": 0.8}, True),
        # With baselines, skill against the baseline of the same backtest decides: a higher MAE
        # on a harder period can be the better model, a lower one on an easier period the worse.
        (
            {"mae": 12_000, "coverage": 0.8, "baseline_mae": 20_000},
            {"mae": 10_000, "coverage": 0.8, "baseline_mae": 15_000},
            True,
        ),
        (
            {"mae": 9_000, "coverage": 0.8, "baseline_mae": 10_000},
            {"mae": 10_000, "coverage": 0.8, "baseline_mae": 15_000},
            False,
        ),
        # A current card without a baseline: raw MAE, as before.
        (
            {"mae": 10_300, "coverage": 0.8, "baseline_mae": 20_000},
            {"mae": 10_000, "coverage": 0.8},
            False,
        ),
    ],
)
def test_promotion_rule(candidate, current, promote):
    assert promotion_decision(candidate, current, Tolerance()).promote is promote


def test_a_config_with_an_unknown_key_is_a_usage_error(tmp_path):
    config = tmp_path / "refresh.toml"
    config.write_text("[model]\nmax_mae_wrose = 0.05\n")
    result = runner.invoke(app, ["refresh", "--config", str(config), "--offline", str(tmp_path)])

    assert result.exit_code == 2
    assert "model.max_mae_wrose: unknown key; did you mean max_mae_worse?" in result.output


def _fake_trainer(mae: float, coverage: float, training=None, release=None):
    """Stands in for models.train.train_and_save: saves a card with the given backtest."""

    def train(rows, synthetic, until, root, backtest=True, trained_on=None):
        if training:
            training.set()
            release.wait(120)
        card = {
            "version": artifacts.new_version(label=f"fake{int(mae)}"),
            "data": "synthetic demo",
            "trained_on": trained_on,
            "backtest": {"model": {"mae": mae, "coverage": coverage, "n": 100}},
        }
        artifacts.save({"fake": True}, card, root)
        return card

    return train


def test_a_copy_is_not_published_over_a_warehouse_written_meanwhile(warehouse):
    staged, state = stage_copy(warehouse)
    con = duckdb.connect(str(warehouse))  # a `payscope ingest` by hand during the refresh
    con.execute("create table written_by_hand as select 1 as x")
    con.close()

    with pytest.raises(RuntimeError, match="changed while the refresh ran"):
        publish(staged, warehouse, state)
    assert staged.exists()
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select x from written_by_hand").fetchall() == [(1,)]
    con.close()


def test_a_refresh_trains_with_the_real_trainer_and_judges_its_backtest(demo, warehouse, tmp_path):
    from threadpoolctl import threadpool_limits

    import models.train  # noqa: F401  (loads OpenMP, so the one-thread limit reaches it)

    models_dir = tmp_path / "models"
    settings = replace(load_config(None, warehouse), models=models_dir)
    with threadpool_limits(1):
        report = refresh(settings, _snapshots(demo))  # the 4th snapshot is new: data changed

    assert report["exit_code"] == 0, report
    decision = report["steps"]["promote"]
    card = artifacts.load_card(decision["candidate"], models_dir)
    assert card["backtest"]["model"]["n"] > 0 and card["data"] == "synthetic demo"
    assert decision["promoted"] == (artifacts.current_version(models_dir) == card["version"])
