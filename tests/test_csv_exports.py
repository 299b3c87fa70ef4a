"""CSV exports of hh.ru data through the mappings in docs/mappings/ (hand-written fixtures in
tests/data/csv/exports/ shaped like the real ones): Python repr inside cells, pay as text, ids
read from links, files without dates, ';' delimiters, multi-line fields, gzip."""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.sources.csv.cells import column_value, structured
from pipelines.sources.csv.mapping import MappingError, parse_mapping
from pipelines.sources.csv.parse import ParseContext, parse_vacancy
from pipelines.sources.records import RecordError, Role
from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import DATA

EXPORTS = DATA / "csv" / "exports"
MAPPINGS = Path(__file__).resolve().parents[1] / "docs" / "mappings"
AS_OF = datetime(2025, 3, 6)


def load(tmp_path, name: str, mapping: str, as_of: datetime | None = None, path=None):
    con = db.connect(tmp_path / "warehouse.duckdb")
    report = ingest(
        con, [path or EXPORTS / name], source="csv", mapping=MAPPINGS / f"{mapping}.toml",
        as_of=as_of,
    )  # fmt: skip
    [snapshot] = report.snapshots
    assert snapshot.records_read == (
        snapshot.records_loaded + snapshot.records_quarantined + snapshot.records_duplicate
    )
    return con, snapshot


def rows(con, sql: str) -> dict:
    """vacancy_id → the selected columns of vacancy_current (column names written by the test)."""
    query = f"select vacancy_id, {sql} from vacancy_current order by vacancy_id"  # noqa: S608
    cursor = con.execute(query)
    return {r[0]: r[1:] for r in cursor.fetchall()}


def quarantined(con) -> dict:
    cursor = con.execute("select location, reason, message from quarantine order by record_no")
    return {location: (reason, message) for location, reason, message in cursor.fetchall()}


def test_python_repr_cells_are_read_along_the_mappings_paths(tmp_path):
    con, snapshot = load(tmp_path, "api_items_repr.csv", "hh_csv_api_items_repr")

    assert (snapshot.records_loaded, snapshot.records_quarantined) == (3, 1)
    assert snapshot.records_duplicate == 1
    got = rows(
        con, "employer_name, area_name, pay_from_original, pay_to_original, currency_original, "
        "gross_original, schedule, experience, work_format, night_shifts, professional_roles",
    )  # fmt: skip
    role = {"id": "40", "name": "Оператор call-центра, специалист контактного центра"}
    assert got["101"] == (
        "Чат-Сервис", "Москва", 40000.0, 60000.0, "RUR", False, "remote", "noExperience",
        "hybrid", True, [role],  # REMOTE + HYBRID, as the hh source combines them
    )  # fmt: skip
    assert got["102"][2:6] == (None, None, None, None)  # an empty salary cell: no pay
    [(snippet,)] = con.execute(
        "select snippet_text from vacancies where vacancy_id = '101'"
    ).fetchall()
    assert snippet == "Грамотная речь\nОтвечать клиентам в чате"  # hh's highlight tags stripped
    assert got["103"][2:6] == (300000.0, None, "KZT", True)  # 'to': None is an open bound
    assert got["103"][8] == "on_site"
    [(reason, message)] = quarantined(con).values()
    assert reason == "bad_field"
    assert "api_items_repr.csv: record 4 (line 5, id 104): column 'salary'" in message
    assert "neither a Python literal nor JSON" in message


def test_a_repr_cell_is_parsed_as_a_literal_never_run():
    assert structured("{'a': [1, None, True]}", "c") == {"a": [1, None, True]}
    assert structured('{"a": null, "b": true}', "c") == {"a": None, "b": True}
    with pytest.raises(RecordError, match="neither a Python literal nor JSON"):
        structured("__import__('os').system('echo unsafe')", "c")
    row = {"salary": "{'from': 1}", "roles": "[{'id': '40'}]"}
    assert column_value(row, "salary.from") == 1
    assert column_value(row, "roles.0.id") == "40"
    assert column_value(row, "roles.1.id") is None


