"""Loading snapshots: accounting, idempotency, quarantine, transactions, latest state."""

from __future__ import annotations

import gzip
import json
from datetime import datetime

import duckdb
import pytest

from pipelines.sources.hh import parse as hh_parse
from pipelines.sources.snapshot_files import SnapshotFileError
from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import fixture_json, hh_item, hh_page, table_counts, write_json

T1 = datetime(2025, 3, 12, 6, 0)
T2 = datetime(2025, 3, 19, 6, 0)


def fetch_folder(root, fetched_at="2025-03-12T06:00:00+00:00", **manifest):
    """A folder as `payscope fetch` writes it: manifest, search pages and detail documents."""
    write_json(root / "manifest.json", {"source": "hh", "fetched_at": fetched_at, **manifest})
    write_json(root / "pages" / "page-0.json", fixture_json("search_page.json"))
    write_json(root / "vacancies" / "100000001.json", fixture_json("detail.json"))
    return root


def test_a_fetch_folder_is_one_snapshot_and_the_detail_document_wins(con, tmp_path):
    report = ingest(con, [fetch_folder(tmp_path / "fetch")])

    [snap] = report.snapshots
    assert (snap.status, snap.files, snap.fetched_at_basis) == ("loaded", 2, "manifest")
    assert (snap.records_read, snap.records_loaded, snap.records_duplicate) == (3, 2, 1)
    row = con.execute(
        "select title, description_text, key_skills, languages, snippet_text, pay_low_rub, "
        "first_seen from vacancies where vacancy_id = '100000001'"
    ).fetchone()
    assert row[0] == "Оператор чата (удалённо)"
    assert row[1].startswith("Отвечаем клиентам в чате.")
    assert row[2] == ["Грамотность", "CRM"]
    assert row[3] == [{"name": "english", "level": "b2"}, {"name": "russian", "level": "native"}]
    assert row[5] == pytest.approx(45977.01)  # 40 000 net → gross at 13 %
    assert row[6] == T1
    statuses = con.execute(
        "select status, count(*) from raw_records group by status order by status"
    ).fetchall()
    assert statuses == [("duplicate", 1), ("loaded", 2)]


def test_every_record_is_accounted_for_in_snapshots_and_files(con, tmp_path):
    page = hh_page(hh_item("1"), hh_item("2"), hh_item("1"), {"name": "без id"})
    write_json(tmp_path / "page.json", page)

    [snap] = ingest(con, [tmp_path / "page.json"]).snapshots

    assert (snap.records_read, snap.records_loaded) == (4, 2)
    assert (snap.records_quarantined, snap.records_duplicate) == (1, 1)
    stored = con.execute(
        "select records_read, records_loaded, records_quarantined, records_duplicate from snapshots"
    ).fetchone()
    per_file = con.execute(
        "select records_read, records_loaded, records_quarantined, records_duplicate "
        "from snapshot_files"
    ).fetchone()
    assert stored == per_file == (4, 2, 1, 1)


def test_reingesting_the_same_files_changes_nothing(con, tmp_path):
    folder = fetch_folder(tmp_path / "fetch")
    ingest(con, [folder])
    before = table_counts(con)
    copy_of_file = write_json(tmp_path / "elsewhere" / "same.json", fixture_json("detail.json"))

    again = ingest(con, [folder, copy_of_file])

    assert [s.status for s in again.snapshots] == ["already_loaded", "already_loaded"]
    assert table_counts(con) == before


def test_a_new_file_in_a_loaded_folder_loads_alone(con, tmp_path):
    folder = fetch_folder(tmp_path / "fetch")
    ingest(con, [folder])
    write_json(folder / "pages" / "page-1.json", hh_page(hh_item("3")))

    [snap] = ingest(con, [folder]).snapshots

    assert (snap.status, snap.skipped_files, snap.records_loaded) == ("loaded", 2, 1)


