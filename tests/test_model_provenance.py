"""A model belongs to its data: it records what it learnt from, and the CLI, the dashboard and
a Parquet export of the warehouse never let it answer other data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.warehouse import db
from pipelines.warehouse.export import export_parquet
from pipelines.warehouse.provenance import DataIdentity, mismatch
from tests.conftest import open_app
from tests.test_data_kind import real_snapshot

runner = CliRunner()


@pytest.fixture
def demo_and_models(trained_demo, tmp_path) -> tuple[Path, Path]:
    """A copy of the trained demo warehouse with its models beside it (data/…models)."""
    warehouse = Path(shutil.copy(trained_demo[0], tmp_path / "demo.duckdb"))
    models = Path(shutil.copytree(trained_demo[1], tmp_path / "demo.models"))
    return warehouse, models


def warnings(at) -> str:
    return " ".join(w.value for w in at.warning)


def card_of(models: Path) -> dict:
    version = (models / "CURRENT").read_text().strip()
    return json.loads((models / version / "model_card.json").read_text())


def test_a_card_records_the_warehouse_kind_sources_and_window(demo_and_models):
    warehouse, models = demo_and_models
    record = card_of(models)["trained_on"]

    con = db.connect(warehouse, read_only=True)
    warehouse_id = con.execute("select warehouse_id from warehouse_identity").fetchall()[0][0]
    con.close()
    assert record["warehouse_id"] == warehouse_id and len(warehouse_id) == 36
    assert record["data"] == "demo" and record["sources"] == ["hh"]
    assert record["published_from"] < record["published_until"] and record["rows"] > 100


def test_mismatch_names_why_a_model_must_not_answer():
    card = {"version": "v1", "trained_on": {"warehouse_id": "a" * 36, "data": "demo"}}

    assert mismatch(card, DataIdentity("a" * 36, "demo")) is None
    assert mismatch(card, DataIdentity("b" * 36, "demo")).reason == "other_warehouse"
    assert mismatch(card, DataIdentity("a" * 36, "real")).reason == "other_kind"
    assert mismatch(card, DataIdentity("a" * 36, "mixed")).reason == "other_kind"
    assert mismatch(card, DataIdentity(None, "demo")).reason == "no_identity"
    assert mismatch({"version": "old"}, DataIdentity("a" * 36, "demo")).reason == "no_record"
    found = mismatch(card, DataIdentity("b" * 36, "real", ("hh",), location="x.duckdb"))
    assert "payscope train --db x.duckdb" in found.message("ru")
    assert "синтетические демо-данные" in found.message("ru") and "id" not in found.message("ru")


def test_after_real_files_replace_the_demo_its_model_no_longer_answers(
    demo_and_models, tmp_path, monkeypatch
):
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    warehouse, _ = demo_and_models
    ingested = runner.invoke(app, ["ingest", str(real_snapshot(tmp_path)), "--db", str(warehouse)])
    assert "learnt from other data): payscope train --db" in ingested.stderr

    single = runner.invoke(
        app, ["predict", "--title", "Оператор чата", "--lang", "en", "--db", str(warehouse)]
    )
    batch = runner.invoke(
        app,
        [
            "predict",
            "--lang",
            "en",
            "--db",
            str(warehouse),
            "--from",
            "2025-01-01",
            "--output",
            str(tmp_path / "p"),
        ],
    )

    assert single.exit_code == batch.exit_code == 1
    assert "market data only" in single.stdout and "P50" not in single.stdout
    for result in (single, batch):
        assert "trained on other data (synthetic demo data" in result.stderr
        assert f"payscope train --db {warehouse}" in result.stderr.replace("\n", "")
    assert not (tmp_path / "p").exists()

    for page in ("model", "benchmark"):
        at = open_app(monkeypatch, warehouse, page)
        if page == "benchmark":
            at = next(b for b in at.button if b.label == "Оценить").click().run()
        assert not at.exception
        warning = " ".join(w.value for w in at.warning)
        assert "обучена на других данных (синтетические демо-данные" in warning
        assert "открыты реальные вакансии" in warning and "payscope train --db" in warning
    assert not [m for m in at.metric if m.label.startswith("Модель: P50") and m.value != "—"]
    assert any(m.label.startswith("Медиана сопоставимых") and m.value != "—" for m in at.metric)


def test_models_of_two_warehouses_coexist_and_each_answers_only_its_own(
    demo_and_models, tmp_path, monkeypatch
):
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    demo, demo_models = demo_and_models
    other = Path(shutil.copy(demo, tmp_path / "other.duckdb"))
    con = db.connect(other)  # the same data, but another warehouse (e.g. rebuilt elsewhere)
    con.execute("update warehouse_identity set warehouse_id = gen_random_uuid()::varchar")
    con.close()

    predict = ["predict", "--title", "Оператор чата", "--lang", "en", "--db"]
    own = runner.invoke(app, [*predict, str(demo)])
    none_yet = runner.invoke(app, [*predict, str(other)])
    monkeypatch.setenv("PAYSCOPE_MODELS", str(demo_models))
    foreign = runner.invoke(app, [*predict, str(other)])

    assert own.exit_code == 0 and "P50" in own.stdout
    assert none_yet.exit_code == 1 and f"no model trained on {other} yet" in none_yet.stderr
    assert foreign.exit_code == 1 and "it is another warehouse" in foreign.stderr
    for page in ("model", "benchmark"):
        at = open_app(monkeypatch, other, page, demo_models)
        if page == "benchmark":
            at = next(b for b in at.button if b.label == "Оценить").click().run()
        assert not at.exception and "это другой склад" in warnings(at)
        assert f"payscope train --db {other}" in warnings(at)
    assert [m.value for m in at.metric if m.label.startswith("Модель: P50")] == ["—"]
    monkeypatch.delenv("PAYSCOPE_MODELS")
    at = open_app(monkeypatch, demo, "model")
    assert not at.exception and "других данных" not in warnings(at) and at.markdown  # its own
    assert (demo_models / "CURRENT").is_file() and not (tmp_path / "other.models").exists()


def test_a_parquet_export_carries_the_identity_the_model_is_checked_against(
    demo_and_models, tmp_path, monkeypatch
):
    warehouse, models = demo_and_models
    con = db.connect(warehouse, read_only=True)
    manifest = export_parquet(con, tmp_path / "export")
    con.close()
    assert manifest["data"]["warehouse_id"] == card_of(models)["trained_on"]["warehouse_id"]
    assert manifest["data"]["kind"] == "demo" and manifest["data"]["warehouse"] == str(warehouse)

    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    monkeypatch.setenv("PAYSCOPE_PARQUET", str(tmp_path / "export"))
    at = open_app(monkeypatch, tmp_path / "nowhere.duckdb", "model")  # models beside the source
    assert not at.exception and "других данных" not in warnings(at) and at.markdown

    about = json.loads((tmp_path / "export" / "_manifest.json").read_text())
    about["data"]["warehouse_id"] = "another"
    (tmp_path / "export" / "_manifest.json").write_text(json.dumps(about))
    at = open_app(monkeypatch, tmp_path / "nowhere.duckdb", "model", models)
    assert not at.exception and "это другой склад" in warnings(at)
