"""SuperJob API v2 objects → Observation (pipelines.sources.superjob.parse), and loading them."""

from __future__ import annotations

import json
import types
from datetime import datetime
from unittest.mock import patch

import orjson
import pytest

from pipelines.sources import batches
from pipelines.sources.framing import Broken
from pipelines.sources.records import Language, Observation, RecordError, Role
from pipelines.sources.superjob.parse import (
    ParseContext,
    parse_unix_time,
    parse_vacancy,
    place_of_work,
    records_in,
    work_type_of,
)
from pipelines.warehouse.load import ingest
from tests.conftest import DATA, hh_item, table_counts, write_json

CTX = ParseContext()
SNAPSHOT = DATA / "superjob" / "snapshot"
PAGE = json.loads((SNAPSHOT / "page-0.json").read_text(encoding="utf-8"))

# The first object of tests/data/superjob/snapshot/page-0.json: 45–60 k rub a month, gross or
# net not stated, so taken as posted (docs/sources.md).
FIRST = Observation(
    source="superjob",
    vacancy_id="90000001",
    is_detail=True,
    is_synthetic=False,
    url="https://www.superjob.ru/vakansii/operator-chata-90000001.html",
    title="Оператор чата (удалённо)",
    employer_name="ООО Тестовый магазин",
    employer_id="7001",
    area_name="Москва",
    area_id="4",
    published_at=datetime(2025, 11, 24, 8, 0),  # 1763971200 unix seconds
    created_at=None,
    archived=False,
    currency_original="rub",
    pay_from_original=45000,
    pay_to_original=60000,
    gross_original=None,
    pay_period_original="month",
    pay_low_rub=45000.0,
    pay_high_rub=60000.0,
    pay_mid_rub=52500.0,
    pay_flag=None,
    pay_in_stats=True,
    fx_rate=1.0,
    fx_source="rub",
    gross_basis="assumed_gross",
    pay_conversion="gross assumed (not stated)",
    schedule="shift",
    employment=None,
    experience="noExperience",
    work_format="remote",
    shift_pattern=None,
    hours_per_shift=None,
    night_shifts=None,
    professional_roles=[Role("superjob:902", "Клиентская поддержка")],
    languages=[Language("english", "b2")],
    key_skills=None,
    description_text="Отвечаем клиентам в чате.\n\n• График 2/2\n• Обучение",
    snippet_text=None,
)


def sj_object(vacancy_id: int | None = 90000009, **fields) -> dict:
    """A minimal SuperJob vacancy object; keyword arguments replace or add fields."""
    record = {
        "id": vacancy_id,
        "profession": "Оператор чата",
        "firm_name": "ООО Тест",
        "payment_from": 40000,
        "payment_to": 50000,
        "currency": "rub",
        "agreement": False,
        "date_published": 1763971200,
        "town": {"id": 4, "title": "Москва"},
    }
    return record | fields


def parsed(**fields) -> Observation:
    return parse_vacancy(sj_object(**fields), CTX)


def test_a_full_object_maps_to_the_canonical_fields():
    assert parse_vacancy(PAGE["objects"][0], CTX) == FIRST


# --- where the records are -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, locations",
    [
        (
            {"objects": [{"id": 1}, {"id": 2}], "total": 2, "more": False},
            ["objects[0]", "objects[1]"],
        ),
        ({"objects": [], "total": 0, "more": False}, []),
        (
            [{"objects": [{"id": 1}]}, {"objects": [{"id": 2}]}],
            ["[0].objects[0]", "[1].objects[0]"],
        ),
        ([{"id": 1}, {"id": 2}], ["[0]", "[1]"]),
        ({"id": 1, "profession": "x"}, ["$"]),
        ({"objects": [{"id": 1}], "_note": "a saved page"}, ["objects[0]"]),
        ({"error": {"code": 403, "message": "blocked"}}, ["$"]),  # quarantined as not a vacancy
    ],
)
def test_records_are_found_in_pages_arrays_and_bare_objects(value, locations):
    assert [where for where, _ in records_in(value)] == locations


def fast_and_careful(source: str, document: object) -> list[tuple]:
    """What a file holding `document` gives through the fast split (records cut from the bytes)
    and through the careful path (decoded value by value): observations, raw rows, quarantine."""
    parser = batches.PARSERS[source]
    careful = types.SimpleNamespace(
        records_in=parser.records_in,
        parse_vacancy=parser.parse_vacancy,
        raw_records_in=lambda _: None,
    )
    data = json.dumps(document, ensure_ascii=False, indent=1).encode()
    outcomes = []
    with patch.dict(batches.PARSERS, {"careful": careful}):
        for name in (source, "careful"):
            rows = batches.parse_snapshot_file(data, "f.json", name, parser.ParseContext())
            raw = [row[:4] + (orjson.loads(row[4]),) for row in rows.raw]
            outcomes.append((rows.observations, raw, [row[:6] for row in rows.quarantine]))
    return outcomes


