"""Tests for hh.ru records → Observation (pipelines.sources.hh.parse)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.sources.framing import Broken
from pipelines.sources.hh.parse import (
    ParseContext,
    parse_timestamp,
    parse_vacancy,
    records_in,
    shift_pattern_of,
    work_format_of,
)
from pipelines.sources.records import Language, Observation, RecordError, Role
from tests.conftest import fixture_json, hh_item, hh_page

CTX = ParseContext()
ROLE_83 = Role("83", "Оператор call-центра, специалист контактного центра")

# The first item of tests/data/hh/search_page.json. Pay is posted net ("на руки"), 40–50 k RUR a
# month; 2025 scale at this level is a flat 13 %, so gross = net / 0.87.
SEARCH_ITEM = Observation(
    source="hh",
    vacancy_id="100000001",
    is_detail=False,
    is_synthetic=False,
    url="https://hh.ru/vacancy/100000001",
    title="Оператор чата (удалённо)",
    employer_name="Тестовый магазин",
    employer_id="501",
    area_name="Москва",
    area_id="1",
    published_at=datetime(2025, 3, 10, 9, 0),  # 12:00 Moscow
    created_at=datetime(2025, 3, 10, 9, 0),
    archived=False,
    currency_original="RUR",
    pay_from_original=40000,
    pay_to_original=50000,
    gross_original=False,
    pay_period_original="month",
    pay_low_rub=45977.01,  # 40 000 / 0.87
    pay_high_rub=57471.26,  # 50 000 / 0.87
    pay_mid_rub=51724.14,  # 45 000 / 0.87
    pay_flag=None,
    pay_in_stats=True,
    fx_rate=1.0,
    fx_source="rub",
    gross_basis="stated_net",
    pay_conversion="net→gross (13 %, 2025 scale)",
    schedule="remote",
    employment="full",
    experience="noExperience",
    work_format="remote",
    shift_pattern="2/2",
    hours_per_shift=12.0,
    night_shifts=True,
    professional_roles=[ROLE_83],
    languages=None,  # search items do not carry languages, key skills or the description
    key_skills=None,
    description_text=None,
    snippet_text="Грамотная письменная речь, чат\nОтвечать клиентам",
)


def parsed(**fields) -> Observation:
    """The conftest search item with these fields replaced, parsed."""
    return parse_vacancy(hh_item("7", **fields), CTX)


# --- where the records are -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, locations",
    [
        pytest.param(hh_page(hh_item("1"), hh_item("2")), ["items[0]", "items[1]"], id="page"),
        pytest.param([hh_item("1"), hh_item("2")], ["[0]", "[1]"], id="array"),
        pytest.param([[hh_item("1")], [hh_item("2")]], ["[0][0]", "[1][0]"], id="arrays"),
        pytest.param(
            [hh_page(hh_item("1")), hh_page(hh_item("2"), hh_item("3"))],
            ["[0].items[0]", "[1].items[0]", "[1].items[1]"],
            id="list of pages",
        ),
        pytest.param(fixture_json("detail.json"), ["$"], id="detail document"),
        pytest.param(hh_page(), [], id="empty page"),
    ],
)
def test_records_in_names_each_record_by_its_json_path(value, locations):
    assert [location for location, _ in records_in(value)] == locations


def test_records_in_yields_the_records_themselves():
    page = fixture_json("search_page.json")
    first, second = page["items"]
    assert list(records_in(page)) == [("items[0]", first), ("items[1]", second)]


# --- whole records -------------------------------------------------------------------------------


def test_a_search_item_becomes_a_whole_observation():
    [first, _] = fixture_json("search_page.json")["items"]
    assert parse_vacancy(first, CTX) == SEARCH_ITEM


def test_a_search_item_without_pay_has_every_pay_field_empty():
    [_, second] = fixture_json("search_page.json")["items"]
    fields = parse_vacancy(second, CTX)._asdict()
    pay = {k: v for k, v in fields.items() if k.startswith(("pay_", "fx_", "gross_", "currency_"))}
    assert pay == dict.fromkeys(pay) | {"pay_in_stats": False}


def test_a_detail_document_adds_description_skills_and_languages():
    assert parse_vacancy(fixture_json("detail.json"), CTX) == SEARCH_ITEM._replace(
        is_detail=True,
        created_at=datetime(2025, 3, 1, 7, 0),  # initial_created_at, 10:00 Moscow
        archived=None,
        shift_pattern=None,
        hours_per_shift=None,
        night_shifts=None,
        languages=[Language("english", "b2"), Language("russian", "native")],
        key_skills=["Грамотность", "CRM"],
        description_text="Отвечаем клиентам в чате.\n\n• Ночные смены\n• Английский B2",
        snippet_text=None,
    )


# --- fields --------------------------------------------------------------------------------------


def test_salary_range_wins_over_the_legacy_salary():
    observation = parsed(
        salary={"from": 50000, "currency": "RUR", "gross": True},
        salary_range={"from": 300, "currency": "RUR", "gross": True, "mode": {"id": "HOUR"}},
    )
    assert (observation.pay_period_original, observation.pay_from_original) == ("hour", 300)
    assert observation.pay_low_rub == 49300.0  # 300 × 1972 h / 12 (2025 norm)


@pytest.mark.parametrize(
    "days, hours, expected",
    [
        ("TWO_ON_TWO_OFF", "HOURS_12", ("2/2", 12.0)),
        ("FIVE_ON_TWO_OFF", "HOURS_8", ("5/2", 8.0)),
        ("OTHER", "OTHER", (None, None)),
    ],
)
def test_shift_pattern_and_hours_come_from_the_new_schedule_fields(days, hours, expected):
    observation = parsed(work_schedule_by_days=[{"id": days}], working_hours=[{"id": hours}])
    assert (observation.shift_pattern, observation.hours_per_shift) == expected


@pytest.mark.parametrize(
    "day_id, pattern",
    [("TWO_ON_TWO_OFF", "2/2"), ("FIVE_ON_TWO_OFF", "5/2"), ("ONE_ON_THREE_OFF", "1/3"),
     ("WEEKEND", "weekend"), ("FLEXIBLE", "flexible"), ("OTHER", None), ("TEN_ON_TWO_OFF", None)],
)  # fmt: skip
def test_shift_pattern_of(day_id, pattern):
    assert shift_pattern_of(day_id) == pattern


@pytest.mark.parametrize(
    "formats, schedule, expected",
    [
        (["REMOTE"], None, "remote"),
        (["REMOTE", "ON_SITE"], None, "hybrid"),
        (["HYBRID"], None, "hybrid"),
        (["ON_SITE"], "remote", "on_site"),  # the new field wins over the legacy schedule
        ([], "remote", "remote"),
        ([], "fullDay", None),
        ([], None, None),
    ],
)
def test_work_format_of(formats, schedule, expected):
    assert work_format_of(formats, schedule) == expected


@pytest.mark.parametrize("form, employment", [("FULL", "full"), ("PART", "part"), ("WEIRD", None)])
def test_employment_falls_back_to_employment_form(form, employment):
    item = hh_item("7", employment_form={"id": form})
    del item["employment"]
    assert parse_vacancy(item, CTX).employment == employment


@pytest.mark.parametrize(
    "text, moment",
    [
        ("2025-03-10T12:00:00+0300", datetime(2025, 3, 10, 9, 0)),
        ("2025-03-10T12:00:00", datetime(2025, 3, 10, 9, 0)),  # no offset: Moscow time
        ("2025-03-10T12:00:00+0000", datetime(2025, 3, 10, 12, 0)),
        ("2025-03-10T12:00:00+05:00", datetime(2025, 3, 10, 7, 0)),
        ("2025-03-10T12:00:00Z", datetime(2025, 3, 10, 12, 0)),
        ("2025-03-10T12:00:00.250+0300", datetime(2025, 3, 10, 9, 0, 0, 250000)),
        ("2025-03-10 02:00:00-0130", datetime(2025, 3, 10, 3, 30)),
        ("2025-02-30T12:00:00+0300", None),
        ("2025-03-10T12:00:00+03xx", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_timestamp_gives_naive_utc(text, moment):
    assert parse_timestamp(text) == moment


def test_an_integer_id_becomes_a_string():
    assert parse_vacancy(hh_item(123), CTX).vacancy_id == "123"


# --- records that cannot be loaded ---------------------------------------------------------------

SALARY = {"from": 40000, "to": 50000, "currency": "RUR", "gross": True}


@pytest.mark.parametrize(
    "fields, code, mentions",
    [
        ({"name": None}, "missing_title", "name"),
        ({"name": "   "}, "missing_title", "name"),
        ({"published_at": None}, "bad_date", "None"),
        ({"published_at": "yesterday"}, "bad_date", "'yesterday'"),
        ({"salary_range": SALARY | {"mode": {"id": "DECADE"}}}, "unknown_pay_period", "DECADE"),
        ({"salary": SALARY | {"currency": "XYZ"}}, "unknown_currency", "XYZ"),
        ({"salary": SALARY | {"from": 50000, "to": 40000}}, "pay_range_inverted", "50000"),
        ({"salary": SALARY | {"from": -5}}, "negative_pay", "-5"),
        ({"salary": SALARY | {"to": 10**12}}, "absurd_pay", "1000000000000"),
        ({"salary": SALARY | {"from": "40000"}}, "bad_pay_value", "'40000'"),
        ({"salary": "40 000 ₽"}, "bad_pay_value", "'40 000 ₽'"),
        ({"description": 5}, "bad_field", "unexpected field shape"),
        ({"snippet": {"requirement": 5}}, "bad_field", "unexpected field shape"),
    ],
)
def test_a_bad_record_is_refused_with_a_code_and_its_id(fields, code, mentions):
    with pytest.raises(RecordError) as refused:
        parsed(**fields)
    assert (refused.value.code, refused.value.vacancy_id) == (code, "7")
    assert mentions in refused.value.message


@pytest.mark.parametrize(
    "record, code",
    [
        ("a string", "not_a_vacancy"),
        (42, "not_a_vacancy"),
        (None, "not_a_vacancy"),
        ([hh_item("1")], "not_a_vacancy"),
        ({"found": 0, "pages": 0}, "not_a_vacancy"),
        ({"name": "Оператор"}, "missing_id"),
        ({"id": "", "name": "Оператор"}, "missing_id"),
        ({"id": True, "salary": None}, "missing_id"),
    ],
)
def test_a_record_without_a_vacancy_id_is_refused_without_one(record, code):
    with pytest.raises(RecordError) as refused:
        parse_vacancy(record, CTX)
    assert (refused.value.code, refused.value.vacancy_id) == (code, None)


@pytest.mark.parametrize("reason", ["invalid_json", "bad_encoding"])
def test_a_broken_span_is_refused_with_its_reason_and_line(reason):
    broken = Broken(reason, "the file ends inside this value (truncated?)", 7, '{"id": "1", "na')
    with pytest.raises(RecordError) as refused:
        parse_vacancy(broken, CTX)
    assert refused.value.code == reason
    assert refused.value.message == "line 7: the file ends inside this value (truncated?)"


@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)),
    minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
    form=st.sampled_from(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%d %H:%M:%S%z"]),
)
def test_parse_timestamp_agrees_with_the_general_conversion(moment, minutes, form):
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))
    text = aware.strftime(form.replace("%:z", "%z")) if "%:z" not in form else (
        aware.strftime("%Y-%m-%dT%H:%M:%S") + aware.isoformat()[-6:]
    )

    assert parse_timestamp(text) == aware.astimezone(UTC).replace(tzinfo=None)
