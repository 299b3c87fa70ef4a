"""The `payscope` command as a user runs it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipelines.cli import app
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()


def test_ingest_prints_a_one_line_summary_and_status_shows_the_counts(tmp_path):
    write_json(tmp_path / "snap" / "page.json", hh_page(hh_item("1"), hh_item("2"), {"name": "x"}))
    db_file = tmp_path / "w.duckdb"

    result = runner.invoke(app, ["ingest", str(tmp_path / "snap"), "--db", str(db_file)])

    assert result.exit_code == 0, result.output
    assert (
        "1 snapshot(s) loaded, 0 already loaded, 0 failed: 3 records read = 2 loaded + "
        "1 quarantined + 0 duplicate" in result.stdout
    )
    assert "quarantined: " in result.stderr and "page.json: record 3 (items[2])" in result.stderr
    status = runner.invoke(app, ["status", "--db", str(db_file)])
    assert status.exit_code == 0
    assert "vacancies: 2 (2 with pay" in status.stdout
    assert "missing_id: 1" in status.stdout


def test_ingest_json_output_and_idempotent_rerun(tmp_path, monkeypatch):
    write_json(tmp_path / "page.json", hh_page(hh_item("1")))
    monkeypatch.setenv("PAYSCOPE_DB", str(tmp_path / "env.duckdb"))

    first = json.loads(runner.invoke(app, ["ingest", str(tmp_path / "page.json"), "--json"]).stdout)
    second = json.loads(
        runner.invoke(app, ["ingest", str(tmp_path / "page.json"), "--json"]).stdout
    )

    assert [s["status"] for s in first["snapshots"]] == ["loaded"]
    assert first["snapshots"][0]["records_loaded"] == 1
    assert [s["status"] for s in second["snapshots"]] == ["already_loaded"]
    assert (tmp_path / "env.duckdb").exists()


def test_an_unreadable_file_gives_a_one_line_error_and_a_non_zero_exit(tmp_path):
    (tmp_path / "notes.json").write_text("hello", encoding="utf-8")

    result = runner.invoke(
        app, ["ingest", str(tmp_path / "notes.json"), "--db", str(tmp_path / "w")]
    )

    assert result.exit_code == 1
    assert "notes.json: not JSON" in result.stderr
    assert "0 snapshot(s) loaded" in result.stdout


def test_a_missing_path_and_a_bad_as_of_are_usage_errors(tmp_path):
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "w")])
    bad_date = runner.invoke(app, ["ingest", str(tmp_path), "--as-of", "вчера"])

    assert missing.exit_code == 2 and "nope: no such file or folder" in missing.stderr
    assert bad_date.exit_code == 2 and "not an ISO 8601" in bad_date.stderr


def test_status_of_a_missing_warehouse_says_what_to_do(tmp_path):
    result = runner.invoke(app, ["status", "--db", str(tmp_path / "none.duckdb")])

    assert result.exit_code == 2
    assert "payscope demo" in result.stderr


def test_demo_builds_a_synthetic_warehouse_once_with_if_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_MODELS", str(tmp_path / "models"))
    args = ["--vacancies", "400", "--snapshots", "2", "--db", str(tmp_path / "w.duckdb")]
    args += ["--out", str(tmp_path / "demo")]

    first = runner.invoke(app, ["demo", *args])
    again = runner.invoke(app, ["demo", "--if-missing", *args])

    assert first.exit_code == 0, first.output
    assert "2 snapshot(s) loaded" in first.stdout
    assert again.exit_code == 0 and "already has vacancies" in again.stderr
    status = runner.invoke(app, ["status", "--db", str(tmp_path / "w.duckdb")])
    assert "[synthetic demo data]" in status.stdout
    assert (tmp_path / "models" / "CURRENT").exists()  # the model is trained on the demo too


def test_a_demo_too_small_to_train_on_still_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_MODELS", str(tmp_path / "models"))
    args = ["--vacancies", "20", "--snapshots", "1", "--db", str(tmp_path / "w.duckdb")]
    result = runner.invoke(app, ["demo", *args, "--out", str(tmp_path / "demo")])

    assert result.exit_code == 0, result.output
    assert "no model trained" in result.stderr


def test_the_demo_ends_today_or_on_the_end_day(tmp_path, monkeypatch):
    """A new install is not greeted by «data is stale»: the last snapshot is fetched today (or on
    --end), and the same day gives the same files."""
    import json
    from datetime import date

    monkeypatch.setenv("PAYSCOPE_MODELS", str(tmp_path / "models"))

    def last_fetch(name: str, *extra: str) -> str:
        out = tmp_path / name
        args = ["demo", "--vacancies", "30", "--snapshots", "2", "--no-train", *extra,
                "--db", str(tmp_path / f"{name}.duckdb"), "--out", str(out)]  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return json.loads((out / "snapshot-02" / "manifest.json").read_text())["fetched_at"]

    assert last_fetch("today").startswith(date.today().isoformat())
    assert last_fetch("march", "--end", "2026-03-15").startswith("2026-03-15")
    bad = runner.invoke(app, ["demo", "--end", "15.03.2026", "--db", str(tmp_path / "x.duckdb")])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
