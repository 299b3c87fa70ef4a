"""Cross-source duplicates: the same posting on two boards is linked and counted once."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipelines.warehouse import db
from pipelines.warehouse.links import link_rows, refresh_links
from pipelines.warehouse.load import ingest
from tests.conftest import DATA

LINKS = DATA / "csv" / "links"
MARCH = [datetime(2025, 3, day) for day in range(1, 32)]


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("links") / "warehouse.duckdb")
    assert ingest(con, [LINKS / "hh"], source="hh").ok
    assert ingest(con, [LINKS / "otherboard" / "vacancies.csv"], source="csv").ok
    yield con
    con.close()


def test_a_true_duplicate_is_linked_to_the_hh_copy_and_near_misses_are_not(linked):
    rows = linked.execute(
        "select source, vacancy_id, group_source, group_vacancy_id, group_size,"
        " is_cross_source_duplicate from vacancy_links order by all"
    ).fetchall()

    assert rows == [
        ("csv:otherboard", "a1", "hh", "101", 2, True),  # pay 2.7 % apart, 2 days later
        ("csv:otherboard", "a4", "hh", "104", 2, True),  # both without pay
        ("hh", "101", "hh", "101", 2, False),
        ("hh", "104", "hh", "104", 2, False),
    ]  # a2 (pay 7.5 % apart), a3 (8 days apart), a5 (another employer): not linked


def test_statistics_counting_each_group_once_drop_only_the_duplicates(linked):
    counted = linked.execute(
        """
        select count(*)
        from vacancies as v
        left join vacancy_links as l using (source, vacancy_id)
        where not coalesce(l.is_cross_source_duplicate, false)
        """
    ).fetchall()[0][0]

    assert counted == 9 - 2


def test_links_are_rebuilt_not_appended(linked):
    refresh_links(linked)
    refresh_links(linked)

    assert linked.execute("select count(*) from vacancy_links").fetchall()[0][0] == 4


def test_a_group_is_every_connected_pair_with_one_representative():
    pairs = [
        ("superjob", "s1", MARCH[4], "trudvsem", "t1", MARCH[2]),
        ("hh", "h1", MARCH[6], "superjob", "s1", MARCH[4]),
        ("csv:a", "c1", MARCH[1], "trudvsem", "t9", MARCH[3]),
    ]

    assert link_rows(pairs) == [
        ("hh", "h1", "hh", "h1", 3, False),  # hh.ru's copy wins although published last
        ("superjob", "s1", "hh", "h1", 3, True),
        ("trudvsem", "t1", "hh", "h1", 3, True),
        ("csv:a", "c1", "csv:a", "c1", 2, False),  # without hh, the earliest
        ("trudvsem", "t9", "csv:a", "c1", 2, True),
    ]


def test_one_source_alone_has_no_links(tmp_path):
    con = db.connect(tmp_path / "warehouse.duckdb")
    ingest(con, [LINKS / "hh"], source="hh")

    assert con.execute("select count(*) from vacancy_links").fetchall()[0][0] == 0


def test_a_telegram_post_of_an_hh_vacancy_is_counted_once(tmp_path):
    """The same job in a channel and on hh.ru: linked, the hh copy stands for both."""
    import json

    from tests.conftest import hh_item, hh_page, write_json

    write_json(tmp_path / "hh" / "page.json", hh_page(hh_item(
        "555", name="Оператор чата поддержки", employer={"id": "9", "name": "ООО «Ромашка»"},
        salary={"from": 45000, "to": 60000, "currency": "RUR", "gross": False},
        published_at="2026-10-01T10:00:00+0300",
    )))  # fmt: skip
    post = (
        "#вакансия\nОператор чата поддержки\n\nКомпания: ООО «Ромашка»\n"
        "Обязанности: отвечать клиентам в чате.\nЗарплата: от 45 000 до 60 000 ₽ на руки"
    )
    channel = {"name": "Удалёнка", "type": "public_channel", "id": 42, "messages": [
        {"id": 7, "type": "message", "date": "2026-10-02T12:00:00",
         "date_unixtime": "1790931600", "text": post},
    ]}  # fmt: skip
    (tmp_path / "tg").mkdir()
    (tmp_path / "tg" / "result.json").write_text(json.dumps(channel, ensure_ascii=False))
    con = db.connect(tmp_path / "warehouse.duckdb")
    assert ingest(con, [tmp_path / "hh"], source="hh").ok
    assert ingest(con, [tmp_path / "tg" / "result.json"], source="telegram").ok

    rows = con.execute(
        "select source, group_source, is_cross_source_duplicate from vacancy_links order by all"
    ).fetchall()
    counted = con.execute("select count(*) from dashboard_vacancies").fetchall()[0][0]
    con.close()
    assert rows == [("hh", "hh", False), ("telegram", "hh", True)]
    assert counted == 1
