"""Demo and real data never blend: real files replace the demo in every layer, the demo is
refused by a warehouse of real data, and `payscope ingest` leaves a ready warehouse."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.warehouse import db
from pipelines.warehouse.data_kind import DEMO, REAL, features_behind, warehouse_kind
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()
# Every layer a synthetic row can sit in, and how to find it there.
SYNTHETIC_ROWS = {
    "snapshots": "select count(*) from snapshots where is_synthetic",
    "observations": "select count(*) from observations where is_synthetic",
    "vacancy_current": "select count(*) from vacancy_current where is_synthetic",
    "dashboard_vacancies": "select count(*) from dashboard_vacancies where is_synthetic",
    "raw_records": "select count(*) from raw_records where snapshot_id not in "
    "(select snapshot_id from snapshots)",
    "quarantine": "select count(*) from quarantine where snapshot_id not in "
    "(select snapshot_id from snapshots)",
    "snapshot_files": "select count(*) from snapshot_files where snapshot_id not in "
    "(select snapshot_id from snapshots)",
    "vacancy_features": "select count(*) from vacancy_features f anti join vacancy_current v "
    "using (source, vacancy_id)",
    "vacancy_links": "select count(*) from vacancy_links l anti join vacancy_current v "
    "using (source, vacancy_id)",
}


def real_items(n: int, start: str = "2025-01-06") -> list[dict]:
    """`n` real-looking hh.ru items, one a day, with pay that grows with English and nights."""
    first = datetime.fromisoformat(start)
    items = []
    for i in range(n):
        low = 30_000 + (i % 7) * 4_000
        items.append(
            hh_item(
                f"9{i:05d}",
                name=("Оператор чата" if i % 3 else "Специалист поддержки")
                + " с английским" * (i % 4 == 0),
                published_at=(first + timedelta(days=i)).strftime("%Y-%m-%dT10:00:00+0300"),
                salary={"from": low, "to": low + 10_000, "currency": "RUR", "gross": True},
                employer={"id": str(700 + i % 11), "name": f"Компания {i % 11}"},
            )
        )
    return items


def real_snapshot(root: Path, n: int = 6) -> Path:
    write_json(root / "real" / "page.json", hh_page(*real_items(n)))
    return root / "real"


@pytest.fixture
def demo_copy(demo_warehouse, tmp_path) -> Path:
    """A copy of the session's small demo warehouse (800 synthetic vacancies, features built)."""
    return Path(shutil.copy(demo_warehouse, tmp_path / "warehouse.duckdb"))


def synthetic_rows(path: Path) -> dict[str, int]:
    con = db.connect(path, read_only=True)
    try:
        return {t: con.execute(sql).fetchall()[0][0] for t, sql in SYNTHETIC_ROWS.items()}
    finally:
        con.close()


def test_real_files_replace_the_demo_in_every_layer_and_ingest_says_so(demo_copy, tmp_path):
    con = db.connect(demo_copy, read_only=True)
    demo_vacancies = con.execute("select count(*) from vacancies").fetchall()[0][0]
    con.close()

    result = runner.invoke(app, ["ingest", str(real_snapshot(tmp_path)), "--db", str(demo_copy)])

    assert result.exit_code == 0, result.output
    assert f"replaced the synthetic demo: removed {demo_vacancies} demo vacancies" in result.stderr
    assert set(synthetic_rows(demo_copy).values()) == {0}
    con = db.connect(demo_copy, read_only=True)
    assert warehouse_kind(con) == REAL
    assert con.execute("select count(*) from vacancies").fetchall()[0][0] == 6
    assert con.execute("select count(*) from snapshots").fetchall()[0][0] == 1
    con.close()


def test_a_real_snapshot_that_fails_leaves_the_demo_as_it_was(demo_copy, tmp_path):
    (tmp_path / "notes.json").write_text("hello", encoding="utf-8")
    before = synthetic_rows(demo_copy)

    result = runner.invoke(app, ["ingest", str(tmp_path / "notes.json"), "--db", str(demo_copy)])

    assert result.exit_code == 1
    assert "replaced the synthetic demo" not in result.output
    assert synthetic_rows(demo_copy) == before
    con = db.connect(demo_copy, read_only=True)
    assert warehouse_kind(con) == DEMO
    con.close()


