"""Shared fixtures: hand-written hh.ru records, snapshot folders and warehouses in tmp_path."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

from pipelines.warehouse import db

# Property-based tests: ~100 examples each in `make test`; `make test-long` selects "long"
# (PAYSCOPE_HYPOTHESIS_PROFILE=long), 10 000 examples per parser and normaliser.
settings.register_profile("quick", max_examples=100, deadline=None)
settings.register_profile("long", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("PAYSCOPE_HYPOTHESIS_PROFILE", "quick"))

DATA = Path(__file__).parent / "data"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
TABLES = (
    "snapshots",
    "snapshot_files",
    "raw_records",
    "quarantine",
    "observations",
    "vacancy_current",
)


def hh_item(vacancy_id: str, **fields) -> dict:
    """A minimal hh.ru search item; keyword arguments replace or add fields."""
    item = {
        "id": vacancy_id,
        "name": "Оператор чата",
        "area": {"id": "1", "name": "Москва"},
        "salary": {"from": 40000, "to": 50000, "currency": "RUR", "gross": True},
        "published_at": "2025-03-10T12:00:00+0300",
        "alternate_url": f"https://hh.ru/vacancy/{vacancy_id}",
        "employer": {"id": "501", "name": "Тестовый магазин"},
        "schedule": {"id": "remote", "name": "Удаленная работа"},
        "employment": {"id": "full", "name": "Полная занятость"},
        "experience": {"id": "noExperience", "name": "Нет опыта"},
        "professional_roles": [{"id": "83", "name": "Оператор call-центра"}],
    }
    item.update(copy.deepcopy(fields))
    return item


def hh_page(*items: dict) -> dict:
    return {"items": list(items), "found": len(items), "pages": 1, "page": 0, "per_page": 20}


def write_json(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def fixture_json(name: str) -> dict:
    return json.loads((DATA / "hh" / name).read_text(encoding="utf-8"))


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


def table_counts(connection) -> dict[str, int]:
    return {t: connection.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def build_demo_warehouse(root: Path, vacancies: int, snapshots: int = 4) -> Path:
    """A synthetic warehouse under `root`, built the way `payscope demo` builds the default one
    (snapshots loaded, features built; no model)."""
    from pipelines.demo import generate_demo
    from pipelines.warehouse.feature_store import update_features
    from pipelines.warehouse.load import ingest

    generate_demo(root / "snapshots", vacancies=vacancies, snapshots=snapshots)
    path = root / "warehouse.duckdb"
    connection = db.connect(path)
    assert ingest(connection, [root / "snapshots"]).ok
    update_features(connection)
    connection.close()
    return path


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """A small synthetic warehouse built the way `payscope demo` builds the default one."""
    return build_demo_warehouse(tmp_path_factory.mktemp("demo"), vacancies=800)


APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture(scope="session")
def trained_demo(demo_warehouse, tmp_path_factory) -> tuple[Path, Path]:
    """(warehouse, models folder): a copy of the demo warehouse and a model trained on it (with
    its backtest), the way `payscope demo` leaves them. One OpenMP thread: on a busy machine the
    boosting's threads wait on each other tenfold (threadpoolctl reaches only libraries already
    loaded, hence the import of models.train first)."""
    import shutil

    from threadpoolctl import threadpool_limits
    from typer.testing import CliRunner

    import models.train  # noqa: F401
    from pipelines.cli import app

    root = tmp_path_factory.mktemp("trained_demo")
    warehouse = Path(shutil.copy(demo_warehouse, root / "warehouse.duckdb"))
    with pytest.MonkeyPatch.context() as patch, threadpool_limits(1):
        patch.setenv("PAYSCOPE_MODELS", str(root / "models"))
        result = CliRunner().invoke(app, ["train", "--db", str(warehouse), "--json"])
    assert result.exit_code == 0, result.output
    return warehouse, root / "models"


def open_app(monkeypatch, warehouse: Path, page: str | None = None, models: Path | None = None,
             **query):  # fmt: skip
    """AppTest of the dashboard on `warehouse` (and `models`), opened at app_pages/`page`.py
    with these URL query parameters."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PAYSCOPE_DB", str(warehouse))
    if models is not None:
        monkeypatch.setenv("PAYSCOPE_MODELS", str(models))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(f"app_pages/{page}.py").run() if page else at