BAD_RECORDS = [
    ({"id": None, "name": "Оператор"}, "missing_id"),
    (
        hh_item("9", salary={"from": 1, "to": 2, "currency": "XXX", "gross": True}),
        "unknown_currency",
    ),
    (hh_item("9", salary={"from": 90000, "to": 50000, "currency": "RUR"}), "pay_range_inverted"),
    (hh_item("9", salary={"from": -5, "to": None, "currency": "RUR"}), "negative_pay"),
    (hh_item("9", salary={"from": 1e12, "to": None, "currency": "RUR"}), "absurd_pay"),
    (hh_item("9", salary={"from": "много", "to": None, "currency": "RUR"}), "bad_pay_value"),
    (hh_item("9", published_at="вчера"), "bad_date"),
    ("просто строка", "not_a_vacancy"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_RECORDS, ids=[r for _, r in BAD_RECORDS])
def test_a_bad_record_is_quarantined_and_the_rest_loads(con, tmp_path, bad, reason):
    write_json(tmp_path / "page.json", hh_page(hh_item("1"), bad, hh_item("2")))

    [snap] = ingest(con, [tmp_path / "page.json"]).snapshots

    assert (snap.records_loaded, snap.records_quarantined) == (2, 1)
    file, record_no, got_reason, message, original = con.execute(
        "select file, record_no, reason, message, original from quarantine"
    ).fetchone()
    assert (file.endswith("page.json"), record_no, got_reason) == (True, 2, reason)
    assert message.startswith(f"{file}: record 2 (items[1]")
    assert original


def test_truncated_and_invalid_json_quarantine_only_the_broken_part(con, tmp_path):
    items = [hh_item(str(i)) for i in range(1, 6)]
    text = json.dumps(items, ensure_ascii=False, indent=2)
    broken_middle = text.replace('"id": "3"', '"id": 3three', 1)
    # Two saves (folders) of the same vacancies: each its own snapshot, neither a duplicate.
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "middle.json").write_text(broken_middle, encoding="utf-8")
    (tmp_path / "b" / "cut.json").write_text(text[: len(text) * 3 // 4], encoding="utf-8")

    ingest(con, [tmp_path / "a" / "middle.json", tmp_path / "b" / "cut.json"])

    counts = {
        path.split("/")[-1]: (loaded, quarantined)
        for path, loaded, quarantined in con.execute(
            "select path, records_loaded, records_quarantined from snapshot_files"
        ).fetchall()
    }
    assert counts["middle.json"] == (4, 1)
    assert counts["cut.json"][1] == 1 and counts["cut.json"][0] >= 3
    reasons = {r for (r,) in con.execute("select distinct reason from quarantine").fetchall()}
    assert reasons == {"invalid_json"}


@pytest.mark.parametrize("shape", ["jsonl", "search_page"])
def test_text_that_is_not_utf8_is_quarantined_as_bad_encoding(con, tmp_path, shape):
    good = json.dumps(hh_item("1"), ensure_ascii=False).encode()
    bad = json.dumps(hh_item("2", name="Оператор")).encode().replace(b"\\u041e", b"\xce")
    if shape == "jsonl":
        (tmp_path / "mixed.json").write_bytes(good + b"\n" + bad + b"\n")
    else:  # one well-formed document with a record in another encoding
        (tmp_path / "mixed.json").write_bytes(b'{"items": [' + good + b", " + bad + b"]}")

    [snap] = ingest(con, [tmp_path / "mixed.json"]).snapshots

    assert (snap.records_loaded, snap.quarantine_reasons) == (1, {"bad_encoding": 1})


def test_jsonl_gzip_and_back_to_back_values_load(con, tmp_path):
    lines = "\n".join(json.dumps(hh_item(str(i)), ensure_ascii=False) for i in (1, 2))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    pages = json.dumps(hh_page(hh_item("3"))) + json.dumps(hh_page(hh_item("4"), hh_item("5")))
    (tmp_path / "b.json").write_text(pages, encoding="utf-8")
    write_json(tmp_path / "c.json", [[hh_item("6")], [hh_item("7")]])

    report = ingest(con, [tmp_path])

    assert report.total("records_loaded") == 7
    assert con.execute("select count(*) from vacancies").fetchone()[0] == 7


def test_an_unreadable_file_fails_alone_and_leaves_no_trace(con, tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "notes.json").write_text("это не JSON", encoding="utf-8")
    write_json(tmp_path / "bad" / "manifest.json", {"fetched_at": "2025-03-12T06:00:00Z"})
    write_json(tmp_path / "bad" / "page.json", hh_page(hh_item("1")))
    (tmp_path / "broken.json.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    write_json(tmp_path / "good.json", hh_page(hh_item("2")))

    report = ingest(con, [tmp_path / "bad", tmp_path / "broken.json.gz", tmp_path / "good.json"])

    # "bad" has a manifest: one fetch, refused whole. The two files saved beside each other
    # without one are one snapshot in which the broken file fails alone.
    outcome = {s.path.split("/")[-1]: s for s in report.snapshots}
    assert outcome["bad"].status == "failed" and "notes.json: not JSON" in outcome["bad"].error
    saved = outcome[tmp_path.name]
    assert (saved.status, saved.error, saved.records_loaded) == ("loaded", None, 1)
    [error] = saved.file_errors
    assert "broken.json.gz: " in error and "gzip" in error
    assert not report.ok
    assert con.execute("select list(vacancy_id) from vacancies").fetchone()[0] == ["2"]
    assert con.execute("select count(*) from snapshots").fetchone()[0] == 1


def test_a_missing_path_is_an_error_naming_it(con, tmp_path):
    with pytest.raises(SnapshotFileError, match="nope.json: no such file"):
        ingest(con, [tmp_path / "nope.json"])


class InjectedCrash(BaseException):
    """Stands for the process being stopped: not an error that one record or file absorbs."""


@pytest.mark.parametrize("crash_at", ["parse", "publish", "insert_with_workers"])
def test_a_crash_in_the_middle_of_a_load_leaves_the_warehouse_as_before(
    con, tmp_path, monkeypatch, crash_at
):
    threads = con.execute("select current_setting('threads')").fetchall()
    write_json(tmp_path / "first.json", hh_page(hh_item("1")))
    ingest(con, [tmp_path / "first.json"])
    before = table_counts(con)
    write_json(tmp_path / "second" / "a.json", hh_page(*[hh_item(str(i)) for i in range(10, 20)]))
    write_json(tmp_path / "second" / "b.json", hh_page(*[hh_item(str(i)) for i in range(20, 30)]))
    write_json(tmp_path / "second" / "manifest.json", {"fetched_at": "2025-03-19T06:00:00Z"})

    if crash_at == "parse":  # the process is stopped after 15 records, inside the second file
        real, calls = hh_parse.parse_vacancy, []

        def failing(record, ctx):
            calls.append(1)
            if len(calls) > 15:
                raise InjectedCrash("injected crash")
            return real(record, ctx)

        monkeypatch.setattr(hh_parse, "parse_vacancy", failing)
    elif crash_at == "insert_with_workers":  # a failing statement aborts the transaction
        from pipelines.warehouse import load_parse

        monkeypatch.setattr(load_parse, "POOL_MIN_BYTES", 0)
        monkeypatch.setattr(load_parse, "CHUNK_BYTES", 1)
        real_run = db.run_sql_file

        def failing_run(connection, name, params=None):
            if name == "load/insert_observations.sql":
                connection.execute("select error('injected crash')")
            return real_run(connection, name, params)

        monkeypatch.setattr("pipelines.warehouse.load_stage.run_sql_file", failing_run)
    else:  # an exception after the observations are published, before commit
        real_run = db.run_sql_file

        def failing_run(connection, name, params=None):
            if name == "canonical/refresh_current.sql":
                raise RuntimeError("injected crash")
            return real_run(connection, name, params)

        monkeypatch.setattr("pipelines.warehouse.load_publish.run_sql_file", failing_run)

    with pytest.raises((RuntimeError, duckdb.Error, InjectedCrash), match="injected crash"):
        ingest(con, [tmp_path / "second"], workers=2 if crash_at == "insert_with_workers" else 1)
    assert table_counts(con) == before
    assert con.execute("select current_setting('threads')").fetchall() == threads

    monkeypatch.undo()
    assert ingest(con, [tmp_path / "second"]).total("records_loaded") == 20


def test_latest_state_follows_the_newest_publication_across_snapshots(con, tmp_path):
    write_json(tmp_path / "w1.json", hh_page(hh_item("1"), hh_item("2")))
    republished = hh_item(
        "1",
        published_at="2025-03-17T10:00:00+0300",
        salary={"from": 60000, "to": None, "currency": "RUR", "gross": True},
    )
    write_json(tmp_path / "w2.json", hh_page(republished))

    ingest(con, [tmp_path / "w1.json"], as_of=T1)
    ingest(con, [tmp_path / "w2.json"], as_of=T2)

    rows = con.execute(
        "select vacancy_id, pay_low_rub, pay_flag, first_seen, last_seen, snapshot_count "
        "from vacancies order by vacancy_id"
    ).fetchall()
    assert rows == [("1", 60000.0, "one_sided", T1, T2, 2), ("2", 40000.0, None, T1, T1, 1)]
    observations = con.execute(
        "select vacancy_id, fetched_at from vacancy_observations order by all"
    ).fetchall()
    assert observations == [("1", T1), ("1", T2), ("2", T1)]


def test_a_detail_document_beats_a_later_search_item_of_the_same_publication(con, tmp_path):
    write_json(tmp_path / "detail.json", fixture_json("detail.json"))
    write_json(tmp_path / "page.json", fixture_json("search_page.json"))

    ingest(con, [tmp_path / "detail.json"], as_of=T1)
    ingest(con, [tmp_path / "page.json"], as_of=T2)

    row = con.execute(
        "select key_skills, last_seen, snapshot_count from vacancies where vacancy_id = '100000001'"
    ).fetchone()
    assert row == (["Грамотность", "CRM"], T2, 2)


@pytest.mark.parametrize(
    ("manifest", "as_of", "expected"),
    [
        ({"fetched_at": "2025-03-12T09:00:00+03:00"}, T2, (T1, "manifest")),
        (None, T2, (T2, "as_of")),
        (None, None, (datetime(2025, 3, 11, 6, 30), "max_published_at")),
    ],
)
def test_snapshot_time_comes_from_manifest_then_as_of_then_published_at(
    con, tmp_path, manifest, as_of, expected
):
    if manifest:
        write_json(tmp_path / "manifest.json", manifest)
    write_json(tmp_path / "page.json", fixture_json("search_page.json"))

    [snap] = ingest(con, [tmp_path], as_of=as_of).snapshots

    assert (snap.fetched_at, snap.fetched_at_basis) == expected


def test_synthetic_snapshots_mark_their_vacancies(con, tmp_path):
    ingest(con, [fetch_folder(tmp_path / "demo", synthetic=True)])

    flags = con.execute("select distinct is_synthetic from vacancies").fetchall()
    assert flags == [(True,)]
    assert con.execute("select is_synthetic from snapshots").fetchone() == (True,)


def test_latest_state_does_not_depend_on_the_order_snapshots_are_loaded_in(tmp_path):
    from pipelines.demo import generate_demo

    demo = generate_demo(tmp_path / "demo", vacancies=400, snapshots=4)
    states = []
    for name, order in (("forward", demo.snapshot_dirs), ("reverse", demo.snapshot_dirs[::-1])):
        con = db.connect(tmp_path / f"{name}.duckdb")
        for folder in order:
            ingest(con, [folder])
        states.append(
            con.execute(
                "select * exclude (last_snapshot_id) from vacancies order by vacancy_id"
            ).fetchall()
        )
        con.close()
    assert len(states[0]) > 300
    assert states[0] == states[1]


def test_parsing_in_worker_processes_gives_the_same_warehouse(tmp_path, monkeypatch):
    from pipelines.demo import generate_demo
    from pipelines.warehouse import load_parse

    demo = generate_demo(tmp_path / "demo", vacancies=600, snapshots=2)
    monkeypatch.setattr(load_parse, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(load_parse, "CHUNK_BYTES", 64 * 1024)  # many jobs even for a small demo
    states = []
    for workers in (1, 2):
        con = db.connect(tmp_path / f"w{workers}.duckdb")
        threads = con.execute("select current_setting('threads')").fetchall()
        report = ingest(con, demo.snapshot_dirs, workers=workers)
        assert con.execute("select current_setting('threads')").fetchall() == threads
        states.append(
            (
                [(s.records_read, s.records_loaded, s.records_duplicate) for s in report.snapshots],
                table_counts(con),
                con.execute("select * from vacancies order by vacancy_id").fetchall(),
                con.execute("select * from quarantine order by all").fetchall(),
            )
        )
        con.close()
    assert states[0] == states[1]
