"""vacancy_features follows vacancies incrementally, the same with or without worker processes."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.demo import generate_demo
from pipelines.warehouse import db, derived, feature_store, marts
from pipelines.warehouse.load import ingest
from tests.conftest import hh_item, hh_page, write_json


def test_features_are_built_once_per_vacancy_state_and_the_same_in_parallel(tmp_path, monkeypatch):
    demo = generate_demo(tmp_path / "demo", vacancies=500, snapshots=2)
    monkeypatch.setattr(feature_store, "_POOL_MIN_ROWS", 0)
    monkeypatch.setattr(feature_store, "_READ_ROWS", 40)
    monkeypatch.setattr(feature_store, "_BATCH_ROWS", 100)
    monkeypatch.setattr(feature_store, "_UPSERT_ROWS", 150)  # several upserts, rows replaced
    tables = []
    for workers in (1, 2):
        con = db.connect(tmp_path / f"w{workers}.duckdb")
        ingest(con, demo.snapshot_dirs[:1])
        first = feature_store.update_features(con, workers=workers)
        assert first.built == con.execute("select count(*) from vacancies").fetchall()[0][0]
        assert feature_store.update_features(con, workers=workers).built == 0
        ingest(con, demo.snapshot_dirs[1:])
        seen_again = con.execute(
            "select count(*) from vacancies where last_snapshot_id = 2"
        ).fetchall()[0][0]
        assert feature_store.update_features(con, workers=workers).built == seen_again
        # A vacancy seen again has its one row replaced by features of its newest state.
        rows, keys, behind, vacancies = con.execute(
            "select count(*), count(distinct (f.source, f.vacancy_id)),"
            " count(*) filter (where f.last_snapshot_id <> v.last_snapshot_id),"
            " (select count(*) from vacancies)"
            " from vacancy_features as f left join vacancies as v using (source, vacancy_id)"
        ).fetchall()[0]
        assert (rows, keys, behind) == (vacancies, vacancies, 0)
        tables.append(con.execute("select * from vacancy_features order by all").fetchall())
        con.close()
    assert tables[0] == tables[1]


def test_a_failed_upsert_raises_its_own_error_not_the_aborted_transaction(tmp_path, monkeypatch):
    demo = generate_demo(tmp_path / "demo", vacancies=50, snapshots=1)
    con = db.connect(tmp_path / "w.duckdb")
    ingest(con, demo.snapshot_dirs)
    real_run = feature_store.run_sql_file

    def failing(con, name, params=None):
        if name == "features/upsert.sql":
            con.execute("insert into schema_migrations select * from schema_migrations")
        return real_run(con, name, params)

    monkeypatch.setattr(feature_store, "run_sql_file", failing)
    with pytest.raises(duckdb.ConstraintException):
        feature_store.update_features(con, workers=1)


def test_a_load_that_leaves_links_and_mart_to_the_features_has_them_built_once(
    tmp_path, monkeypatch
):
    demo = generate_demo(tmp_path / "demo", vacancies=200, snapshots=2)
    con = db.connect(tmp_path / "w.duckdb")
    ingest(con, demo.snapshot_dirs, derive=False)  # as `payscope ingest` and refresh load
    assert derived.stale(con) == {derived.LINKS, derived.MART}
    assert con.execute("select count(*) from dashboard_vacancies").fetchall()[0][0] == 0
    rebuilt = []
    real_rebuild = marts.refresh_dashboard_mart
    monkeypatch.setattr(marts, "refresh_dashboard_mart", lambda c: rebuilt.append(real_rebuild(c)))

    feature_store.update_features(con, workers=1)

    assert derived.stale(con) == set() and len(rebuilt) == 1
    mart, vacancies = con.execute(
        "select (select count(*) from dashboard_vacancies), (select count(*) from vacancies)"
    ).fetchall()[0]
    assert mart == vacancies > 0


def test_long_detail_documents_are_read_for_features_within_the_memory_limit(tmp_path, monkeypatch):
    """The stale read keeps whole vacancies out of its joins and sorts nothing: sorted whole,
    50 000 descriptions of 27 KB ran out of the 1 GB limit; here 400 of 60 KB, under 128 MB."""
    line = "<p>Консультирование клиентов в чатах, работа с CRM, эскалация обращения №{n}.</p>"
    items = [
        hh_item(str(i), description="".join(line.format(n=1000 * i + k) for k in range(400)))
        for i in range(400)
    ]
    write_json(tmp_path / "details.json", hh_page(*items))
    con = db.connect(tmp_path / "w.duckdb")
    ingest(con, [tmp_path / "details.json"])
    monkeypatch.setenv("PAYSCOPE_MEMORY_LIMIT", "128MB")
    assert feature_store.update_features(con, workers=1).built == 400


def test_vacancies_that_read_the_same_are_extracted_once_and_each_keeps_its_row(
    tmp_path, monkeypatch
):
    from pipelines.features import extract

    text = {"snippet": {"requirement": "Грамотная письменная речь", "responsibility": "Чаты"}}
    twin = hh_item("1", area={"id": "2", "name": "Санкт-Петербург"}, **text)
    items = [
        twin,
        hh_item("2", **text),  # another id, city and pay: the extractors read none of them
        hh_item("3", schedule={"id": "shift", "name": "Сменный график"}, **text),
    ]
    items[1]["salary"]["from"] = 45000
    write_json(tmp_path / "page.json", hh_page(*items))
    con = db.connect(tmp_path / "w.duckdb")
    ingest(con, [tmp_path / "page.json"])
    calls = []
    real_extract = extract.extract_features
    monkeypatch.setattr(extract, "extract_features", lambda v: calls.append(v) or real_extract(v))

    assert feature_store.update_features(con, workers=1).built == 3

    assert len(calls) == 2
    rows = con.execute(
        "select vacancy_id, schedule, requirements from vacancy_features order by vacancy_id"
    ).fetchall()
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert rows[0][1:] == rows[1][1:] and rows[2][1] == "shift" != rows[0][1]
