"""A snapshot staged over several transactions (load_stage.py): readers never see a pending
snapshot, a load stopped between stages is removed by the next, failures leave nothing."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.warehouse import db, load_stage, report, status
from pipelines.warehouse.export import ExportError, export_parquet
from pipelines.warehouse.load import ingest
from tests.conftest import hh_item, hh_page, table_counts, write_json

STAGE = "4"  # rows per staging transaction: the 30-row folders below span several


class Stopped(BaseException):
    """Stands for the process being killed at a crash point."""


@pytest.fixture
def small_stages(monkeypatch) -> list[str]:
    """Tiny stages; returns the crash points the load passes, in order."""
    monkeypatch.setenv(load_stage.STAGE_ROWS_VARIABLE, STAGE)
    passed: list[str] = []
    monkeypatch.setattr(load_stage, "crash_point", passed.append)
    return passed


def folder(root, bad: str | None = None, manifest: bool = False):
    """Three files of ten vacancies (one duplicate, one quarantined record), saved together."""
    for n, name in enumerate("abc"):
        items = [hh_item(str(100 * n + i)) for i in range(9)] + [{"name": "без id"}]
        write_json(root / f"{name}.json", hh_page(*items))
    if bad:
        (root / f"{bad}.json").write_text("это не JSON", encoding="utf-8")
    if manifest:
        write_json(root / "manifest.json", {"fetched_at": "2025-03-19T06:00:00Z"})
    return root


def content(con: duckdb.DuckDBPyConnection) -> dict:
    """What a load wrote, without snapshot ids and load times."""
    queries = {
        "raw": "select file, record_no, vacancy_id, status, record from raw_records",
        "quarantine": "select file, record_no, reason from quarantine",
        "observations": "select file, record_no, vacancy_id, title from observations",
        "vacancies": "select vacancy_id, title, pay_mid_rub, first_seen from vacancies",
        "files": "select path, sha256, records_read, records_loaded from snapshot_files",
        "snapshots": "select path, files, records_read, records_loaded from snapshots",
        "pending": "select * from pending_snapshots",
    }
    return {k: sorted(con.execute(q).fetchall(), key=repr) for k, q in queries.items()}


def test_a_snapshot_spans_several_transactions_and_loads_as_in_one(con, tmp_path, small_stages):
    report = ingest(con, [folder(tmp_path / "saved")])

    assert small_stages.count("ingest.staged") >= 5  # 27 rows, 4 a transaction
    [snap] = report.snapshots
    assert (snap.status, snap.records_read, snap.records_loaded) == ("loaded", 30, 27)
    clean = db.connect(tmp_path / "clean.duckdb")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv(load_stage.STAGE_ROWS_VARIABLE)
            ingest(clean, [tmp_path / "saved"])
        assert content(con) == content(clean)
    finally:
        clean.close()


def test_readers_see_nothing_of_a_pending_snapshot_and_the_next_load_removes_it(
    con, tmp_path, small_stages, monkeypatch
):
    write_json(tmp_path / "first.json", hh_page(hh_item("1"), {"name": "без id"}))
    ingest(con, [tmp_path / "first.json"])
    before = status.summary(con)
    export_before = export_parquet(con, tmp_path / "export-before")["tables"]

    def stop_at_third_stage(label: str) -> None:
        small_stages.append(label)
        if small_stages.count("ingest.staged") == 3:
            raise Stopped  # the process dies here: nothing after it runs

    monkeypatch.setattr(load_stage, "crash_point", stop_at_third_stage)
    monkeypatch.setattr(load_stage.Staging, "discard", lambda self: None)  # a kill cleans nothing
    with pytest.raises(Stopped):
        ingest(con, [folder(tmp_path / "saved")])

    staged = con.execute("select count(*) from raw_records").fetchone()[0]
    assert staged > before["raw_records"]  # rows are on disk …
    after = status.summary(con)
    unfinished = after.pop("unfinished_loads")
    assert [u["path"] for u in unfinished] == [str(tmp_path / "saved")]
    assert {**before, "unfinished_loads": None} == {**after, "unfinished_loads": None}  # … unseen
    assert status.render(status.summary(con)).startswith("unfinished load: #")
    assert con.execute("select count(*) from vacancies").fetchone()[0] == 1
    assert con.execute("select count(*) from vacancy_observations").fetchone()[0] == 1
    assert export_parquet(con, tmp_path / "export-after")["tables"] == export_before
    assert con.execute("select count(*) from snapshot_files").fetchone()[0] == 1  # not loaded

    monkeypatch.undo()
    monkeypatch.setenv(load_stage.STAGE_ROWS_VARIABLE, STAGE)
    report = ingest(con, [tmp_path / "saved"])

    assert report.discarded == [str(tmp_path / "saved")]
    clean = db.connect(tmp_path / "clean.duckdb")
    try:
        ingest(clean, [tmp_path / "first.json"])
        ingest(clean, [tmp_path / "saved"])
        assert content(con) == content(clean)
    finally:
        clean.close()


def test_a_manifest_snapshot_with_a_bad_file_is_refused_whole_after_stages_committed(
    con, tmp_path, small_stages
):
    before = table_counts(con)

    [snap] = ingest(con, [folder(tmp_path / "fetch", bad="c", manifest=True)]).snapshots

    assert snap.status == "failed" and "c.json" in snap.error
    assert "ingest.staged" in small_stages  # a and b were committed in stages, then removed
    assert table_counts(con) == before
    assert con.execute("select count(*) from pending_snapshots").fetchone()[0] == 0


def test_a_saved_folder_with_a_bad_file_loads_the_others_over_several_stages(
    con, tmp_path, small_stages
):
    [snap] = ingest(con, [folder(tmp_path / "saved", bad="b")]).snapshots

    assert snap.status == "loaded" and len(snap.file_errors) == 1
    assert (snap.records_read, snap.records_loaded, snap.records_quarantined) == (20, 18, 2)
    assert table_counts(con)["raw_records"] == 18
    assert con.execute("select count(*) from pending_snapshots").fetchone()[0] == 0


def test_a_failure_at_publish_removes_the_staged_rows(con, tmp_path, small_stages, monkeypatch):
    before = table_counts(con)

    def failing_publish(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr("pipelines.warehouse.load.publish", failing_publish)
    with pytest.raises(RuntimeError, match="injected failure"):
        ingest(con, [folder(tmp_path / "saved")])

    assert table_counts(con) == before
    assert con.execute("select count(*) from pending_snapshots").fetchone()[0] == 0


@pytest.mark.parametrize("value", ["0", "-5", "many", "1.5"])
def test_a_bad_stage_size_is_a_usage_error(value):
    with pytest.raises(ValueError, match="PAYSCOPE_STAGE_ROWS"):
        load_stage.stage_rows({"PAYSCOPE_STAGE_ROWS": value})


def test_the_stage_size_defaults_to_one_duckdb_row_group(tmp_path):
    """A staging transaction of fewer rows than a row group is appended again at its commit
    (load_stage.py): the default must be DuckDB's row group, whatever this DuckDB's is."""
    con = duckdb.connect(str(tmp_path / "groups.duckdb"))
    con.execute("create table t (i bigint)")
    con.execute("insert into t select range from range(300000)")
    con.execute("checkpoint")
    first_group = con.execute(
        "select max(count) from pragma_storage_info('t') where row_group_id = 0"
    ).fetchall()[0][0]
    assert load_stage.stage_rows({}) == first_group


def test_a_warehouse_from_before_staged_loads_reads_as_nothing_pending(tmp_path):
    """A read-only reader (status, the dashboard) cannot migrate a schema-9 file: it reads it as
    a warehouse with no load in progress, not as a missing table; export still asks for the
    upgrade."""
    path = tmp_path / "older.duckdb"
    writer = db.connect(path)
    write_json(tmp_path / "page.json", hh_page(hh_item("1"), {"name": "без id"}))
    ingest(writer, [tmp_path / "page.json"])
    expected = status.summary(writer)
    writer.execute("drop table pending_snapshots")
    writer.execute("delete from schema_migrations where version >= 10")
    writer.close()

    reader = db.connect(path, read_only=True)
    try:
        assert db.schema_version(reader) == 9
        assert status.summary(reader) == expected
        assert status.summary(reader.cursor()) == expected  # as the dashboard's threads ask
        assert report.counts(reader.cursor()).at[0, "quarantined"] == 1
        with pytest.raises(ExportError, match="older PayScope"):  # refused in one line
            export_parquet(reader, tmp_path / "export")
    finally:
        reader.close()


def test_a_transaction_ends_at_a_row_group_or_when_its_rows_are_too_wide_for_one():
    staging = load_stage.Staging(None, 1, "hh", "saved")
    group = staging.limit = 122_880

    def full(rows: int, bytes_: int, quarantined: int = 0) -> bool:
        staging.rows, staging.bytes = [rows, quarantined], bytes_
        return staging._full()

    assert full(group, 1) and full(0, 1, quarantined=group)
    assert not full(group - 1, (group - 1) * 3_300)  # search items: on to the row group
    assert not full(100_000, 330_000_000)  # past STAGE_BYTES, but a row group fits in the max
    assert full(9_000, load_stage.STAGE_BYTES)  # 30 KB documents: a row group never fits
    assert full(1, load_stage.STAGE_BYTES_MAX)


def test_parsed_tables_wait_for_an_insert_up_to_a_byte_bound(monkeypatch):
    """Wide records are inserted before INSERT_ROWS of them wait in memory."""
    import pyarrow as pa

    inserted: list[int] = []
    monkeypatch.setattr(load_stage, "_insert", lambda con, pieces, params: inserted.append(
        sum(p[0].num_rows for p in pieces)))  # fmt: skip
    monkeypatch.setattr(load_stage, "INSERT_BYTES", 20_000)
    staging = load_stage.Staging(None, 1, "hh", "saved")
    wide = pa.table({"text": ["я" * 1_000] * 3})
    for _ in range(4):
        staging.add(load_stage.Chunk([], wide, wide.slice(0, 0), wide))
    assert inserted == [6, 6]  # a chunk is 12 000 bytes (two tables of 3 × 2 KB): two pass it


def test_a_transaction_holds_exactly_the_stage_size_and_the_rest_goes_to_the_next(monkeypatch):
    """Whole row groups per transaction: one ending past them leaves a partial row group that the
    checkpoint at close merges again."""
    import pyarrow as pa

    log: list = []

    class Connection:
        def execute(self, statement):
            log.append(statement)

    monkeypatch.setattr(load_stage, "_insert", lambda con, pieces, params: log.append(
        sum(p[0].num_rows for p in pieces)))  # fmt: skip
    monkeypatch.setenv(load_stage.STAGE_ROWS_VARIABLE, "5")
    staging = load_stage.Staging(Connection(), 1, "hh", "saved")
    staging.insert_rows = 3
    rows = pa.table({"record_no": [1, 2]})
    for _ in range(6):
        staging.add(load_stage.Chunk([], rows, rows.slice(0, 0), rows))
    staging.finish()
    transactions, staged = [], 0
    for entry in log:
        if entry == "commit":
            transactions.append(staged)
            staged = 0
        elif isinstance(entry, int):
            staged += entry
    assert transactions == [5, 5, 2]