def test_pay_written_as_text_becomes_the_same_pay_record(tmp_path):
    con, snapshot = load(tmp_path, "pay_text.csv", "hh_csv_scraped_pay_text")

    assert (snapshot.records_loaded, snapshot.records_quarantined) == (3, 1)
    got = rows(
        con, "pay_from_original, pay_to_original, currency_original, gross_original, "
        "pay_period_original, gross_basis, pay_in_stats",
    )  # fmt: skip
    assert got["201"] == (40000.0, 60000.0, "RUB", False, "month", "stated_net", True)
    assert got["202"][:2] == (None, None) and got["202"][-1] is False  # «не указано»
    assert got["203"] == (500.0, None, "RUB", True, "hour", "stated_gross", True)
    [(reason, message)] = quarantined(con).values()
    assert reason == "bad_pay_value"
    # Line 7: the first row's quoted fields span three lines.
    assert "record 4 (line 7, id 204): column 'salary': no pay could be read from" in message


def test_multi_line_fields_and_vocabularies_read_through_patterns(tmp_path):
    con, _ = load(tmp_path, "pay_text.csv", "hh_csv_scraped_pay_text")

    got = rows(con, "description_text, employment, work_format, experience, published_at, url")
    assert got["201"][0] == "Отвечать клиентам в чате.\nГрафик 2/2, «ночные» смены по желанию."
    assert got["201"][1:4] == ("full", "remote", "noExperience")
    assert got["202"][1:4] == ("part", "on_site", "between1And3")  # the first format named
    assert got["201"][4] == datetime(2025, 4, 8)
    # The ad link has no id; the response link beside it has: the id comes from there.
    assert got["202"][5].startswith("https://adsrv.hh.ru/click")


def test_ids_come_from_links_and_a_link_without_one_is_quarantined(tmp_path):
    con, snapshot = load(tmp_path, "scraped_tags.csv", "hh_csv_scraped_tags", as_of=AS_OF)

    assert (snapshot.records_loaded, snapshot.records_quarantined) == (3, 1)
    got = rows(con, "key_skills, experience, currency_original, pay_flag")
    assert set(got) == {"301", "302", "304"}
    assert got["301"][:3] == (["Грамотная речь", "Работа с CRM"], "noExperience", "RUB")
    assert got["302"][2] == "USD"  # '$'
    [(reason, message)] = quarantined(con).values()
    assert reason == "missing_id"
    assert "scraped_tags.csv: record 3 (line 4): no id matching" in message
    assert "an hh.ru ad redirect" in message


def test_a_file_without_dates_takes_the_snapshot_time_and_says_it_is_an_estimate(tmp_path):
    con, snapshot = load(tmp_path, "russian_headers.csv", "hh_csv_russian_headers", as_of=AS_OF)

    assert snapshot.records_loaded == 2 and snapshot.fetched_at_basis == "as_of"
    got = rows(con, "published_at, published_estimated, key_skills, experience, pay_mid_rub")
    assert got["501"][:4] == (AS_OF, True, ["SQL", "Excel", "Jira"], "noExperience")
    assert got["502"][:2] == (AS_OF, True) and got["502"][4] is None
    dated, _ = load(tmp_path / "dated", "pay_text.csv", "hh_csv_scraped_pay_text")
    assert {r[0] for r in rows(dated, "published_estimated").values()} == {False}


def test_a_file_without_dates_and_without_a_snapshot_time_fails_saying_what_to_pass(tmp_path):
    con, snapshot = load(tmp_path, "russian_headers.csv", "hh_csv_russian_headers")

    assert snapshot.status == "failed"
    assert "russian_headers.csv: " in snapshot.error
    assert "pass --as-of DATE" in snapshot.error
    assert con.execute("select count(*) from vacancies").fetchall()[0][0] == 0


