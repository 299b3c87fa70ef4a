"""The Profession page with streamlit.testing AppTest on the demo warehouse and on the real
hh.ru samples (skipped without ../shared), and the regions section of the Segments page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import REAL, open_app

HH_API = REAL / "hh-api"
CONFIDENCE_WORDS = {"нет оценки", "низкая", "средняя", "высокая"}


def open_page(monkeypatch, warehouse, **query) -> AppTest:
    monkeypatch.delenv("PAYSCOPE_MIN_N", raising=False)
    return open_app(monkeypatch, warehouse, "profession", **query)


def tables(at: AppTest) -> list:
    return [frame.value for frame in at.dataframe]


def check_item_tables(at: AppTest, total: int) -> None:
    """The first four tables are requirements, conditions, duties, tools: each row has its n,
    a confidence word, a pay text; shares are n / total; commonest first."""
    for table in tables(at)[:4]:
        if table.empty:
            continue
        assert list(table.columns[:5]) == ["Пункт", "Доля вакансий", "n", "Достоверность",
                                           "Зарплата с ним против без (в профессии)"]  # fmt: skip
        assert set(table["Достоверность"]) <= CONFIDENCE_WORDS
        assert (table["Доля вакансий"] - table["n"] / total).abs().max() < 1e-9
        assert list(table["n"]) == sorted(table["n"], reverse=True)
        assert table.iloc[:, 4].str.contains(r"\(90\u00a0% интервал|нет данных", regex=True).all()


def test_demo_profession_page_answers_what_employers_ask_and_offer(monkeypatch, demo_warehouse):
    at = open_page(monkeypatch, demo_warehouse)

    assert not at.exception
    con = db.connect(demo_warehouse, read_only=True)
    total, crm = con.execute(
        "select count(*), count(*) filter (where list_contains(requirements, 'crm_skills')) "
        "from dashboard_vacancies"
    ).fetchone()
    con.close()
    assert [s.value for s in at.subheader][:2] == ["Что требуют работодатели", "Что предлагают"]
    check_item_tables(at, total)
    requirements = tables(at)[0].set_index("Пункт")
    if crm:
        assert requirements.loc["работа с CRM", "n"] == crm
    headings = [s.value for s in at.subheader]
    assert "Кто нанимает" in headings and any(h.startswith("Карьерная лестница") for h in headings)
    ladder = tables(at)[-1]
    assert {"Ступень", "n с зарплатой", "n", "Достоверность"} <= set(ladder.columns)
    assert [b.label for b in at.get("download_button")] == ["Скачать обзор рынка (HTML)",
                                                            "Markdown"]  # fmt: skip
    captions = "\n".join(c.value for c in at.caption)
    assert f"{total:,}".replace(",", "\u202f") + " вакансий, опубликованы" in captions
    load = "\n".join(m.value for m in at.markdown)
    assert "обращений за смену: указано в" in load and "(n = " in load


def test_demo_profession_page_follows_the_sidebar_and_the_language(monkeypatch, demo_warehouse):
    at = open_page(monkeypatch, demo_warehouse, role_family="chat_support", lang="en")

    assert not at.exception
    assert at.title[0].value == "Profession"
    assert any(s.value == "Career ladder: chat-support operator" for s in at.subheader)
    steps = list(tables(at)[-1]["Step"])
    assert steps == ["operator", "senior operator", "team lead / supervisor",
                     "QA / quality specialist"]  # fmt: skip


def test_segments_page_shows_regions_with_n_and_share(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, "segments")

    assert not at.exception
    assert "Регионы" in [s.value for s in at.subheader]
    regions = tables(at)[-1].set_index("Где")
    assert abs(regions["Доля вакансий"].sum() - 1) < 1e-9
    assert {"Москва", "удалённо, из любого места"} <= set(regions.index)
    captions = "\n".join(c.value for c in at.caption)
    assert "работодателей из Москвы и Петербурга" in captions and "n = " in captions


@pytest.fixture(scope="module")
def real_warehouse(tmp_path_factory):
    if not HH_API.is_dir():
        pytest.skip(f"real samples not found at {HH_API}")
    from pipelines.warehouse.feature_store import update_features

    path = tmp_path_factory.mktemp("real_profession") / "warehouse.duckdb"
    con = db.connect(path)
    assert ingest(con, [HH_API]).ok
    update_features(con)
    con.close()
    return path


def test_real_profession_page_shows_every_item_with_its_n(monkeypatch, real_warehouse):
    at = open_page(monkeypatch, real_warehouse)

    assert not at.exception
    con = db.connect(real_warehouse, read_only=True)
    total = con.execute(
        "select count(*) from dashboard_vacancies join vacancies using (source, vacancy_id) "
        "where coalesce(length(description_text), 0) + coalesce(length(snippet_text), 0) "
        "+ coalesce(len(key_skills), 0) > 0"
    ).fetchone()[0]  # the lists are read from vacancies with a description
    con.close()
    check_item_tables(at, total)
    assert any(not t.empty for t in tables(at)[:4])  # the texts name something


def test_real_support_roles_page_and_regions(monkeypatch, real_warehouse):
    support = "chat_support,call_centre,tech_support,support_lead,support_qa"
    at = open_page(monkeypatch, real_warehouse, role_family=support)

    assert not at.exception
    assert [b.label for b in at.get("download_button")]
    segments = open_app(monkeypatch, real_warehouse, "segments")
    assert not segments.exception
    assert "Москва" in set(tables(segments)[-1]["Где"])


def test_the_demo_known_effects_fall_within_the_page_intervals(demo_warehouse):
    """The demo draws a CRM requirement at ×1.05 and over 100 requests a shift at ×0.97
    (pipelines/demo/profession.py): the estimates the page shows must cover them."""
    from pipelines.analytics import profession, queries
    from pipelines.analytics.filters import Filters

    con = db.connect(demo_warehouse, read_only=True)
    frame = queries.profession_sample(con, Filters())
    con.close()

    crm = profession.items(frame, "requirements").set_index("code").loc["crm_skills"]
    load = profession.drivers(frame).set_index("driver").loc["high_load"]

    assert crm["low"] <= 0.05 <= crm["high"] and crm["n"] >= 50
    assert load["low"] <= -0.03 <= load["high"] and load["n_with"] >= 10


def test_a_warehouse_without_the_profession_lists_asks_for_build_features(
    monkeypatch, demo_warehouse, tmp_path
):
    import shutil

    old = tmp_path / "old.duckdb"
    shutil.copy(demo_warehouse, old)
    con = db.connect(old)
    con.execute("alter table dashboard_vacancies drop column requirements")  # as before 007
    con.close()

    for page in ("segments", "profession"):
        at = open_app(monkeypatch, old, page)
        assert not at.exception
        assert any("payscope build-features" in i.value for i in at.info)