def test_demo_on_a_warehouse_of_real_data_refuses_with_the_command_to_use(tmp_path):
    warehouse = tmp_path / "real.duckdb"
    assert (
        runner.invoke(
            app, ["ingest", str(real_snapshot(tmp_path)), "--db", str(warehouse)]
        ).exit_code
        == 0
    )
    args = ["--db", str(warehouse), "--out", str(tmp_path / "demo"), "--vacancies", "50"]

    refused = runner.invoke(app, ["demo", *args])
    kept = runner.invoke(app, ["demo", "--if-missing", *args])

    assert refused.exit_code == 2
    assert "holds real data" in refused.stderr
    assert f"payscope demo --db {tmp_path / 'real-demo.duckdb'}" in refused.stderr
    assert kept.exit_code == 0 and "leaving it as it is" in kept.stderr
    assert not (tmp_path / "demo").exists()  # nothing generated, nothing loaded
    assert synthetic_rows(warehouse)["observations"] == 0


def test_demo_snapshots_are_refused_by_a_warehouse_of_real_data(demo_warehouse, tmp_path):
    warehouse = tmp_path / "real.duckdb"
    runner.invoke(app, ["ingest", str(real_snapshot(tmp_path)), "--db", str(warehouse)])
    demo_snapshots = demo_warehouse.parent / "snapshots"

    result = runner.invoke(app, ["ingest", str(demo_snapshots), "--db", str(warehouse)])

    assert result.exit_code == 1
    assert "a synthetic demo snapshot; this warehouse holds real data" in result.stderr
    assert synthetic_rows(warehouse)["observations"] == 0


def test_ingest_leaves_features_and_the_mart_ready_and_names_the_next_step(tmp_path):
    warehouse = tmp_path / "w.duckdb"

    result = runner.invoke(app, ["ingest", str(real_snapshot(tmp_path)), "--db", str(warehouse)])

    assert result.exit_code == 0, result.output
    assert "features built for 6 vacancies, dashboard up to date" in result.stdout
    assert f"no model trained on this warehouse: payscope train --db {warehouse}" in result.stderr
    con = db.connect(warehouse, read_only=True)
    assert features_behind(con) == 0
    mart = con.execute("select count(*), count(role_family) from dashboard_vacancies").fetchall()
    assert mart == [(6, 6)]
    con.close()


def test_batch_predict_works_right_after_an_ingest(tmp_path, monkeypatch):
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    warehouse = tmp_path / "w.duckdb"
    write_json(tmp_path / "real" / "page.json", hh_page(*real_items(160)))
    assert (
        runner.invoke(app, ["ingest", str(tmp_path / "real"), "--db", str(warehouse)]).exit_code
        == 0
    )
    trained = runner.invoke(app, ["train", "--db", str(warehouse), "--no-backtest"])
    assert trained.exit_code == 0, trained.output
    assert (tmp_path / "w.models" / "CURRENT").is_file()  # beside the warehouse by default

    output = tmp_path / "p.csv"
    result = runner.invoke(
        app, ["predict", "--db", str(warehouse), "--from", "2025-05-01", "--output", str(output)]
    )

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert len(rows) == 160 - 115 and float(rows[0]["p10"]) < float(rows[0]["p90"])
    again = runner.invoke(app, ["ingest", str(tmp_path / "real"), "--db", str(warehouse)])
    assert "no model trained" not in again.stderr  # it has one of its own now


def test_the_dashboard_asks_for_build_features_while_they_are_missing(tmp_path, monkeypatch):
    from pipelines.warehouse.load import ingest
    from tests.conftest import open_app

    warehouse = tmp_path / "w.duckdb"
    con = db.connect(warehouse)
    assert ingest(con, [real_snapshot(tmp_path)]).ok  # the library alone builds no features
    con.close()

    stale = open_app(monkeypatch, warehouse, "segments")
    con = db.connect(warehouse)
    from pipelines.warehouse.feature_store import update_features

    update_features(con)
    con.close()
    ready = open_app(monkeypatch, warehouse, "segments")

    hint = " ".join(w.value for w in stale.warning)
    assert not stale.exception and "payscope build-features" in hint and "n = 6" in hint
    assert not ready.exception and "build-features" not in " ".join(w.value for w in ready.warning)


