"""The CSV / flat JSON source: a TOML column mapping, checked up front; rows → observations."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import datetime

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.sources import common
from pipelines.sources.csv.mapping import MappingError, load_mapping, parse_mapping
from pipelines.sources.csv.parse import ParseContext, parse_vacancy, records_at
from pipelines.sources.framing import Broken
from pipelines.sources.records import RecordError
from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import DATA

BOARD = DATA / "csv" / "board"
MINIMAL = {"source": "x", "fields": {"id": "id", "title": "t", "published": "d"}}


def mapping(**fields):
    """A mapping of the minimal one plus `fields` (None removes one), top-level keys in `top`."""
    top = fields.pop("top", {})
    merged = {k: v for k, v in {**MINIMAL["fields"], **fields}.items() if v is not None}
    return parse_mapping({**MINIMAL, **top, "fields": merged}, "m.toml")


def parse(row: dict, **fields):
    return parse_vacancy(row, ParseContext(source="csv:x", mapping=mapping(**fields)))


ROW = {"id": "7", "t": "Оператор чата", "d": "2025-03-05"}


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ({**MINIMAL, "delimeter": ";"}, "m.toml: delimeter: unknown key"),
        ({**MINIMAL, "source": "My Board"}, "m.toml: source: required"),
        ({**MINIMAL, "fields": {"title": "t", "published": "d"}}, "m.toml: fields.id: required"),
        ({**MINIMAL, "fields": {**MINIMAL["fields"], "salary": "s"}}, "fields.salary: unknown key"),
        (
            {**MINIMAL, "fields": {**MINIMAL["fields"], "title": {"colum": "t"}}},
            "fields.title.colum: unknown key",
        ),
        (
            {**MINIMAL, "fields": {**MINIMAL["fields"], "schedule": {"map": {"2/2": "twoByTwo"}}}},
            "fields.schedule.map.2/2: 'twoByTwo' is not one of fullDay, shift",
        ),
        (
            {**MINIMAL, "fields": {**MINIMAL["fields"], "gross": {"value": 1}}},
            "fields.gross.value: 1 is not one of true, false",
        ),
        (
            {**MINIMAL, "fields": {**MINIMAL["fields"], "period": {"value": "quarter"}}},
            "fields.period.value: 'quarter' is not one of month, hour",
        ),
        ({**MINIMAL, "encoding": "klingon"}, "m.toml: encoding: unknown encoding 'klingon'"),
        ({**MINIMAL, "decimal_comma": "yes"}, "m.toml: decimal_comma: true or false"),
    ],
)
def test_a_mapping_is_refused_naming_the_file_and_the_key(document, says):
    with pytest.raises(MappingError) as caught:
        parse_mapping(document, "m.toml")
    assert says in str(caught.value)


def test_a_mapping_file_that_is_not_toml_is_named(tmp_path):
    path = tmp_path / "mapping.toml"
    path.write_text("source = \n", encoding="utf-8")
    with pytest.raises(MappingError, match=f"{path}: not valid TOML"):
        load_mapping(path)


def test_a_row_becomes_a_whole_observation():
    row = {**ROW, "from": "45 000", "to": "55 000,50", "tax": "на руки", "e": "ООО Ромашка"}
    fields = {
        "pay_from": "from",
        "pay_to": "to",
        "gross": {"column": "tax", "map": {"На руки": False}},
        "employer": "e",
        "region": {"value": "Москва"},
        "top": {"decimal_comma": True},
    }
    obs = parse(row, **fields)

    assert obs == common.observation(
        source="csv:x",
        vacancy_id="7",
        is_detail=False,
        is_synthetic=False,
        title="Оператор чата",
        employer_name="ООО Ромашка",
        area_name="Москва",
        published_at=datetime(2025, 3, 5),
        currency_original=None,
        pay_from_original=45000.0,
        pay_to_original=55000.5,
        gross_original=False,
        pay_period_original="month",
        pay_low_rub=obs.pay_low_rub,
        pay_high_rub=obs.pay_high_rub,
        pay_mid_rub=obs.pay_mid_rub,
        pay_flag=None,
        pay_in_stats=True,
        fx_rate=1.0,
        fx_source="rub",
        gross_basis="stated_net",
        pay_conversion=obs.pay_conversion,
    )
    assert obs.pay_low_rub > 45000  # net → gross, as for every source


@pytest.mark.parametrize(
    ("value", "decimal_comma", "expected"),
    [
        ("45 000", False, 45000),
        ("45\u00a0000", False, 45000),
        ("45,000", False, 45000),
        ("45000.5", False, 45000.5),
        ("45.000,5", True, 45000.5),
        ("45000,5", True, 45000.5),
        ("", False, None),
        ("0", False, None),  # 0 = not stated, by default
        (52000, False, 52000),
    ],
)
def test_pay_bounds_are_read_as_numbers(value, decimal_comma, expected):
    obs = parse({**ROW, "p": value}, pay_from="p", top={"decimal_comma": decimal_comma})
    assert obs.pay_from_original == expected


@pytest.mark.parametrize(
    ("row", "fields", "reason", "says"),
    [
        ({**ROW, "p": "45,5"}, {"pay_from": "p"}, "bad_pay_value", "column 'p': '45,5' is not a "
         "number (a decimal comma? set decimal_comma = true in the mapping)"),
        ({**ROW, "p": "0"}, {"pay_from": "p", "top": {"zero_means_no_bound": False}},
         "bad_pay_value", "column 'p' is 0"),
        ({**ROW, "d": "05.03.2025"}, {}, "bad_date", "column 'd': '05.03.2025' is not a date"),
        ({**ROW, "per": "в квартал", "p": "5"}, {"pay_from": "p", "period": "per"},
         "unknown_pay_period", "column 'per': 'в квартал' is not in the mapping's fields.period"),
        ({**ROW, "t": " "}, {}, "missing_title", "no title in column 't'"),
        ({"t": "x", "d": "2025-03-05"}, {}, "missing_id", "no id in column 'id'"),
        ({**ROW, "e": {"id": 1}}, {"employer": "e"}, "bad_field", "column 'e' holds dict"),
    ],
)  # fmt: skip
def test_a_bad_row_is_refused_naming_the_column(row, fields, reason, says):
    with pytest.raises(RecordError) as caught:
        parse(row, **fields)
    assert (caught.value.code, says in caught.value.message) == (reason, True), caught.value.message


def test_values_are_mapped_into_the_vocabulary_or_left_unknown():
    fields = {
        "schedule": {"column": "s", "map": {"сменный": "shift"}},
        "experience": "x",
        "period": {"column": "per", "map": {"за смену": "shift"}},
        "pay_from": "p",
    }
    obs = parse({**ROW, "s": "Сменный", "x": "между", "per": "За смену", "p": "3000"}, **fields)

    assert (obs.schedule, obs.experience, obs.pay_period_original) == ("shift", None, "shift")
    assert parse({**ROW, "x": "moreThan6"}, experience="x").experience == "moreThan6"


def test_dates_follow_the_format_given():
    fields = {"published": {"column": "d", "format": "%d.%m.%Y %H:%M%z"}}
    obs = parse({**ROW, "d": "05.03.2025 12:00+0300"}, **fields)
    assert obs.published_at == datetime(2025, 3, 5, 9, 0)
    unix = parse({**ROW, "d": 1741165200}, published={"column": "d", "format": "unix"})
    assert unix.published_at == datetime(2025, 3, 5, 9, 0)


def test_json_records_are_found_along_the_mapping_path():
    value = [{"Ромашка": [{"id": 1}, {"id": 2}]}, {"Лютик": [{"id": 3}]}, {"Василёк": None}]
    found = list(records_at(value, ("[]", "*", "[]")))

    assert [(where, r) for where, r in found[:3]] == [
        ("[0].Ромашка[0]", {"id": 1, "@key": "Ромашка"}),
        ("[0].Ромашка[1]", {"id": 2, "@key": "Ромашка"}),
        ("[1].Лютик[0]", {"id": 3, "@key": "Лютик"}),
    ]
    where, broken = found[3]
    assert where == "[2].Василёк" and isinstance(broken, Broken)
    assert broken.message == "expected an array here (mapping `records`), found null"


@pytest.fixture
def board(tmp_path):
    con = db.connect(tmp_path / "warehouse.duckdb")
    yield con, ingest(con, [BOARD / "board.csv"], source="csv")
    con.close()


def test_a_csv_file_loads_with_the_mapping_beside_it_every_row_accounted_for(board):
    con, report = board
    [snapshot] = report.snapshots

    counts = (snapshot.records_read, snapshot.records_loaded, snapshot.records_quarantined)
    assert counts == (8, 3, 5)
    rows = con.execute(
        "select source, vacancy_id, pay_period_original, gross_original, schedule, experience,"
        " pay_from_original, pay_to_original from vacancies order by vacancy_id"
    ).fetchall()
    assert rows == [
        ("csv:board", "1", "month", False, "shift", "noExperience", 45000.0, 55000.5),
        ("csv:board", "2", "hour", True, "fullDay", "between1And3", 300.0, None),
        ("csv:board", "8", None, None, None, None, None, None),  # 0/0: no pay; вахта unmapped
    ]


def test_quarantined_rows_name_the_file_the_line_and_the_column(board):
    con, _ = board
    reasons = con.execute("select reason, message from quarantine order by record_no").fetchall()

    assert [reason for reason, _ in reasons] == [
        "bad_pay_value", "bad_date", "unknown_pay_period", "missing_id", "bad_row",
    ]  # fmt: skip
    message = reasons[0][1]
    assert "board.csv: record 3 (line 4, id 3): column 'ЗП от': 'много' is not a number" in message
    assert "record 7 (line 8): 14 values where the header has 13" in reasons[4][1]


def test_a_gzipped_csv_loads_the_same(tmp_path):
    shutil.copy(BOARD / "mapping.toml", tmp_path / "mapping.toml")
    (tmp_path / "board.csv.gz").write_bytes(gzip.compress((BOARD / "board.csv").read_bytes()))
    con = db.connect(tmp_path / "warehouse.duckdb")

    report = ingest(con, [tmp_path / "board.csv.gz"], source="csv")

    assert (report.total("records_loaded"), report.total("records_quarantined")) == (3, 5)


def test_a_folder_of_csv_files_loads_with_its_mapping(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(BOARD / "mapping.toml", folder / "mapping.toml")
    shutil.copy(BOARD / "board.csv", folder / "board.csv")
    (folder / "notes.md").write_text("not data", encoding="utf-8")  # neither data nor mapping
    con = db.connect(tmp_path / "warehouse.duckdb")

    folder_report = ingest(con, [folder], source="csv")
    file_only = ingest(db.connect(tmp_path / "other.duckdb"), [BOARD / "board.csv"], source="csv")

    assert folder_report.total("records_read") == file_only.total("records_read") > 0
    assert folder_report.total("records_loaded") == file_only.total("records_loaded")


def test_a_column_the_file_lacks_fails_the_file_naming_the_column(tmp_path):
    (tmp_path / "mapping.toml").write_text(
        (BOARD / "mapping.toml").read_text(encoding="utf-8").replace('"Город"', '"Регион"'),
        encoding="utf-8",
    )
    shutil.copy(BOARD / "board.csv", tmp_path / "board.csv")
    con = db.connect(tmp_path / "warehouse.duckdb")

    [snapshot] = ingest(con, [tmp_path / "board.csv"], source="csv").snapshots

    assert snapshot.status == "failed"
    assert "board.csv: no column 'Регион' named by" in snapshot.error


def test_python_repr_text_fails_with_how_to_convert_it(tmp_path):
    records = [{"id": 1, "t": "Оператор", "d": "2025-03-05", "remote": True, "pay": None}]
    (tmp_path / "export.json").write_text(repr(records), encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(
        'source = "x"\n[fields]\nid = "id"\ntitle = "t"\npublished = "d"\n', encoding="utf-8"
    )
    con = db.connect(tmp_path / "warehouse.duckdb")

    [snapshot] = ingest(con, [tmp_path / "export.json"], source="csv").snapshots

    assert snapshot.status == "failed"
    assert "export.json: looks like Python repr, not JSON" in snapshot.error
    assert "ast.literal_eval" in snapshot.error
    (tmp_path / "export.json").write_text(json.dumps(records), encoding="utf-8")
    assert ingest(con, [tmp_path / "export.json"], source="csv").total("records_loaded") == 1


def test_the_cli_says_when_the_mapping_is_missing_or_wrong(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("id,t,d\n1,x,2025-03-05\n", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('source = "x"\n[fields]\nid = "id"\ntitle = "t"\n', encoding="utf-8")
    db_file = str(tmp_path / "w.duckdb")
    runner = CliRunner()

    missing = runner.invoke(app, ["ingest", str(data), "--source", "csv", "--db", db_file])
    wrong = runner.invoke(
        app, ["ingest", str(data), "--source", "csv", "--mapping", str(bad), "--db", db_file]
    )

    assert missing.exit_code == 2
    assert "pass --mapping FILE.toml or put mapping.toml" in missing.output
    assert wrong.exit_code == 2 and f"{bad}: fields.published: required" in wrong.output
