"""`payscope export --format parquet`: Hive-partitioned Parquet that reads back as the warehouse."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.core import atomic_write
from pipelines.warehouse import db, export
from pipelines.warehouse.load import ingest
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()


def run_export(warehouse, out, *extra):
    return runner.invoke(app, ["export", "--format", "parquet", "--db", str(warehouse),
                               "--out", str(out), *extra])  # fmt: skip


def parquet(out, table: str) -> str:
    return f"read_parquet('{out}/{table}/**/*.parquet', hive_partitioning = true)"


@pytest.fixture(scope="module")
def exported(demo_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "parquet"
    result = run_export(demo_warehouse, out, "--json")
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


def test_every_table_reads_back_with_the_warehouse_rows_and_pay(demo_warehouse, exported):
    out, manifest = exported
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        for table in export.TABLES:
            rows = con.execute(f"select count(*) from {table}").fetchall()[0][0]  # noqa: S608
            back = duckdb.sql(f"select count(*) from {parquet(out, table)}").fetchall()[0][0]  # noqa: S608
            assert back == rows == manifest["tables"][table]["rows"], table
        pay = con.execute("select sum(pay_mid_rub), count(pay_mid_rub) from vacancies").fetchall()
    pay_back = duckdb.sql(
        f"select sum(pay_mid_rub), count(pay_mid_rub) from {parquet(out, 'vacancies')}"  # noqa: S608
    ).fetchall()
    assert pay_back[0][0] == pytest.approx(pay[0][0], rel=1e-12)
    assert pay_back[0][1] == pay[0][1] > 0


def test_vacancies_are_partitioned_by_source_and_month_of_publication(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    page = hh_page(
        hh_item("1", published_at="2026-09-30T23:30:00+0000"),
        hh_item("2", published_at="2026-10-01T00:30:00+0000"),
        hh_item("3", published_at="2026-10-15T12:00:00+0300"),
    )
    with db.connect(warehouse) as con:
        ingest(con, [write_json(tmp_path / "page.json", page)])

    assert run_export(warehouse, tmp_path / "parquet").exit_code == 0

    out = tmp_path / "parquet"
    folders = sorted(str(p.relative_to(out / "vacancies")) for p in out.glob("vacancies/*/*"))
    assert folders == ["source=hh/month=2026-09", "source=hh/month=2026-10"]
    rows = duckdb.sql(
        f"select vacancy_id, source, month from {parquet(out, 'vacancies')} order by vacancy_id"  # noqa: S608
    ).fetchall()
    assert rows == [("1", "hh", "2026-09"), ("2", "hh", "2026-10"), ("3", "hh", "2026-10")]


def test_an_empty_table_is_one_readable_file_with_every_column(demo_warehouse, exported):
    out, manifest = exported
    assert manifest["tables"]["vacancy_links"]["rows"] == 0  # one source: no cross-board twins
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        columns = [r[0] for r in con.execute("describe vacancy_links").fetchall()]
    back = duckdb.sql(f"select * from {parquet(out, 'vacancy_links')}")  # noqa: S608
    assert back.columns == columns


def test_the_manifest_says_what_was_exported(exported):
    _, manifest = exported
    on_disk = json.loads((exported[0] / "_manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest
    assert list(manifest["tables"]) == list(export.TABLES)
    assert manifest["tables"]["vacancies"]["partition_by"] == ["source", "month"]
    assert manifest["schema_version"] >= 4 and manifest["payscope_version"]
    assert manifest["exported_at"].startswith("20")


def test_a_second_export_replaces_the_folder_whole(demo_warehouse, tmp_path):
    out = tmp_path / "parquet"
    assert run_export(demo_warehouse, out).exit_code == 0
    (out / "left_from_before.txt").write_text("old", encoding="utf-8")

    result = run_export(demo_warehouse, out)

    assert result.exit_code == 0, result.output
    assert "exported 6 tables" in result.stdout
    assert not (out / "left_from_before.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["parquet"]  # no staging folder left


def test_replacing_without_an_atomic_swap_still_leaves_one_whole_export(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic_write, "_exchange", lambda a, b: False)  # not Linux, old kernel
    out, staging = tmp_path / "parquet", tmp_path / ".parquet.x.partial"
    for folder, content in ((out, "old"), (staging, "new")):
        folder.mkdir()
        (folder / export.MANIFEST).write_text(content, encoding="utf-8")

    atomic_write.replace_folder(staging, out)

    assert (out / export.MANIFEST).read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["parquet"]


def test_a_failed_export_leaves_the_previous_one_untouched(demo_warehouse, tmp_path, monkeypatch):
    out = tmp_path / "parquet"
    assert run_export(demo_warehouse, out).exit_code == 0
    before = (out / export.MANIFEST).read_bytes()
    copy_table = export.copy_table

    def fail_on_features(con, name, target):
        if name == "vacancy_features":
            raise OSError("disk full")
        return copy_table(con, name, target)

    monkeypatch.setattr(export, "copy_table", fail_on_features)
    result = run_export(demo_warehouse, out)

    assert result.exit_code == 1 and "disk full" in result.output
    assert (out / export.MANIFEST).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["parquet"]


@pytest.mark.parametrize(
    ("make_out", "message"),
    [
        (lambda root, warehouse: root / "a-file.txt", "is a file"),
        (lambda root, warehouse: warehouse.parent, "holds the warehouse"),
        (lambda root, warehouse: root / "photos", "not a PayScope export"),
    ],
    ids=["file", "warehouse-folder", "foreign-folder"],
)
def test_a_bad_out_is_a_usage_error_and_nothing_is_touched(
    demo_warehouse, tmp_path, make_out, message
):
    (tmp_path / "a-file.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    before = sorted(p.name for p in demo_warehouse.parent.iterdir())

    result = run_export(demo_warehouse, make_out(tmp_path, demo_warehouse))

    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert (tmp_path / "a-file.txt").read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "photos" / "cat.jpg").exists()
    assert sorted(p.name for p in demo_warehouse.parent.iterdir()) == before


def test_an_unknown_format_is_a_usage_error(demo_warehouse, tmp_path):
    result = run_export(demo_warehouse, tmp_path / "out", "--format", "csv")
    assert result.exit_code == 2 and "not supported" in result.output
