"""`payscope build-features | train | evaluate | predict` on a demo warehouse."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.warehouse import db
from tests.conftest import build_demo_warehouse

runner = CliRunner()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A demo warehouse with features and a model trained on it: (db file, model card)."""
    root = tmp_path_factory.mktemp("model")
    db_file = build_demo_warehouse(root, vacancies=4000)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAYSCOPE_MODELS", str(root / "models"))
        result = runner.invoke(app, ["train", "--db", str(db_file), "--json"])
        assert result.exit_code == 0, result.output
        yield db_file, json.loads(result.stdout), root / "models"


@pytest.fixture
def models_env(trained, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_MODELS", str(trained[2]))
    return trained


def test_train_builds_features_backtests_and_recovers_the_demo_premiums(trained):
    db_file, card, models = trained
    backtest = card["backtest"]

    assert card["data"] == "synthetic demo" and (models / card["version"]).is_dir()
    assert 0.70 <= backtest["model"]["coverage"] <= 0.90
    assert backtest["model"]["mae"] < backtest["baseline_role_sector_median"]["mae"]
    # The demo generator pays English ×1.25 and night shifts ×1.15 (pipelines/demo/settings.py).
    support = card["premiums"]["chat_support"]
    assert 0.10 < support["english_b2"]["premium"] < 0.40
    assert support["night_shifts"]["premium"] > 0.03
    con = db.connect(db_file, read_only=True)
    features, vacancies = con.execute(
        "select (select count(*) from vacancy_features), (select count(*) from vacancies)"
    ).fetchall()[0]
    con.close()
    assert features == vacancies


def test_predict_one_offer_gives_a_range_comparables_and_effects(models_env):
    db_file = models_env[0]
    result = runner.invoke(
        app,
        ["predict", "--title", "Оператор чата поддержки", "--language", "english:B2", "--night",
         "--remote", "--db", str(db_file), "--json"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    p = found["prediction"]
    assert p["p10"] <= p["p50"] <= p["p90"]
    assert found["comparable"] > 0
    assert found["effects"]["English (vs none)"] > 0
    assert found["effects"]["night shifts (vs day)"] > 0
    assert found["inputs"]["role_family"] == "chat_support"


def test_predict_batch_writes_a_csv(models_env, tmp_path):
    out = tmp_path / "predictions.csv"
    result = runner.invoke(
        app,
        ["predict", "--db", str(models_env[0]), "--from", "2026-10-01", "--output", str(out)],
    )

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert rows and set(rows[0]) == {"vacancy_id", "source", "p10", "p50", "p90"}
    assert all(float(r["p10"]) <= float(r["p50"]) <= float(r["p90"]) for r in rows)


def test_evaluate_prints_the_model_against_both_baselines(models_env):
    result = runner.invoke(app, ["evaluate", "--db", str(models_env[0]), "--until", "2026-10-20"])

    assert result.exit_code == 0, result.output
    assert "role × sector median" in result.stdout and "global median" in result.stdout
    assert "from 2026-10-20" in result.stdout


def test_train_without_data_and_predict_without_a_model_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_MODELS", str(tmp_path / "models"))
    db.connect(tmp_path / "empty.duckdb").close()

    train = runner.invoke(app, ["train", "--db", str(tmp_path / "empty.duckdb")])
    predict = runner.invoke(app, ["predict", "--title", "Оператор"])

    assert train.exit_code == 1 and "payscope demo" in train.stderr
    assert predict.exit_code == 1 and "payscope train" in predict.stderr


def test_predict_without_a_warehouse_still_gives_the_range(models_env, tmp_path):
    result = runner.invoke(
        app, ["predict", "--title", "Оператор колл-центра", "--db", str(tmp_path / "none.duckdb")]
    )

    assert result.exit_code == 0, result.output
    assert "P50" in result.stdout and "comparable vacancies: None" not in result.stdout
    assert "error" not in result.stderr