def test_refresh_replaces_the_demo_and_judges_the_candidate_as_the_first_model(demo_copy, tmp_path):
    from dataclasses import replace

    from models import artifacts
    from pipelines.analytics.model_guard import identity_of
    from pipelines.refresh.config import load_config
    from pipelines.refresh.run import refresh
    from tests.test_refresh import _fake_trainer

    models = tmp_path / "models"
    demo_model = {"warehouse_id": identity_of(demo_copy).warehouse_id, "data": "demo"}
    current = _fake_trainer(5_000, 0.80)(None, True, None, root=models, trained_on=demo_model)
    artifacts.set_current(models, current["version"])
    settings = replace(load_config(None, demo_copy), models=models)

    report = refresh(settings, [real_snapshot(tmp_path)], train=_fake_trainer(9_000, 0.80))

    assert report["exit_code"] == 0, report
    assert set(synthetic_rows(demo_copy).values()) == {0}
    assert report["steps"]["ingest"]["replaced_demo"]["vacancies"] > 0
    promote = report["steps"]["promote"]
    # 9 000 vs 5 000 would be far worse, but the current model learnt from the demo: no yardstick
    assert promote["promoted"] is True and promote["current_foreign"] == current["version"]
    card = artifacts.load_card(root=models)
    assert card["trained_on"]["data"] == "real"
    assert card["trained_on"]["warehouse_id"] == demo_model["warehouse_id"]  # survived the copy


@pytest.mark.parametrize(
    ("source", "folder"),
    [("superjob", "superjob/snapshot"), ("trudvsem", "trudvsem/snapshot"), ("csv", "csv/board")],
)
def test_every_source_replaces_the_demo(demo_copy, source, folder):
    from tests.conftest import DATA

    result = runner.invoke(
        app, ["ingest", str(DATA / folder), "--source", source, "--db", str(demo_copy)]
    )

    assert "replaced the synthetic demo" in result.stderr, result.output
    assert set(synthetic_rows(demo_copy).values()) == {0}


def test_a_warehouse_an_older_payscope_mixed_loses_its_demo_on_the_next_real_ingest(
    demo_copy, tmp_path, monkeypatch
):
    from pipelines.sources.snapshot_files import plan_snapshots
    from pipelines.warehouse.export import ExportError, export_parquet
    from pipelines.warehouse.load import load_snapshot
    from pipelines.warehouse.marts import refresh_dashboard_mart
    from tests.conftest import open_app

    real = real_snapshot(tmp_path)
    con = db.connect(demo_copy)  # what an older PayScope did: the real snapshot beside the demo
    assert load_snapshot(con, plan_snapshots([real])[0], "hh").status == "loaded"
    refresh_dashboard_mart(con)
    with pytest.raises(ExportError, match="both the synthetic demo and real data"):
        export_parquet(con, tmp_path / "export")
    con.close()
    mixed = open_app(monkeypatch, demo_copy, "trends")
    assert any("смешивает демо-данные и реальные" in e.value for e in mixed.error)

    result = runner.invoke(app, ["ingest", str(real), "--db", str(demo_copy)])

    assert "already loaded" in result.stderr and "replaced the synthetic demo" in result.stderr
    assert set(synthetic_rows(demo_copy).values()) == {0}


def test_ingest_json_says_what_was_replaced_built_and_what_to_do_next(demo_copy, tmp_path):
    import json

    result = runner.invoke(
        app, ["ingest", str(real_snapshot(tmp_path)), "--db", str(demo_copy), "--json"]
    )

    payload = json.loads(result.stdout)
    assert payload["replaced_demo"]["vacancies"] > 0 and payload["features"]["built"] == 6
    assert payload["next_step"].endswith(f"payscope train --db {demo_copy}")


def test_demo_if_missing_trains_the_demo_its_own_model_when_it_has_none(tmp_path, monkeypatch):
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    args = ["--vacancies", "400", "--snapshots", "2", "--db", str(tmp_path / "w.duckdb")]
    args += ["--out", str(tmp_path / "demo")]
    assert runner.invoke(app, ["demo", "--no-train", *args]).exit_code == 0

    again = runner.invoke(app, ["demo", "--if-missing", *args])

    assert again.exit_code == 0 and "already has vacancies" in again.stderr
    assert (tmp_path / "w.models" / "CURRENT").is_file()  # `make run` after models moved
