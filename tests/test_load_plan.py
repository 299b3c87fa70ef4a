"""Each snapshot is read as the source `--source` says, else its manifest, else hh.ru's."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.sources.snapshot_files import SnapshotFileError
from pipelines.warehouse.load import ingest
from pipelines.warehouse.load_plan import planned_snapshots
from tests.conftest import DATA, hh_item, hh_page, write_json


def fetched(tmp_path, source: str):
    """A copy of a source's hand-written snapshot folder, manifest {"source": source} included."""
    folder = tmp_path / source
    shutil.copytree(DATA / source / "snapshot", folder)
    return folder


def test_without_source_each_snapshot_is_read_as_its_manifest_says(con, tmp_path):
    saved = tmp_path / "saved"  # a saved hh.ru search: no manifest
    write_json(saved / "page-0.json", hh_page(hh_item("1"), hh_item("2")))
    (saved / "README.txt").write_text("saved by hand", encoding="utf-8")
    paths = [fetched(tmp_path, "trudvsem"), fetched(tmp_path, "superjob"), saved]

    report = ingest(con, paths)

    assert [s.status for s in report.snapshots] == ["loaded"] * 3
    by_source = dict(con.execute("select source, count(*) from vacancies group by 1").fetchall())
    assert by_source == {"hh": 2, "superjob": 3, "trudvsem": 3}
    assert not con.execute(
        "select count(*) from quarantine where reason like '%without a vacancy id%'"
    ).fetchall()[0][0]  # no page was taken for one record without an id, as hh's reader did


def test_source_given_wins_over_the_manifest(tmp_path):
    folder = tmp_path / "fetch"
    write_json(folder / "manifest.json", {"source": "hh", "fetched_at": "2025-03-12T06:00:00Z"})
    write_json(folder / "page-0.json", hh_page(hh_item("1")))

    [planned] = planned_snapshots([folder], "zarplata")  # hh.ru's format, stored as zarplata

    assert planned.source == "zarplata" and planned.plan.files == [folder / "page-0.json"]


def test_a_manifest_naming_an_unknown_source_stops_the_command_in_one_line(con, tmp_path):
    folder = tmp_path / "linkedin"
    write_json(folder / "manifest.json", {"source": "linkedin"})
    write_json(folder / "page-0.json", hh_page(hh_item("1")))
    write_json(tmp_path / "ok" / "page-0.json", hh_page(hh_item("2")))

    with pytest.raises(SnapshotFileError, match=r"linkedin/manifest.json: names source 'linkedin'"):
        ingest(con, [tmp_path / "ok", folder])
    assert con.execute("select count(*) from snapshots").fetchall()[0][0] == 0

    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code != 0
    assert "names source 'linkedin'" in result.output and "Traceback" not in result.output


def test_the_cli_notes_skipped_telegram_messages_of_an_export_its_manifest_names(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(DATA / "telegram" / "remote_jobs", export)

    result = CliRunner().invoke(app, ["ingest", str(export), "--db", str(tmp_path / "w.duckdb")])

    assert result.exit_code == 0, result.output
    assert "skipped as not vacancy posts" in result.output
    assert "0 loaded" not in result.output


def test_the_spark_loader_plans_each_snapshot_as_the_loader_does(tmp_path):
    from pipelines.spark.plan import plan_load

    saved = tmp_path / "saved"
    write_json(saved / "page-0.json", hh_page(hh_item("1")))

    planned = plan_load([fetched(tmp_path, "trudvsem"), saved], None, None, None)

    assert sorted(s.source for s in planned) == ["hh", "trudvsem"]
