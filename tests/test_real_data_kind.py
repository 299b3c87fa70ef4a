"""Real data never meets the demo or its model (issue 14): the real hh.ru samples ingested into
the demo warehouse replace the demo, and every page renders from them with no synthetic row and
no demo-model figure. Skips without ../shared/data/real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.warehouse import db
from tests.conftest import REAL, open_app
from tests.test_data_kind import synthetic_rows

pytestmark = pytest.mark.skipif(not (REAL / "hh-api").is_dir(), reason="no ../shared real data")
PAGES = ("trends", "segments", "benchmark", "vacancies", "data", "model")


@pytest.fixture(scope="module")
def replaced(trained_demo, tmp_path_factory) -> Path:
    """The trained demo warehouse (its model beside it) after `payscope ingest` of hh-api."""
    root = tmp_path_factory.mktemp("real_replaces_demo")
    warehouse = Path(shutil.copy(trained_demo[0], root / "warehouse.duckdb"))
    shutil.copytree(trained_demo[1], root / "warehouse.models")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PAYSCOPE_MODELS", raising=False)
        result = CliRunner().invoke(app, ["ingest", str(REAL / "hh-api"), "--db", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert "replaced the synthetic demo: removed" in result.stderr
    assert "payscope train --db" in result.stderr
    return warehouse


def test_no_synthetic_row_is_left_and_features_are_ready(replaced):
    assert set(synthetic_rows(replaced).values()) == {0}
    con = db.connect(replaced, read_only=True)
    vacancies, featured, families = con.execute(
        "select count(*), count(role_family), count(distinct role_family) from dashboard_vacancies"
    ).fetchall()[0]
    con.close()
    assert vacancies > 900 and featured == vacancies and families > 5


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_real_data_without_the_demo_or_its_model(replaced, page, monkeypatch):
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    at = open_app(monkeypatch, replaced, page)
    if page == "benchmark":
        at = next(b for b in at.button if b.label == "Оценить").click().run()

    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "Демо-данные" not in warnings
    assert "payscope build-features" not in warnings
    if page in ("benchmark", "model"):
        assert "обучена на других данных (синтетические демо-данные" in warnings
        assert not [m for m in at.metric if m.label.startswith("Модель: P50") and m.value != "—"]


@pytest.fixture(scope="module")
def real_beside_demo(demo_warehouse, tmp_path_factory) -> Path:
    """The demo built in one warehouse, the real hh-api samples ingested into another (the
    models of each live beside it)."""
    root = tmp_path_factory.mktemp("real_beside_demo")
    warehouse = root / "real.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PAYSCOPE_MODELS", raising=False)
        result = CliRunner().invoke(app, ["ingest", str(REAL / "hh-api"), "--db", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert "replaced the synthetic demo" not in result.stderr
    assert f"no model trained on this warehouse: payscope train --db {warehouse}" in result.stderr
    assert demo_warehouse.exists()  # the demo is untouched by a load into another warehouse
    return warehouse


@pytest.mark.parametrize("page", PAGES)
def test_a_real_warehouse_beside_the_demo_shows_no_demo_row_or_model(real_beside_demo, page,
                                                                     monkeypatch):  # fmt: skip
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    at = open_app(monkeypatch, real_beside_demo, page)
    if page == "benchmark":
        at = next(b for b in at.button if b.label == "Оценить").click().run()

    assert not at.exception
    assert "Демо-данные" not in " ".join(w.value for w in at.warning)
    assert not [m for m in at.metric if m.label.startswith("Модель: P50") and m.value != "—"]
    if page == "model":
        assert "Модель ещё не обучена" in " ".join(i.value for i in at.info)


@pytest.fixture(scope="module")
def replaced_and_trained(replaced) -> Path:
    """The demo warehouse after the real ingest, with a model trained on the real data."""
    from threadpoolctl import threadpool_limits

    import models.train  # noqa: F401  (threadpoolctl reaches only libraries already loaded)

    with pytest.MonkeyPatch.context() as patch, threadpool_limits(1):
        patch.delenv("PAYSCOPE_MODELS", raising=False)
        result = CliRunner().invoke(app, ["train", "--db", str(replaced)])
    assert result.exit_code == 0, result.output
    return replaced


def test_after_training_on_real_data_every_page_answers_with_the_real_model(
    replaced_and_trained, monkeypatch
):
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    segments = open_app(monkeypatch, replaced_and_trained, "segments")
    assert not segments.exception
    premiums = [m for m in segments.metric if m.label in ("Английский", "Ночные смены",
                                                             "Удалённая работа")]  # fmt: skip
    assert premiums and any(m.value not in ("—", "нет данных") for m in premiums)

    model = open_app(monkeypatch, replaced_and_trained, "model")
    assert not model.exception
    assert "обучена на других данных" not in " ".join(w.value for w in model.warning)
    assert not [i for i in model.info if "Модель ещё не обучена" in i.value]

    benchmark = open_app(monkeypatch, replaced_and_trained, "benchmark")
    benchmark = next(b for b in benchmark.button if b.label == "Оценить").click().run()
    assert not benchmark.exception
    assert "обучена на других данных" not in " ".join(w.value for w in benchmark.warning)
    assert [m for m in benchmark.metric if m.label.startswith("Модель: P50") and m.value != "—"]
