"""Trudvsem open-data vacancies → Observation (pipelines.sources.trudvsem.parse); loading them."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from pipelines.sources.records import Observation, RecordError, Role
from pipelines.sources.trudvsem.parse import (
    ParseContext,
    currency_code,
    employment_of,
    experience_band,
    parse_date,
    parse_vacancy,
    records_in,
    schedule_of,
)
from pipelines.warehouse.load import ingest
from tests.conftest import DATA, table_counts
from tests.test_superjob_parse import fast_and_careful

CTX = ParseContext()
SNAPSHOT = DATA / "trudvsem" / "snapshot"
PAGE = json.loads((SNAPSHOT / "page-0.json").read_text(encoding="utf-8"))
FIRST_ID = "3f0c5b8e-0000-4000-8000-000000000001"

# The first vacancy of tests/data/trudvsem/snapshot/page-0.json: from 35 000 roubles a month,
# no upper bound (0), gross by convention but not stated (docs/sources.md).
FIRST = Observation(
    source="trudvsem",
    vacancy_id=FIRST_ID,
    is_detail=True,
    is_synthetic=False,
    url=f"https://trudvsem.ru/vacancy/card/1026600000001/{FIRST_ID}",
    title="Оператор контакт-центра",
    employer_name="ООО Пример Связи",
    employer_id="1026600000001",
    area_name="Свердловская область",
    area_id="6600000000000",
    published_at=datetime(2025, 11, 18),
    created_at=datetime(2025, 11, 18),
    archived=None,
    currency_original="«руб.»",
    pay_from_original=35000,
    pay_to_original=None,
    gross_original=None,
    pay_period_original="month",
    pay_low_rub=35000.0,
    pay_high_rub=None,
    pay_mid_rub=35000.0,
    pay_flag="one_sided",
    pay_in_stats=True,
    fx_rate=1.0,
    fx_source="rub",
    gross_basis="assumed_gross",
    pay_conversion="gross assumed (not stated)",
    schedule="shift",
    employment="full",
    experience="noExperience",
    work_format=None,
    shift_pattern=None,
    hours_per_shift=None,
    night_shifts=None,
    professional_roles=[Role(None, "Информационные технологии, телекоммуникации, связь")],
    languages=None,
    key_skills=None,
    description_text="Приём входящих звонков\nГрамотная речь\nГрафик 2/2 по 12 часов",
    snippet_text=None,
)


def tv_vacancy(vacancy_id: str | None = "tv-9", **fields) -> dict:
    """A minimal Trudvsem vacancy (unwrapped); keyword arguments replace or add fields."""
    record = {
        "id": vacancy_id,
        "job-name": "Оператор call-центра",
        "creation-date": "2025-11-20",
        "salary_min": 40000,
        "salary_max": 50000,
        "currency": "«руб.»",
        "region": {"region_code": "7700000000000", "name": "Москва"},
        "company": {"name": "ООО Тест", "ogrn": "1027700000009"},
    }
    return record | fields


def parsed(**fields) -> Observation:
    return parse_vacancy(tv_vacancy(**fields), CTX)


def test_a_full_vacancy_maps_to_the_canonical_fields():
    [(_, record), *_] = records_in(PAGE)
    assert parse_vacancy(record, CTX) == FIRST


# --- where the records are -----------------------------------------------------------------------


def page(*vacancies: dict) -> dict:
    return {
        "status": "200",
        "meta": {"total": len(vacancies)},
        "results": {"vacancies": list(vacancies)},
    }


@pytest.mark.parametrize(
    "value, locations",
    [
        (
            page({"vacancy": {"id": "a"}}, {"vacancy": {"id": "b"}}),
            ["results.vacancies[0].vacancy", "results.vacancies[1].vacancy"],
        ),
        ({"status": "200", "meta": {"total": 0}, "results": {}}, []),  # no results: no record
        ({"status": "200", "results": {"vacancies": []}}, []),
        ([page({"vacancy": {"id": "a"}}), page()], ["[0].results.vacancies[0].vacancy"]),
        ([{"vacancy": {"id": "a"}}, {"id": "b"}], ["[0].vacancy", "[1]"]),
        ({"id": "a", "job-name": "x"}, ["$"]),
        (page({"id": "a"}, "text"), ["results.vacancies[0]", "results.vacancies[1]"]),
        ({"status": "404", "message": "not found"}, ["$"]),  # quarantined as not a vacancy
    ],
)
def test_records_are_found_in_response_pages_wrappers_and_arrays(value, locations):
    assert [where for where, _ in records_in(value)] == locations


@pytest.mark.parametrize(
    "document",
    [
        PAGE,
        [PAGE, page({"vacancy": tv_vacancy("x")}, {"vacancy": "text"}, {"vacancy": None})],
        {"status": "200", "results": {}},
        {"status": "200", "results": {"vacancies": "none"}},
        {"status": "200", "results": False},
        {
            "status": "200",
            "results": {"vacancies": [tv_vacancy("y"), [{"vacancy": tv_vacancy("z")}]]},
        },
        {"vacancy": tv_vacancy("w")},
        tv_vacancy("v"),
    ],
)
def test_fast_and_careful_paths_give_the_same_rows(document):
    fast, careful = fast_and_careful("trudvsem", document)
    assert fast == careful


# --- pay -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "posted, expected",
    [
        # (salary_min, salary_max) → (from, to, low, high, mid, flag)
        ((40000, 50000), (40000, 50000, 40000, 50000, 45000, None)),
        ((35000, 0), (35000, None, 35000, None, 35000, "one_sided")),  # 0 = open-ended
        ((0, 50000), (None, 50000, None, 50000, 50000, "one_sided")),
        ((0, 0), (None, None, None, None, None, None)),
        ((None, None), (None, None, None, None, None, None)),
        ((22440.5, 22440.5), (22440.5, 22440.5, 22440.5, 22440.5, 22440.5, None)),
    ],
)
def test_salary_bounds_are_monthly_and_zero_means_no_bound(posted, expected):
    obs = parsed(salary_min=posted[0], salary_max=posted[1])
    assert (
        obs.pay_from_original,
        obs.pay_to_original,
        obs.pay_low_rub,
        obs.pay_high_rub,
        obs.pay_mid_rub,
        obs.pay_flag,
    ) == expected
    assert obs.pay_in_stats == (expected[4] is not None)


@pytest.mark.parametrize(
    "posted, code",
    [
        ("«руб.»", "RUB"),
        ("руб.", "RUB"),
        ("RUB", "RUB"),
        ("Рублей", "RUB"),
        ("₽", "RUB"),
        ("USD", "USD"),
        ("", ""),
        (None, None),
    ],
)
def test_decorated_rouble_names_are_rub(posted, code):
    assert currency_code(posted) == code


def test_a_foreign_currency_is_converted_and_kept_as_posted():
    obs = parsed(currency="USD", salary_min=1000, salary_max=0)
    assert (obs.currency_original, obs.fx_source) == ("USD", "reference:2025-07-01")
    assert obs.pay_low_rub == pytest.approx(80200.0)


def test_no_currency_means_roubles_assumed():
    obs = parsed(currency=None)
    assert (obs.fx_source, obs.pay_conversion) == (
        "rub",
        "currency not stated: RUB assumed; gross assumed (not stated)",
    )


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"salary_min": "от 30000"}, "bad_pay_value"),
        ({"salary_min": 60000, "salary_max": 50000}, "pay_range_inverted"),
        ({"salary_min": -1}, "negative_pay"),
        ({"currency": "тугрики"}, "unknown_currency"),
        ({"creation-date": "вчера"}, "bad_date"),
        ({"creation-date": None}, "bad_date"),
        ({"job-name": None}, "missing_title"),
    ],
)
def test_bad_records_are_refused_with_a_reason_and_their_id(fields, reason):
    with pytest.raises(RecordError) as caught:
        parsed(**fields)
    assert (caught.value.code, caught.value.vacancy_id) == (reason, "tv-9")


@pytest.mark.parametrize(
    "record, reason",
    [
        (tv_vacancy(None), "missing_id"),
        (tv_vacancy(""), "missing_id"),
        ({"vacancy": "text"}, "not_a_vacancy"),
        (None, "not_a_vacancy"),
    ],
)
def test_records_without_an_id_are_refused(record, reason):
    with pytest.raises(RecordError) as caught:
        parse_vacancy(record, CTX)
    assert caught.value.code == reason


# --- dates, places and terms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-11-18", datetime(2025, 11, 18)),  # a calendar day stays that day
        ("2025-11-18T10:00:00+03:00", datetime(2025, 11, 18, 7, 0)),
        ("2025-11-18T10:00:00", datetime(2025, 11, 18, 7, 0)),  # no offset: Moscow time
        ("2025-13-01", None),
        ("", None),
        (20251118, None),
    ],
)
def test_creation_dates_become_naive_utc(value, expected):
    assert parse_date(value) == expected


def test_a_missing_region_and_company_leave_their_fields_empty():
    obs = parsed(region=None, company=None)
    assert (obs.area_name, obs.area_id, obs.employer_name, obs.employer_id) == (None,) * 4


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Сменный график", "shift"),
        ("Вахтовый метод", "flyInFlyOut"),
        ("Гибкий график", "flexible"),
        ("Полный рабочий день", "fullDay"),
        ("Неполный рабочий день", None),
        ("Ненормированный рабочий день", None),
        ("", None),
    ],
)
def test_schedule_text_gives_the_hh_schedule(text, expected):
    assert schedule_of(text.lower()) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Полная занятость", "full"),
        ("Частичная занятость", "part"),
        ("Неполный рабочий день", "part"),
        ("Проектная работа", "project"),
        ("Стажировка", "probation"),
        ("Временная", None),
        ("Сезонная", None),
        ("Удаленная", None),
    ],
)
def test_employment_text_gives_the_employment(text, expected):
    assert employment_of(text.lower()) == expected


@pytest.mark.parametrize(
    "schedule, employment, expected",
    [
        ("Полный рабочий день", "Удаленная", "remote"),
        ("Дистанционная работа", "Полная занятость", "remote"),
        ("Сменный график", "Полная занятость", None),
        (None, None, None),
    ],
)
def test_remote_work_is_read_from_schedule_or_employment(schedule, employment, expected):
    assert parsed(schedule=schedule, employment=employment).work_format == expected


@pytest.mark.parametrize(
    "years, band",
    [
        (0, "noExperience"),
        (1, "between1And3"),
        (2, "between1And3"),
        (3, "between3And6"),
        (5, "between3And6"),
        (6, "moreThan6"),
        (15, "moreThan6"),
        ("3", "between3And6"),
        (-1, None),
        (None, None),
        (True, None),
        ("три", None),
    ],
)
def test_years_of_experience_become_the_hh_band(years, band):
    assert experience_band(years) == band
    assert parsed(requirement={"experience": years}).experience == band


# --- loading -------------------------------------------------------------------------------------


def test_a_snapshot_folder_loads_with_every_record_accounted_for(con):
    [snap] = ingest(con, [SNAPSHOT], source="trudvsem").snapshots

    assert (snap.status, snap.files, snap.fetched_at_basis) == ("loaded", 3, "manifest")
    assert (snap.records_read, snap.records_loaded) == (6, 3)
    assert (snap.records_quarantined, snap.records_duplicate) == (2, 1)
    assert snap.quarantine_reasons == {"missing_id": 1, "bad_date": 1}
    message = con.execute("select message from quarantine where reason = 'bad_date'").fetchone()[0]
    assert "page-1.json: record 2 (results.vacancies[1].vacancy, id 3f0c5b8e-" in message
    raw = con.execute(
        "select record from raw_records where vacancy_id = $id", {"id": FIRST_ID}
    ).fetchone()[0]
    assert json.loads(raw)["job-name"] == "Оператор контакт-центра"  # the unwrapped vacancy


def test_reingesting_the_folder_changes_nothing(con):
    ingest(con, [SNAPSHOT], source="trudvsem")
    before = table_counts(con)

    [again] = ingest(con, [SNAPSHOT], source="trudvsem").snapshots

    assert again.status == "already_loaded"
    assert table_counts(con) == before