@pytest.mark.parametrize(
    "document",
    [
        PAGE,
        [PAGE, {"objects": [sj_object(1), {"objects": "not a list"}]}],
        {"objects": [sj_object(2), "text", None, [sj_object(3)]], "more": False},
        {"objects": None, "total": 0},
        sj_object(4),
        [],
    ],
)
def test_fast_and_careful_paths_give_the_same_rows(document):
    fast, careful = fast_and_careful("superjob", document)
    assert fast == careful


# --- pay -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "posted, expected",
    [
        # (payment_from, payment_to, currency, agreement) → (from, to, low, high, mid, flag)
        ((40000, 50000, "rub", False), (40000, 50000, 40000, 50000, 45000, None)),
        ((0, 50000, "rub", False), (None, 50000, None, 50000, 50000, "one_sided")),
        ((40000, 0, "rub", False), (40000, None, 40000, None, 40000, "one_sided")),
        ((0, 0, "rub", True), (None, None, None, None, None, None)),  # «по договорённости»
        ((None, None, None, True), (None, None, None, None, None, None)),
        ((40000, 0, "rub", True), (40000, None, 40000, None, 40000, "one_sided")),
        ((3000, 0, "rub", False), (3000, None, 3000, None, 3000, "below_minimum_wage")),
    ],
)
def test_zero_bounds_mean_no_bound_and_agreement_alone_is_no_pay(posted, expected):
    pay_from, pay_to, currency, agreement = posted
    obs = parsed(payment_from=pay_from, payment_to=pay_to, currency=currency, agreement=agreement)
    assert (
        obs.pay_from_original,
        obs.pay_to_original,
        obs.pay_low_rub,
        obs.pay_high_rub,
        obs.pay_mid_rub,
        obs.pay_flag,
    ) == expected
    assert obs.pay_in_stats == (expected[4] is not None and expected[5] != "below_minimum_wage")


def test_foreign_currency_is_converted_at_the_reference_rate():
    obs = parsed(payment_from=300000, payment_to=0, currency="kzt")
    assert (obs.currency_original, obs.fx_source) == ("kzt", "reference:2025-07-01")
    assert obs.pay_low_rub == pytest.approx(300000 * 0.1499)


def test_a_snapshot_rate_beats_the_reference_rate():
    ctx = ParseContext(snapshot_rates=(("KZT", 0.2),))
    obs = parse_vacancy(sj_object(payment_from=300000, payment_to=0, currency="kzt"), ctx)
    assert (obs.fx_source, obs.pay_low_rub) == ("snapshot", 60000.0)


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"payment_from": "договорная"}, "bad_pay_value"),
        ({"payment_from": -100}, "negative_pay"),
        ({"payment_from": 50000, "payment_to": 40000}, "pay_range_inverted"),
        ({"currency": "xyz"}, "unknown_currency"),
        ({"payment_from": 10**10}, "absurd_pay"),
        ({"date_published": 0}, "bad_date"),
        ({"date_published": "2025-11-24"}, "bad_date"),
        ({"date_published": None}, "bad_date"),
        ({"profession": "  "}, "missing_title"),
        ({"town": "Москва", "type_of_work": [1]}, None),  # odd shapes are ignored, not fatal
    ],
)
def test_bad_records_are_refused_with_a_reason_and_their_id(fields, reason):
    if reason is None:
        assert parsed(**fields).area_name is None
        return
    with pytest.raises(RecordError) as caught:
        parsed(**fields)
    assert (caught.value.code, caught.value.vacancy_id) == (reason, "90000009")


@pytest.mark.parametrize(
    "record, reason",
    [
        (sj_object(None), "missing_id"),
        (sj_object(True), "missing_id"),
        (sj_object(""), "missing_id"),
        ({"total": 3, "more": False}, "not_a_vacancy"),
        ("text", "not_a_vacancy"),
        (Broken("invalid_json", "the file ends inside this value", 7, "{"), "invalid_json"),
    ],
)
def test_records_without_an_id_are_refused(record, reason):
    with pytest.raises(RecordError) as caught:
        parse_vacancy(record, CTX)
    assert caught.value.code == reason


# --- dates, places and dictionaries --------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (1763971200, datetime(2025, 11, 24, 8, 0)),
        (1688033117, datetime(2023, 6, 29, 10, 5, 17)),
        ("1763971200", datetime(2025, 11, 24, 8, 0)),
        (1763971200.5, datetime(2025, 11, 24, 8, 0, 0, 500000)),
        (0, None),
        (True, None),
        (float("nan"), None),
        ("вчера", None),
        (None, None),
    ],
)
def test_unix_seconds_become_naive_utc(value, expected):
    assert parse_unix_time(value) == expected


def test_a_missing_town_leaves_the_region_empty():
    obs = parsed(town=None)
    assert (obs.area_name, obs.area_id) == (None, None)


