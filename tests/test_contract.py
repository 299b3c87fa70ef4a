"""Data-contract checks on the public views, as SQL over a demo warehouse."""

from __future__ import annotations

import pytest

from pipelines.warehouse import db

CHECKS = {
    "one row per vacancy": "select source, vacancy_id from vacancies "
    "group by all having count(*) > 1",
    "one observation per vacancy and snapshot": "select snapshot_id, source, vacancy_id "
    "from vacancy_observations group by all having count(*) > 1",
    "required columns are set": "select * from vacancies where source is null "
    "or vacancy_id is null or title is null or published_at is null or first_seen is null "
    "or snapshot_count < 1",
    "pay bounds are ordered": "select * from vacancies where pay_low_rub > pay_high_rub",
    "mid lies within the range": "select * from vacancies where pay_mid_rub < pay_low_rub "
    "or pay_mid_rub > pay_high_rub",
    "usable pay has a value and no excluding flag": "select * from vacancies where pay_in_stats "
    "and (pay_mid_rub is null or pay_flag in "
    "('below_minimum_wage', 'implausibly_high', 'period_unconvertible'))",
    "schedule values": "select * from vacancies where schedule not in "
    "('fullDay', 'shift', 'flexible', 'remote', 'flyInFlyOut')",
    "employment values": "select * from vacancies where employment not in "
    "('full', 'part', 'project', 'volunteer', 'probation')",
    "experience values": "select * from vacancies where experience not in "
    "('noExperience', 'between1And3', 'between3And6', 'moreThan6')",
    "work format values": "select * from vacancies where work_format not in "
    "('remote', 'hybrid', 'on_site', 'field_work')",
    "pay period values": "select * from vacancies where pay_period_original not in "
    "('month', 'hour', 'shift', 'day', 'week', 'year', 'rotation', 'service', 'project')",
    "pay flag values": "select * from vacancies where pay_flag not in "
    "('one_sided', 'below_minimum_wage', 'implausibly_high', 'period_unconvertible')",
    "gross basis values": "select * from vacancies where gross_basis not in "
    "('stated_gross', 'stated_net', 'assumed_gross')",
    "first seen before last seen": "select * from vacancies where first_seen > last_seen",
    "snapshot accounting": "select * from snapshots where records_read "
    "<> records_loaded + records_quarantined + records_duplicate",
    "every observation has a raw record": "select * from observations o anti join raw_records r "
    "using (snapshot_id, file, record_no)",
}


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = db.connect(demo_warehouse, read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("sql", CHECKS.values(), ids=CHECKS.keys())
def test_contract(con, sql):
    assert con.execute(sql).fetchall() == []


def test_demo_data_is_marked_synthetic_and_has_pay(con):
    synthetic, with_pay, total = con.execute(
        "select bool_and(is_synthetic), count(pay_mid_rub), count(*) from vacancies"
    ).fetchall()[0]
    assert synthetic and 0.7 < with_pay / total < 0.95


def test_demo_chat_operators_are_paid_as_the_brief_says(con):
    median = con.execute(
        "select median(pay_mid_rub) from vacancies where pay_in_stats and title ilike '%чат%'"
    ).fetchall()[0][0]
    assert 25_000 <= median <= 65_000
