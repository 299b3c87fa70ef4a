"""Telegram channel exports: which messages are vacancy posts, what is read from them, loading."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.sources.records import RecordError
from pipelines.sources.telegram.parse import (
    ParseContext,
    context_from_manifest,
    parse_vacancy,
    plain_text,
    skip_reason,
    skipped,
    title_of,
)
from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import DATA, table_counts

CHANNEL = DATA / "telegram" / "remote_jobs"
REEXPORT = DATA / "telegram" / "remote_jobs_reexport"
POST = (
    "🔥 #вакансия #удаленка\n\nОператор чата поддержки\n\nКомпания: ООО «Ромашка»\n"
    "Формат: удалённо\n\nОбязанности: отвечать клиентам в чате\nЗарплата: от 45 000 ₽ на руки"
)


def message(text: object = POST, **fields) -> dict:
    return {"id": 2, "type": "message", "date": "2026-10-01T12:00:00",
            "date_unixtime": "1790845200", "text": text, **fields}  # fmt: skip


def test_text_as_a_list_of_entities_is_flattened():
    text = [
        {"type": "bold", "text": "Вакансия: "},
        "Python-разработчик\nРаботодатель: ",
        {"type": "text_link", "text": "Acme", "href": "https://example.org"},
        {"type": "hashtag", "text": "#python"},
    ]
    assert plain_text(text) == "Вакансия: Python-разработчик\nРаботодатель: Acme#python"
    assert plain_text("как есть") == "как есть"
    assert plain_text(None) == ""


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (POST, "Оператор чата поддержки"),
        ("**Вакансия**\n• Бухгалтер по зарплате\n• Удалённо", "Бухгалтер по зарплате"),
        ("Вакансия: Python-разработчик (middle)\nГород: Москва", "Python-разработчик (middle)"),
        ("✅ Требуется курьер 🚲\n📍 Москва", "Требуется курьер"),
        ("#вакансия\n\n— Санкт-Петербург — склад", "Санкт-Петербург — склад"),
        ("🔥🔥\n#job", None),
    ],
)
def test_the_title_is_the_first_line_that_says_something(body, title):
    assert title_of(body) == title


@pytest.mark.parametrize(
    ("msg", "reason"),
    [
        (message(), None),
        (message(type="service", action="pin_message", text=""), "service"),
        (message(text=""), "no_text"),
        (message(forwarded_from="Вакансии Казани"), "repost"),
        (message(text="#реклама erid: 2Vtzq\n" + POST), "advert"),
        (
            message(text="Доброе утро! Сегодня на канале подборка вакансий для студентов, " * 2),
            "no_vacancy_cue",
        ),  # fmt: skip
        (message(text="Ищем в команду, зарплата"), "too_short"),
        (message(text=[{"type": "bold", "text": "Вакансия"}, "\n" + POST]), None),
        ({"type": "message", "text": POST}, None),  # no id: quarantined, not skipped
        ("not an object", None),
    ],
)
def test_which_messages_are_vacancy_posts(msg, reason):
    assert skip_reason(msg) == reason


def test_a_post_becomes_a_whole_observation():
    ctx = ParseContext(channel="remote_jobs")
    obs = parse_vacancy({"channel_id": "1712345678", "message": message()}, ctx)

    expected = {
        "source": "telegram",
        "vacancy_id": "1712345678:2",
        "is_detail": True,
        "is_synthetic": False,
        "url": "https://t.me/remote_jobs/2",
        "title": "Оператор чата поддержки",
        "employer_name": "ООО «Ромашка»",
        "area_name": None,
        "published_at": datetime(2026, 10, 1, 9, 0),
        "currency_original": "RUB",
        "pay_from_original": 45000.0,
        "pay_to_original": None,
        "gross_original": False,
        "pay_period_original": "month",
        "pay_in_stats": True,
        "work_format": "remote",
    }
    assert {name: getattr(obs, name) for name in expected} == expected
    assert obs.description_text == POST
    assert obs.pay_low_rub == pytest.approx(45000 / 0.87, abs=0.01)  # net → gross, 13 %


@pytest.mark.parametrize(
    ("text", "pay"),
    [
        ("Ищем курьера, оплата 300 ₽/час, график свободный" + "." * 40, (300, 300, "hour")),
        (
            "Вакансия: бухгалтер. Зарплата 80-100 тыс. руб. до вычета НДФЛ" + "." * 40,
            (80000, 100000, "month"),
        ),  # fmt: skip
        (
            "Вакансия: инженер. Условия: оклад 250 тыс. руб. + премии" + "." * 40,
            (250000, None, "month"),
        ),  # fmt: skip
        ("Вакансия: инженер. Условия: зарплата по договорённости" + "." * 40, None),
    ],
)
def test_pay_is_read_from_the_text(text, pay):
    obs = parse_vacancy({"channel_id": "1", "message": message(text)}, ParseContext())
    posted = (obs.pay_from_original, obs.pay_to_original, obs.pay_period_original)
    assert (posted if obs.pay_in_stats else None) == pay
    assert obs.url is None  # no channel username known


@pytest.mark.parametrize(
    ("fields", "published_at"),
    [
        ({}, datetime(2026, 10, 1, 9, 0)),  # date_unixtime is UTC
        ({"date_unixtime": None}, datetime(2026, 10, 1, 9, 0)),  # date alone: Moscow time
    ],
)
def test_the_publication_time_is_utc(fields, published_at):
    obs = parse_vacancy({"channel_id": "1", "message": message(**fields)}, ParseContext())
    assert obs.published_at == published_at


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"channel_id": "1", "message": {"type": "message", "text": POST}}, "missing_id"),
        ({"channel_id": None, "message": message()}, "missing_id"),
        ({"channel_id": "1", "message": message(date="вчера", date_unixtime=None)}, "bad_date"),
        ({"channel_id": "1", "message": "not an object"}, "not_a_vacancy"),
    ],
)
def test_a_broken_post_is_refused_with_a_reason(record, reason):
    with pytest.raises(RecordError) as caught:
        parse_vacancy(record, ParseContext())
    assert caught.value.code == reason


def test_the_channel_username_comes_from_the_manifest():
    assert context_from_manifest({"source": "telegram", "channel": "@remote_jobs"}) == {
        "channel": "remote_jobs"
    }
    assert context_from_manifest({}) == {"channel": None}


def test_skipped_messages_are_counted_by_reason():
    counts = skipped((CHANNEL / "result.json").read_bytes())
    assert dict(counts) == {
        "service": 2, "no_text": 1, "repost": 1, "advert": 1, "no_vacancy_cue": 2,
    }  # fmt: skip


@pytest.fixture
def channel(tmp_path):
    con = db.connect(tmp_path / "warehouse.duckdb")
    yield con, ingest(con, [CHANNEL], source="telegram")
    con.close()


def test_an_export_loads_its_vacancy_posts_and_quarantines_the_broken_one(channel):
    con, report = channel
    [snap] = report.snapshots
    # 13 messages: 7 skipped (not records), 5 vacancy posts loaded, 1 without an id quarantined.
    assert (snap.records_read, snap.records_loaded) == (6, 5)
    assert (snap.records_quarantined, snap.records_duplicate) == (1, 0)
    rows = con.execute(
        "select vacancy_id, title, employer_name, url from vacancies order by published_at"
    ).fetchall()
    assert rows == [
        ("1712345678:2", "Оператор чата поддержки", "ООО «Ромашка»",
         "https://t.me/remote_jobs/2"),
        ("1712345678:3", "Python-разработчик (middle)", "Северсталь Диджитал",
         "https://t.me/remote_jobs/3"),
        ("1712345678:7", "Требуется курьер", None, "https://t.me/remote_jobs/7"),
        ("1712345678:10", "Бухгалтер на участок расчёта заработной платы", "АО «Тензор»",
         "https://t.me/remote_jobs/10"),
        ("1712345678:12", "Senior Data Engineer", "Acme Analytics",
         "https://t.me/remote_jobs/12"),
    ]  # fmt: skip
    [(reason, text)] = con.execute("select reason, message from quarantine").fetchall()
    assert reason == "missing_id"
    assert "result.json: record 4 (messages[8])" in text


def test_reingesting_the_export_changes_nothing(channel, tmp_path):
    con, _ = channel
    before = table_counts(con)
    copy = tmp_path / "copy" / "result.json"
    copy.parent.mkdir()
    shutil.copy(CHANNEL / "result.json", copy)

    again = ingest(con, [CHANNEL, copy], source="telegram")

    assert [s.status for s in again.snapshots] == ["already_loaded", "already_loaded"]
    assert table_counts(con) == before


def test_a_reexport_with_overlapping_messages_adds_only_the_new_post(channel):
    con, _ = channel
    [snap] = ingest(con, [REEXPORT], source="telegram").snapshots

    assert (snap.records_read, snap.records_loaded, snap.records_quarantined) == (3, 3, 0)
    ids = [row[0] for row in con.execute("select vacancy_id from vacancies").fetchall()]
    assert sorted(ids) == sorted(
        ["1712345678:2", "1712345678:3", "1712345678:7", "1712345678:10", "1712345678:12",
         "1712345678:14"]
    )  # fmt: skip


def test_the_ingest_summary_says_how_many_messages_were_skipped(tmp_path):
    result = CliRunner().invoke(
        app, ["ingest", str(CHANNEL), "--source", "telegram", "--db", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 0, result.output
    assert "6 records read = 5 loaded + 1 quarantined + 0 duplicate" in result.stdout
    assert "7 message(s) skipped as not vacancy posts (" in result.stdout
