"""Opening warehouses: versioned migrations upgrade old files and refuse newer ones."""

from __future__ import annotations

import shutil

import pytest

from pipelines.warehouse import db
from tests.conftest import hh_item, hh_page, write_json


def test_a_new_warehouse_gets_every_migration_once(tmp_path):
    path = tmp_path / "w.duckdb"
    db.connect(path).close()
    con = db.connect(path)

    versions = con.execute("select version from schema_migrations").fetchall()
    assert versions == [(v,) for v, _ in db.migrations()]


def test_an_old_warehouse_is_upgraded_and_keeps_its_data(tmp_path, monkeypatch):
    from pipelines.warehouse.load import ingest

    path = tmp_path / "old.duckdb"
    con = db.connect(path)
    write_json(tmp_path / "page.json", hh_page(hh_item("1")))
    ingest(con, [tmp_path / "page.json"])
    con.close()
    newer = tmp_path / "sql"
    shutil.copytree(db.SQL_DIR, newer)
    (newer / "schema" / "999_add_note.sql").write_text(
        "alter table snapshots add column note varchar;\n", encoding="utf-8"
    )
    monkeypatch.setattr(db, "SQL_DIR", newer)
    db.read_sql.cache_clear()

    try:
        con = db.connect(path)
        assert db.schema_version(con) == 999
        assert con.execute("select count(*), count(note) from snapshots").fetchone() == (1, 0)
        assert con.execute("select vacancy_id from vacancies").fetchall() == [("1",)]
    finally:
        db.read_sql.cache_clear()


def test_schema_11_stores_vacancy_texts_with_zstd_and_keeps_every_row(tmp_path, monkeypatch):
    from pipelines.warehouse.load import ingest

    older = tmp_path / "sql"
    shutil.copytree(db.SQL_DIR, older)
    (older / "schema" / "011_text_zstd.sql").unlink()
    monkeypatch.setattr(db, "SQL_DIR", older)
    db.read_sql.cache_clear()
    path = tmp_path / "w.duckdb"
    try:
        con = db.connect(path)
        assert db.schema_version(con) == 10
        write_json(tmp_path / "page.json", hh_page(hh_item("1"), hh_item("2", name="Оператор")))
        ingest(con, [tmp_path / "page.json"])
        before = {t: _rows(con, t) for t in ("observations", "vacancy_current", "vacancies")}
        con.close()
    finally:
        db.read_sql.cache_clear()
    monkeypatch.undo()

    con = db.connect(path)
    assert db.schema_version(con) == 11
    assert {t: _rows(con, t) for t in before} == before
    for table in ("observations", "vacancy_current"):
        ddl = con.execute(
            "select sql from duckdb_tables() where table_name = $t", {"t": table}
        ).fetchone()[0]
        assert "description_text VARCHAR USING COMPRESSION ZSTD" in ddl
        assert "snippet_text VARCHAR USING COMPRESSION ZSTD" in ddl


def _rows(con, table: str) -> list[tuple]:
    return sorted(con.table(table).fetchall(), key=repr)


def test_a_warehouse_from_a_newer_payscope_is_refused_with_advice(tmp_path):
    path = tmp_path / "w.duckdb"
    con = db.connect(path)
    con.execute("insert into schema_migrations values (999, 'future.sql', now()::timestamp)")
    con.close()

    with pytest.raises(db.WarehouseError, match="newer than this PayScope"):
        db.connect(path)


def test_a_missing_warehouse_opened_read_only_says_how_to_make_one(tmp_path):
    with pytest.raises(db.WarehouseError, match="payscope demo"):
        db.connect(tmp_path / "none.duckdb", read_only=True)


def test_sql_files_bind_only_the_parameters_each_statement_uses(con):
    cursor = db.run_sql_file(con, "status/snapshots.sql", {"limit": 5, "unused": 1})
    assert cursor.fetchall() == []


def test_a_bad_memory_setting_does_not_stop_a_warehouse_being_made(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_MEMORY_LIMIT", "lots")
    con = db.connect(tmp_path / "w.duckdb")
    assert db.schema_version(con) == db.migrations()[-1][0]