@pytest.mark.parametrize(
    "item, expected",
    [
        ({"id": 6, "title": "Полный рабочий день"}, ("fullDay", "full")),
        ({"id": 12, "title": "Сменный график"}, ("shift", None)),
        ({"id": 10, "title": "Неполный рабочий день"}, (None, "part")),
        ({"id": 13, "title": "Частичная занятость"}, (None, "part")),
        ({"id": 9, "title": "Вахтовый метод"}, ("flyInFlyOut", None)),
        ({"id": 7, "title": "Временная работа"}, (None, None)),
        ({"id": 6}, ("fullDay", "full")),  # no title: the id decides
        ({"id": "12"}, ("shift", None)),
        ({}, (None, None)),
    ],
)
def test_type_of_work_gives_schedule_and_employment(item, expected):
    assert work_type_of(item) == expected


@pytest.mark.parametrize(
    "item, expected",
    [
        ({"id": 1, "title": "На территории работодателя"}, "on_site"),
        ({"id": 2, "title": "Удалённая работа (на дому)"}, "remote"),
        ({"id": 3, "title": "Разъездного характера"}, "field_work"),
        ({"id": 3, "title": "Удалённая работа"}, "remote"),  # the title beats the id (§2.4)
        ({"id": 0, "title": "Не имеет значения"}, None),
        ({"id": 2}, "remote"),
        ({}, None),
    ],
)
def test_place_of_work_gives_the_work_format(item, expected):
    assert place_of_work(item) == expected


@pytest.mark.parametrize(
    "experience_id, expected",
    [(1, "noExperience"), (2, "between1And3"), (3, "between3And6"), (4, "moreThan6"), (0, None)],
)
def test_experience_ids_map_to_the_hh_bands(experience_id, expected):
    assert parsed(experience={"id": experience_id, "title": "…"}).experience == expected


@pytest.mark.parametrize(
    "languages, expected",
    [
        (
            [[{"id": 1, "title": "Английский"}, {"id": 7, "title": "Разговорный"}]],
            [("english", "b2")],
        ),
        ([[{"id": 2, "title": "Немецкий"}, {"id": 5, "title": "Технический"}]], [("german", "b1")]),
        (
            [[{"id": 1, "title": "Английский"}, {"id": 8, "title": "Свободный"}]],
            [("english", "c1")],
        ),
        ([[{"id": 1, "title": "Английский"}]], [("english", None)]),
        (
            [[{"id": 99, "title": "Эсперанто"}, {"id": 6, "title": "Базовый"}]],
            [("эсперанто", "a2")],
        ),
        ([], []),
        (None, None),
    ],
)
def test_languages_are_named_in_english_with_the_nearest_cefr_level(languages, expected):
    obs = parsed(languages=languages)
    assert obs.languages == (None if expected is None else [Language(*e) for e in expected])


def test_catalogue_positions_are_the_roles_with_ids_apart_from_hh():
    catalogues = [
        {"id": 33, "title": "IT", "positions": [{"id": 83, "title": "Оператор"}]},
        {"id": 438, "title": "Продажи", "positions": []},
        "junk",
    ]
    assert parsed(catalogues=catalogues).professional_roles == [
        Role("superjob:83", "Оператор"),  # never hh.ru's role 83 (call centre)
        Role("superjob:438", "Продажи"),
    ]


def test_without_rich_text_the_plain_text_parts_are_the_description():
    obs = parsed(work="Звонки", candidat="Грамотность", compensation=None)
    assert (obs.description_text, obs.is_detail) == ("Звонки\nГрамотность", True)
    assert parsed().is_detail is False


# --- loading -------------------------------------------------------------------------------------


def test_a_snapshot_folder_loads_with_every_record_accounted_for(con):
    [snap] = ingest(con, [SNAPSHOT], source="superjob").snapshots

    assert (snap.status, snap.files, snap.fetched_at_basis) == ("loaded", 2, "manifest")
    assert (snap.records_read, snap.records_loaded) == (7, 3)
    assert (snap.records_quarantined, snap.records_duplicate) == (3, 1)
    assert snap.quarantine_reasons == {
        "missing_id": 1,
        "pay_range_inverted": 1,
        "bad_pay_value": 1,
    }
    message = con.execute(
        "select message from quarantine where reason = 'bad_pay_value'"
    ).fetchone()[0]
    assert "page-1.json: record 4 (objects[3], id 90000005): amount_from" in message
    # The page-0 copy of 90000001 carries the full text, so it beats the short page-1 copy.
    text, source = con.execute(
        "select description_text, source from vacancies where vacancy_id = '90000001'"
    ).fetchone()
    assert (text, source) == (FIRST.description_text, "superjob")


def test_reingesting_the_folder_changes_nothing(con):
    ingest(con, [SNAPSHOT], source="superjob")
    before = table_counts(con)

    [again] = ingest(con, [SNAPSHOT], source="superjob").snapshots

    assert again.status == "already_loaded"
    assert table_counts(con) == before


def test_the_same_id_on_hh_and_superjob_is_two_vacancies(con, tmp_path):
    write_json(tmp_path / "hh.json", {"items": [hh_item("90000001")]})
    ingest(con, [tmp_path / "hh.json"])
    ingest(con, [SNAPSHOT], source="superjob")

    rows = con.execute(
        "select source, title from vacancies where vacancy_id = '90000001' order by source"
    ).fetchall()
    assert rows == [("hh", "Оператор чата"), ("superjob", "Оператор чата (удалённо)")]
