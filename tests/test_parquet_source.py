"""The dashboard reads a Parquet export (PAYSCOPE_PARQUET) with the numbers of the warehouse."""

from __future__ import annotations

import pytest

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.warehouse import db
from pipelines.warehouse.export import export_parquet
from pipelines.warehouse.parquet_source import ParquetSourceError, connect_parquet
from tests.conftest import open_app


@pytest.fixture(scope="module")
def exported(demo_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet") / "export"
    con = db.connect(demo_warehouse, read_only=True)
    export_parquet(con, out)
    con.close()
    return out


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(role_family=("chat_support",), language=("english",))]
)
def test_the_export_answers_the_dashboards_queries_like_the_warehouse(
    demo_warehouse, exported, filters
):
    warehouse = db.connect(demo_warehouse, read_only=True)
    parquet = connect_parquet(exported)
    for query in (queries.summary, queries.trends, queries.pay_sample):
        expected, got = (_sorted(query(con, filters)) for con in (warehouse, parquet))
        assert got.equals(expected), query.__name__
    warehouse.close()


def _sorted(frame):
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)  # pay_sample is a set


@pytest.mark.parametrize("page", ["trends", "segments", "profession", "vacancies", "data"])
def test_the_pages_render_from_the_export(monkeypatch, tmp_path, exported, page):
    monkeypatch.setenv("PAYSCOPE_PARQUET", str(exported))
    at = open_app(monkeypatch, tmp_path / "no-warehouse.duckdb", page)

    assert not at.exception
    assert not at.error


def test_a_folder_that_is_not_an_export_is_named(tmp_path):
    with pytest.raises(ParquetSourceError, match="not a PayScope Parquet export"):
        connect_parquet(tmp_path)
