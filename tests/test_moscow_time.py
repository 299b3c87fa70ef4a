"""Moments shown in Moscow time without microseconds: the helper, `payscope status`, the Data
page and the data window on every page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd

from pipelines.core.moscow_time import moscow_columns, moscow_text, to_moscow
from pipelines.warehouse import db, status
from tests.conftest import hh_item, hh_page, open_app, write_json


def test_moments_read_in_moscow_time_without_microseconds():
    naive_utc = datetime(2025, 3, 10, 21, 30, 15, 123456)

    assert to_moscow(naive_utc).isoformat() == "2025-03-11T00:30:15+03:00"
    assert moscow_text(naive_utc, zone="МСК") == "11.03.2025 00:30 МСК"
    assert moscow_text("2025-03-10T21:30:15.5+00:00") == "11.03.2025 00:30"
    assert moscow_text(datetime(2025, 3, 10, 12, tzinfo=UTC), "%Y-%m-%d %H:%M:%S") == (
        "2025-03-10 15:00:00")  # fmt: skip
    assert moscow_text(None) == "—" and moscow_text(pd.NaT) == "—"



def test_table_columns_become_moscow_wall_time_to_the_second():
    frame = pd.DataFrame({"fetched_at": [datetime(2025, 3, 10, 21, 30, 15, 999999), None]})

    shown = moscow_columns(frame, ("fetched_at", "absent"))

    assert shown["fetched_at"].iloc[0] == pd.Timestamp("2025-03-11 00:30:15")
    assert pd.isna(shown["fetched_at"].iloc[1])


def test_status_prints_moscow_time_without_microseconds(tmp_path):
    from pipelines.warehouse.load import ingest

    write_json(tmp_path / "snap" / "page.json", hh_page(hh_item("1")))  # 12:00 Moscow
    con = db.connect(tmp_path / "w.duckdb")
    assert ingest(con, [tmp_path / "snap"]).ok

    text = status.render(status.summary(con))

    con.close()
    assert "published: 2025-03-10 12:00:00 MSK … 2025-03-10 12:00:00 MSK" in text
    assert re.search(r"last load: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d MSK", text)
    assert not re.search(r"\d\d:\d\d:\d\d\.\d", text)  # no fractions of a second


def test_every_page_shows_the_data_window_and_the_data_page_moscow_time(
    monkeypatch, demo_warehouse
):
    at = open_app(monkeypatch, demo_warehouse, "data")

    assert not at.exception
    window = at.sidebar.caption[-1].value
    assert window.startswith("Данные: опубликованы ") and window.endswith(" МСК.")
    assert any("МСК" in c.value and "загружен" in c.value for c in at.caption)
    assert "UTC" not in "\n".join(c.value for c in at.caption)


def test_refresh_log_lines_carry_moscow_time():
    import logging

    from pipelines.cli.refresh import _MoscowTime

    record = logging.LogRecord("payscope", logging.INFO, __file__, 1, "loaded", None, None)
    record.created = datetime(2025, 3, 10, 9, 0, 0, 500000, tzinfo=UTC).timestamp()

    assert _MoscowTime("%(asctime)s %(message)s").format(record) == (
        "2025-03-10T12:00:00+0300 loaded"
    )
