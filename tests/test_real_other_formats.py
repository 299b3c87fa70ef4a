"""Other people's reduced exports (../shared/data/real/other-formats) load through the column
mappings in docs/mappings/, every record accounted for; Python repr text says how to convert."""

from __future__ import annotations

import ast
import gzip
import json
from pathlib import Path

import pytest

from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import REAL

OTHER = REAL / "other-formats"
MAPPINGS = Path(__file__).resolve().parents[1] / "docs" / "mappings"
pytestmark = pytest.mark.skipif(not OTHER.is_dir(), reason=f"real samples not found at {OTHER}")


def read(path: Path) -> object:
    """The file's value, read with the standard library, not with PayScope's reader."""
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return ast.literal_eval(text)


def each_element(key: str):
    return lambda value: [str(r[key]) for r in value]


def nested(key: str, *path: str):
    def ids(value):
        for step in path:
            value = [x for element in value for x in element[step]]
        return [str(r[key]) for r in value]

    return ids


def search_pages_by_company(value) -> list[str]:
    return [str(r["id"]) for element in value for r in element["data"]["items"]]


def keyed_by_employer(value) -> list[str]:
    return [str(r["id"]) for element in value for records in element.values() for r in records]


FILES = [
    ("hh_AlexKukin_cw4_2024-03_derived.json", "hh_reduced_snippets", each_element("id")),
    (
        "hh_Dinnland_Coursework5_2023-07_text.json_flattened.json.gz",
        "hh_flattened_by_employer",
        nested("id", "vacancies"),
    ),
    (
        "hh_Dinnland_Coursework5_2023-07_text.txt_flattened.json.gz",
        "hh_flattened_by_employer",
        nested("id", "vacancies"),
    ),
    (
        "hh_Dmitrievdia_Course5_2024-05_employers_derived.json",
        "hh_keyed_by_employer",
        keyed_by_employer,
    ),
    (
        "hh_KirillovIvan4_Coursework5_2024-05_derived.json",
        "hh_reduced_with_currency",
        each_element("id_vacancy"),
    ),
]
REPR_FILES = [
    "hh_Plutarxi99_hhdbgetvac_2023-09_search_pyrepr.txt",
    "superjob_grbcas_coursework4_2023-07_python_repr.txt",
]


def test_every_file_has_a_mapping_or_says_it_is_python_repr():
    covered = {name for name, _, _ in FILES} | set(REPR_FILES)
    assert covered == {p.name for p in OTHER.iterdir()}


@pytest.mark.parametrize(("name", "mapping", "ids"), FILES, ids=[f[0] for f in FILES])
def test_an_export_loads_with_its_mapping_every_record_accounted_for(tmp_path, name, mapping, ids):
    path = OTHER / name
    expected = ids(read(path))
    con = db.connect(tmp_path / "warehouse.duckdb")

    report = ingest(con, [path], source="csv", mapping=MAPPINGS / f"{mapping}.toml")

    assert report.ok
    [snapshot] = report.snapshots
    assert snapshot.records_read == len(expected) > 0
    assert snapshot.records_read == (
        snapshot.records_loaded + snapshot.records_quarantined + snapshot.records_duplicate
    )
    assert snapshot.records_quarantined == 0
    assert snapshot.records_loaded == len(set(expected))
    loaded = {i for (i,) in con.execute("select vacancy_id from vacancies").fetchall()}
    assert loaded == set(expected)
    with_pay = con.execute(
        "select count(*) filter (where pay_mid_rub is not null), count(*) from vacancies"
    ).fetchall()[0]
    assert 0 < with_pay[0] < with_pay[1]


@pytest.mark.parametrize("name", REPR_FILES)
@pytest.mark.parametrize("source", ["csv", "hh", "superjob"])
def test_python_repr_text_fails_naming_the_file_and_how_to_convert_it(tmp_path, name, source):
    con = db.connect(tmp_path / "warehouse.duckdb")
    mapping = MAPPINGS / "hh_search_pages_by_company.toml" if source == "csv" else None

    [snapshot] = ingest(con, [OTHER / name], source=source, mapping=mapping).snapshots

    assert snapshot.status == "failed"
    assert f"{name}: looks like Python repr, not JSON: convert it with" in snapshot.error.replace(
        " (single-quoted keys, True/None)", ""
    )
    assert con.execute("select count(*) from observations").fetchall()[0][0] == 0


@pytest.mark.parametrize(
    ("name", "source", "mapping", "ids"),
    [
        (REPR_FILES[0], "csv", "hh_search_pages_by_company", search_pages_by_company),
        (REPR_FILES[1], "superjob", None, each_element("id")),
    ],
)
def test_python_repr_converted_as_the_error_says_loads(tmp_path, name, source, mapping, ids):
    value = ast.literal_eval((OTHER / name).read_text(encoding="utf-8"))
    converted = tmp_path / "converted.json"
    converted.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    expected = ids(value)
    con = db.connect(tmp_path / "warehouse.duckdb")
    mapping_path = MAPPINGS / f"{mapping}.toml" if mapping else None

    report = ingest(con, [converted], source=source, mapping=mapping_path)

    assert report.ok
    assert report.total("records_read") == len(expected) > 0
    assert report.total("records_loaded") == len(set(expected))
    assert report.total("records_quarantined") == 0
