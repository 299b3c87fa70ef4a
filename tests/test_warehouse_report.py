"""The Data page's queries on a small hand-built warehouse: loads, quarantine, coverage, pay."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from pipelines.warehouse import report
from pipelines.warehouse.load import ingest
from tests.conftest import hh_item, hh_page, write_json


@pytest.fixture
def warehouse(con, tmp_path):
    """Two snapshots of hh.ru pages: clean, one-sided, hourly, no pay, a repeat and bad records."""
    first = hh_page(
        hh_item("1"),
        hh_item("2", salary={"from": 60000, "to": None, "currency": "RUR", "gross": False}),
        hh_item("3", salary=None, published_at="2025-03-01T09:00:00+0300"),
        hh_item("1"),
        hh_item("4", salary={"from": 50000, "to": 40000, "currency": "RUR", "gross": True}),
        {"name": "без id"},
    )
    second = hh_page(
        hh_item("5", salary={"from": 100, "to": None, "currency": "RUR", "gross": True},
                published_at="2025-03-18T10:00:00+0300"),
        hh_item("6", salary={"from": -5, "to": None, "currency": "RUR", "gross": True}),
    )  # fmt: skip
    ingest(con, [write_json(tmp_path / "s1" / "page.json", first)],
           as_of=datetime(2025, 3, 12, 6))  # fmt: skip
    ingest(con, [write_json(tmp_path / "s2" / "page.json", second)],
           as_of=datetime(2025, 3, 19, 6))  # fmt: skip
    return con


def test_snapshots_come_oldest_first_with_every_record_accounted_for(warehouse):
    frame = report.snapshots(warehouse)

    assert frame["snapshot_id"].tolist() == [1, 2]
    counts = frame[["records_read", "records_loaded", "records_quarantined", "records_duplicate"]]
    assert counts.values.tolist() == [[6, 3, 2, 1], [2, 1, 1, 0]]
    assert report.snapshots(warehouse, limit=1)["snapshot_id"].tolist() == [2]


def test_quarantine_counts_each_reason_commonest_first(warehouse):
    frame = report.quarantine_by_reason(warehouse)

    assert frame.to_dict("records") == [
        {"reason": "missing_id", "records": 1},
        {"reason": "negative_pay", "records": 1},
        {"reason": "pay_range_inverted", "records": 1},
    ]
    assert frame["records"].sum() == report.counts(warehouse).at[0, "quarantined"]


def test_coverage_by_source_counts_pay_and_the_publication_window(warehouse):
    [row] = report.coverage_by_source(warehouse).to_dict("records")

    assert row == {
        "source": "hh",
        "vacancies": 4,
        "with_pay": 3,
        "pay_in_stats": 2,  # 100 ₽ a month is below half the minimum wage
        "share_in_stats": 0.5,
        "first_published": pd.Timestamp("2025-03-01 06:00"),
        "last_published": pd.Timestamp("2025-03-18 07:00"),
        "snapshots": 2,
        "last_fetched": pd.Timestamp("2025-03-19 06:00"),
    }


def test_pay_status_separates_no_pay_clean_one_sided_and_excluded(warehouse):
    frame = report.pay_status(warehouse)

    assert frame.to_dict("records") == [
        {"status": "below_minimum_wage", "in_stats": False, "vacancies": 1},
        {"status": "no_pay", "in_stats": False, "vacancies": 1},
        {"status": "ok", "in_stats": True, "vacancies": 1},
        {"status": "one_sided", "in_stats": True, "vacancies": 1},
    ]


def test_an_empty_warehouse_gives_empty_frames_and_zero_counts(con):
    assert report.snapshots(con).empty and report.quarantine_by_reason(con).empty
    assert report.coverage_by_source(con).empty and report.pay_status(con).empty
    assert report.counts(con).at[0, "vacancies"] == 0