def test_a_semicolon_file_with_a_quoted_delimiter_and_line_break_loads(tmp_path):
    con, snapshot = load(tmp_path, "semicolon.csv", "hh_csv_id_title_created")

    assert (snapshot.records_read, snapshot.records_loaded) == (3, 3)
    got = rows(con, "title, area_name, currency_original, pay_flag, pay_in_stats")
    assert got["401"][0] == "Оператор чата; ночные смены\n(удалённо)"
    assert got["402"][2:] == ("USD", None, True)
    # RUR amounts a foreign currency would explain stay flagged, out of statistics.
    assert got["403"][3:] == ("below_minimum_wage", False)


def test_a_gzipped_export_loads_the_same_and_a_second_ingest_changes_nothing(tmp_path):
    packed = tmp_path / "api_items_repr.csv.gz"
    packed.write_bytes(gzip.compress((EXPORTS / "api_items_repr.csv").read_bytes()))
    con, snapshot = load(tmp_path, "", "hh_csv_api_items_repr", path=packed)
    before = con.execute("select * from vacancy_current order by vacancy_id").fetchall()

    again = ingest(con, [packed], source="csv", mapping=MAPPINGS / "hh_csv_api_items_repr.toml")

    assert snapshot.records_loaded == 3
    assert again.snapshots[0].status == "already_loaded"
    assert con.execute("select * from vacancy_current order by vacancy_id").fetchall() == before
    assert con.execute("select count(*) from snapshots").fetchall()[0][0] == 1


def test_list_fields_take_lists_or_separated_text():
    fields = {"key_skills": {"column": "s", "separator": ";"}, "professional_roles": "r"}
    m = parse_mapping({"source": "x", "fields": {"id": "id", "title": "t", "published": "d",
                                                 **fields}}, "m.toml")  # fmt: skip
    row = {"id": "1", "t": "T", "d": "2025-01-01", "s": "sql; python;", "r": "Аналитик, BI"}

    observation = parse_vacancy(row, ParseContext(source="csv:x", mapping=m))

    assert observation.key_skills == ["sql", "python"]
    assert observation.professional_roles == [Role(None, "Аналитик, BI")]


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ({"published": {"missing": "today"}}, 'fields.published.missing: "snapshot"'),
        ({"published": {"value": "2025-01-01", "missing": "snapshot"}}, "give one or the other"),
        ({"id": {"column": "link", "pattern": "("}}, "fields.id.pattern: not a regular expr"),
        ({"key_skills": {"column": "s", "separator": ""}}, "fields.key_skills.separator"),
        ({"pay_text": {"column": "s", "map": {}}}, "fields.pay_text.map: unknown key"),
    ],
)
def test_the_new_mapping_keys_are_checked(spec, says):
    document = {"source": "x", "fields": {"id": "id", "title": "t", "published": "d", **spec}}
    with pytest.raises(MappingError, match=says):
        parse_mapping(document, "m.toml")


def test_source_csv_name_reads_with_the_shipped_mapping_of_that_name(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    args = ["ingest", str(EXPORTS / "semicolon.csv"), "--db", str(warehouse)]

    loaded = CliRunner().invoke(app, [*args, "--source", "csv:hh_csv_id_title_created"])
    unknown = CliRunner().invoke(app, [*args, "--source", "csv:nope"])

    assert loaded.exit_code == 0, loaded.output
    assert "3 records read = 3 loaded" in loaded.output
    assert unknown.exit_code != 0
    assert "--source csv:nope: no mapping file 'nope'" in unknown.output
    assert "hh_csv_id_title_created" in unknown.output


def test_the_model_does_not_learn_from_vacancies_whose_date_is_only_the_snapshots(tmp_path):
    from models.dataset import training_rows
    from pipelines.warehouse.feature_store import update_features

    con, _ = load(tmp_path, "russian_headers.csv", "hh_csv_russian_headers", as_of=AS_OF)
    update_features(con)
    with_pay = rows(con, "pay_mid_rub is not null and pay_in_stats")
    assert with_pay["501"] == (True,)  # it has pay, and it still is not a training row

    assert con.execute("select count(*) from vacancy_features").fetchone()[0] == 2
    with pytest.raises(Exception, match="no real vacancies with pay"):
        training_rows(con, synthetic=False)
