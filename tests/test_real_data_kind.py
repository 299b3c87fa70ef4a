"""Real data never meets the demo or its model (issue 14): the real hh.ru samples ingested into
the demo warehouse replace the demo, and every page renders from them with no synthetic row and
no demo-model figure. Skips without ../shared/data/real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines import db
from pipelines.cli import app
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
