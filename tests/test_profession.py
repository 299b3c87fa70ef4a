"""The profession statistics, ladder, region groups, labels and SVG on hand-written rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.analytics import ladder, profession, svg
from pipelines.analytics.profession_labels import percent, premium_text, rub
from pipelines.analytics.regions import region_group, region_table, remote_by_employer_region


def rows(n: int, **columns) -> pd.DataFrame:
    """n vacancies: chat_support in Moscow, remote, published 2025-01..06, no lists, pay 40 000."""
    base = {
        "source": "hh", "is_synthetic": False, "title": "Оператор чата", "employer_name": "Ф",
        "region": "Москва", "published": pd.date_range("2025-01-01", periods=n, freq="D"),
        "role_family": "chat_support", "sector": "ecommerce_retail", "work_format": "remote",
        "schedule": "shift", "experience": "noExperience", "night_shifts": False,
        "english": False, "pay": 40_000.0, "requirements": [[]] * n, "duties": [[]] * n,
        "tools": [[]] * n, "conditions": [[]] * n, "load_chats_at_once": np.nan,
        "load_requests_per_shift": np.nan, "load_requests_per_hour": np.nan,
    }  # fmt: skip
    frame = pd.DataFrame({k: v for k, v in base.items()})
    for name, values in columns.items():
        frame[name] = values
    return frame


def test_item_share_n_and_a_crm_premium_within_role_family():
    crm = [i % 4 == 0 for i in range(80)]  # 20 of 80
    frame = rows(80, requirements=[["crm_skills", "literacy"] if c else ["literacy"] for c in crm],
                 pay=[42_000.0 + i % 3 if c else 40_000.0 + i % 5 for i, c in enumerate(crm)])

    table = profession.items(frame, "requirements", minimum=10).set_index("code")

    assert table.loc["literacy", "n"] == 80 and table.loc["literacy", "share"] == 1.0
    assert table.loc["literacy", "verdict"] == "none"  # nobody without it: no comparison
    crm_row = table.loc["crm_skills"]
    assert (crm_row["n"], crm_row["confidence"], crm_row["thin"]) == (20, "medium", False)
    assert 0.04 < crm_row["estimate"] < 0.06 and crm_row["verdict"] == "up"
    assert premium_text(crm_row.to_dict()).startswith("+5\u00a0% (90\u00a0% интервал")


def test_a_premium_spanning_zero_says_so_and_a_thin_item_is_flagged():
    pay = [40_000.0 + (i * 7919) % 5000 for i in range(60)]
    frame = rows(60, duties=[["chat_support"] if i % 2 else [] for i in range(60)], pay=pay)
    frame.loc[0, "duties"] = ["reporting"]

    table = profession.items(frame, "duties", minimum=10).set_index("code")

    assert table.loc["chat_support", "verdict"] == "zero"
    assert "не отличимо от нуля" in premium_text(table.loc["chat_support"].to_dict())
    assert table.loc["reporting", "thin"] and table.loc["reporting", "confidence"] == "none"
    assert premium_text(table.loc["reporting"].to_dict()) == "нет данных"


def test_trend_shares_per_month_and_the_grain_follows_the_span():
    frame = rows(4, published=pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-01",
                                              "2025-02-02"]),
                 tools=[["jira"], [], ["jira"], ["jira"]])  # fmt: skip

    table = profession.trend(frame, "tools", ["jira"], profession.trend_grain(frame))

    assert list(table["period"]) == ["2025-01", "2025-02"]
    assert list(table["n"]) == [2, 2] and list(table["jira"]) == [0.5, 1.0]
    long = rows(2, published=pd.to_datetime(["2023-01-01", "2025-01-01"]))
    assert profession.trend_grain(long) == "quarter"
    assert list(profession.trend(long, "tools", [], "quarter")["period"]) == ["2023 Q1", "2025 Q1"]


def test_load_bands_count_stated_loads_with_their_pay():
    frame = rows(30, load_requests_per_shift=[40.0] * 10 + [150.0] * 10 + [np.nan] * 10,
                 pay=[30_000.0] * 10 + [36_000.0] * 10 + [50_000.0] * 10)

    bands = profession.load_bands(frame).query("measure == 'load_requests_per_shift'")
    summary = profession.load_summary(frame).set_index("measure")

    assert list(bands["n"]) == [10, 0, 10, 0]
    assert list(bands["p50"].iloc[[0, 2]]) == [30_000.0, 36_000.0]
    assert summary.loc["load_requests_per_shift", "n"] == 20
    assert summary.loc["load_chats_at_once", "confidence"] == "none"


def test_region_groups_moscow_spb_million_other_abroad_remote():
    assert region_group("Москва", "on_site") == "moscow"
    assert region_group(" санкт-петербург ", None) == "spb"
    assert region_group("Краснодар", "hybrid") == "million"
    assert region_group("Петропавловск-Камчатский", None) == "other"
    assert region_group("Алматы", None) == "abroad"
    assert region_group("Москва", "remote") == "remote"
    assert region_group(None, None) == "unknown"


def test_region_table_and_remote_pay_by_employer_region():
    remote = ["remote"] * 40 + ["on_site"] * 10
    regions = ["Москва"] * 20 + ["Омск"] * 20 + ["Казань"] * 10
    pay = [60_000.0] * 20 + [45_000.0] * 20 + [50_000.0] * 10
    frame = rows(50, region=regions, work_format=remote, pay=pay)

    table = region_table(frame).set_index("group")
    found = remote_by_employer_region(frame)

    assert list(table.index) == ["million", "remote"]
    assert table.loc["remote", "n"] == 40 and table.loc["million", "share"] == 0.2
    assert (found["n_with"], found["n_without"]) == (20, 20)
    assert round(found["estimate"], 2) == 0.33 and found["verdict"] == "up"


def test_support_ladder_steps_gain_and_experience():
    titles = ["Оператор чата"] * 20 + ["Старший оператор чата"] * 12 + ["Тимлид"] * 10 + \
        ["Специалист ОКК"] * 10
    families = ["chat_support"] * 32 + ["support_lead"] * 10 + ["support_qa"] * 10
    pay = [40_000.0] * 20 + [48_000.0] * 12 + [80_000.0] * 10 + [60_000.0] * 10
    experience = ["noExperience"] * 20 + ["between1And3"] * 32
    frame = rows(52, title=titles, role_family=families, pay=pay, experience=experience)

    steps = ladder.ladder(frame, "chat_operator").set_index("step")

    assert list(steps.index) == ["operator", "senior_operator", "team_lead", "qa"]
    assert list(steps["n"]) == [20, 12, 10, 10]
    assert steps.loc["operator", "exp_top"] == "noExperience"
    assert steps.loc["senior_operator", "exp_between1And3"] == 1.0
    assert round(steps.loc["senior_operator", "gain"], 2) == 0.2
    assert steps.loc["team_lead", "gain_from"] == "senior_operator"
    assert ladder.ladder_families("chat_support") == ("chat_support", "support_lead", "support_qa")


def test_general_ladder_reads_the_title_level_and_skips_directors():
    titles = ["Junior Python developer", "Python developer", "Senior Python developer",
              "Team lead Python", "Технический директор"]
    assert [ladder.step_of("software_dev", "software_dev", lv) for lv in
            ladder._levels(pd.Series(titles))] == ["junior", "middle", "senior", "lead", None]
    assert ladder.step_of("software_dev", "sales", None) is None


def test_numbers_as_people_read_them():
    assert rub(52_340) == "52\u00a0000\u00a0₽" and rub(None) == "—"
    assert percent(0.184) == "18\u00a0%" and percent(-0.031, signed=True) == "−3\u00a0%"


def test_svg_bars_escape_their_labels():
    chart = svg.bars([("<script>alert(1)</script>", 0.5, "n = 5 & more")])
    assert "<script>" not in chart and "&lt;script&gt;" in chart and "&amp; more" in chart
    assert chart.startswith("<svg") and svg.bars([]) == ""


def test_lists_count_only_vacancies_with_a_description():
    frame = rows(30, duties=[["chat_support"]] * 10 + [[]] * 20,
                 described=[True] * 20 + [False] * 10)  # a title alone says nothing of duties

    table = profession.items(frame, "duties").set_index("code")

    assert table.loc["chat_support", "total"] == 20 and table.loc["chat_support", "share"] == 0.5
    assert profession.load_summary(frame)["n"].sum() == 0
    assert len(profession.described(rows(3))) == 3  # no column: every row


def test_a_load_stated_by_fewer_than_5_has_no_median_and_prints_as_a_dash():
    from app_pages.charts.profession import number

    frame = rows(10, load_requests_per_shift=[120.0] * 3 + [np.nan] * 7)
    found = profession.load_summary(frame).set_index("measure").loc["load_requests_per_shift"]
    assert found["n"] == 3 and found["p50"] is None and number(found["p50"]) == "—"
    assert number(107.4) == "107"
