"""The Data page: quarantine and load counts equal the warehouse's, freshness, the pay rules
(its no-data state is tested with the Vacancies page's, in test_app_vacancies.py)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.charts import data as charts
from pipelines.warehouse import db
from tests.test_app_vacancies import open_page

PAGE = "data"


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    [frame] = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def test_quarantine_loads_and_coverage_equal_the_warehouse(monkeypatch, demo_warehouse):
    at = open_page(monkeypatch, demo_warehouse, PAGE)

    assert not at.exception
    con = db.connect(demo_warehouse, read_only=True)
    quarantine = dict(
        con.execute("select reason, count(*) from quarantine group by reason").fetchall()
    )
    vacancies, in_stats, loaded, snapshots = con.execute(
        "select (select count(*) from vacancies), (select count(*) from vacancies where "
        "pay_in_stats), (select sum(records_loaded) from snapshots), (select count(*) from "
        "snapshots)"
    ).fetchone()
    con.close()
    assert quarantine  # the demo generator plants bad records
    shown = frame_with(at, "reason")
    assert dict(zip(shown["reason"], shown["records"], strict=True)) == quarantine
    assert shown["meaning"].notna().all() and (shown["meaning"] != shown["reason"]).all()
    metrics = {m.label: m.value.replace("\u202f", "") for m in at.metric}
    assert metrics["Вакансий"] == str(vacancies)
    assert metrics["В карантине"] == str(sum(quarantine.values()))
    assert metrics["Снимков"] == str(snapshots)
    share = next(m for m in at.metric if m.label == "Доля с зарплатой")
    assert f"{in_stats:,}".replace(",", "\u202f") in share.help  # the share carries its n
    assert f"{loaded:,}".replace(",", "\u202f") in "\n".join(c.value for c in at.caption)
    coverage = frame_with(at, "share_in_stats")
    assert coverage["vacancies"].sum() == vacancies
    assert coverage["pay_in_stats"].sum() == in_stats
    assert frame_with(at, "in_stats")["vacancies"].sum() == vacancies
    assert len(at.table[0].value) >= 6  # the pay normalisation rules


def test_in_english_the_reasons_and_rules_are_english(monkeypatch, demo_warehouse):
    at = open_page(monkeypatch, demo_warehouse, PAGE, lang="en")

    assert not at.exception
    assert "Quarantine by reason" in [s.value for s in at.subheader]
    assert at.table[0].value.index[0] == "Currency"


@pytest.mark.parametrize(
    ("last", "hours", "ru", "en", "stale"),
    [
        (datetime(2026, 11, 25, 7), 5.0, "5 ч", "5 h", False),
        (datetime(2026, 11, 20, 12), 120.0, "5 дн.", "5 days", False),
        (datetime(2026, 11, 17, 11), 193.0, "8 дн.", "8 days", True),
        (None, None, None, None, True),
    ],
)
def test_freshness_is_the_age_of_the_last_snapshot_stale_after_a_week(last, hours, ru, en, stale):
    age = charts.age_hours(last, datetime(2026, 11, 25, 12))

    assert age == hours and charts.is_stale(age) is stale
    if age is not None:
        assert (charts.age_text(age, "ru"), charts.age_text(age, "en")) == (ru, en)


def test_loads_over_time_stacks_each_fetch_day_with_its_counts():
    snapshots = pd.DataFrame(
        {
            "snapshot_id": [1, 2, 3],
            "fetched_at": pd.to_datetime(["2026-10-01 06:00", "2026-10-01 18:00",
                                          "2026-10-08 06:00"]),
            "records_loaded": [10, 5, 7], "records_duplicate": [1, 0, 2],
            "records_quarantined": [0, 3, 1],
        }
    )  # fmt: skip
    words = dict.fromkeys(("loaded", "duplicate", "quarantined", "snapshots", "records"), "w")

    figure = charts.loads_over_time(snapshots, words)

    assert [list(t.y) for t in figure.data] == [[15, 7], [1, 2], [3, 1]]
    assert list(figure.data[0].customdata) == [2, 1]  # snapshots on each day


def test_the_pay_rules_quote_the_figures_in_force():
    ru = charts.normalisation_rules("ru", date(2026, 5, 1))
    en = charts.normalisation_rules("en", date(2025, 5, 1))

    assert len(ru) == len(en) and list(ru.columns) == ["step", "rule"]
    text_ru, text_en = " ".join(ru["rule"]), " ".join(en["rule"])
    assert "RUR = ₽" in text_ru and "164,3 ч" in text_ru
    assert "13\u202f546 ₽ в 2026" in text_ru  # half of the 2026 МРОТ 27 093
    assert "11\u202f220 ₽ in 2025" in text_en  # half of the 2025 МРОТ 22 440
    assert "from 2025 13/15/18/20/22 %" in text_en
    assert charts.NORMALISATION_DOC.exists()


def test_every_quarantine_reason_in_the_schema_doc_has_a_label():
    schema = (Path(__file__).resolve().parents[1] / "docs" / "schema.md").read_text()
    codes = schema.split("Quarantine reason codes:")[1].split("\n\n")[0]
    assert {c.strip("`") for c in re.sub(r"[,.;]", " ", codes).split()
            if c.startswith("`")} == set(charts.REASONS)  # fmt: skip


def test_vacancies_from_channels_and_career_pages_show_up_by_source(monkeypatch, tmp_path):
    """Telegram posts and JobPosting pages: a coverage row each, a source filter, post links."""
    from pipelines.warehouse.feature_store import update_features
    from pipelines.warehouse.load import ingest
    from tests.conftest import DATA

    warehouse = tmp_path / "w.duckdb"
    con = db.connect(warehouse)
    assert ingest(con, [DATA / "telegram" / "remote_jobs"], source="telegram").ok
    ingest(con, [DATA / "jobposting"], source="jobposting")  # has quarantined pages on purpose
    update_features(con)
    con.close()

    at = open_page(monkeypatch, warehouse, PAGE)
    assert not at.exception
    assert set(frame_with(at, "share_in_stats")["source"]) == {"telegram", "jobposting"}

    at = open_page(monkeypatch, warehouse, "vacancies", source="telegram")
    assert not at.exception
    assert at.dataframe[0].value["link"].str.match(r"^https://t\.me/remote_jobs/\d+$").all()
