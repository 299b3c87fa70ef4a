"""Every command that opens the warehouse says in one line when another process holds it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipelines.cli.app import EXIT_BUSY, app
from pipelines.warehouse import db
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()

_HOLD = (
    "import sys, duckdb\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"  # until the test closes our stdin
)


@pytest.fixture
def held_warehouse(tmp_path):
    """A warehouse whose write lock another process holds for the test's duration."""
    path = tmp_path / "w.duckdb"
    write_json(tmp_path / "snap" / "page.json", hh_page(hh_item("1")))
    assert runner.invoke(app, ["ingest", str(tmp_path / "snap"), "--db", str(path)]).exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    yield path
    holder.stdin.close()
    holder.wait(timeout=30)


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--json"],
        ["export", "--out", "{tmp}/export"],
        ["ingest", "{tmp}/snap"],
        ["build-features"],
        ["evaluate"],
        ["demo", "--if-missing", "--no-train"],
    ],
)
def test_a_held_warehouse_is_one_line_and_exit_code_3(held_warehouse, command):
    tmp = held_warehouse.parent
    args = [part.replace("{tmp}", str(tmp)) for part in command] + ["--db", str(held_warehouse)]

    result = runner.invoke(app, args)

    assert result.exit_code == EXIT_BUSY == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1, result.stderr
    assert "another process holds the warehouse" in result.stderr
    assert "PID" in result.stderr and "try again when it is done" in result.stderr
    assert "Traceback" not in result.output


def test_the_busy_error_is_also_what_the_dashboard_waits_on(held_warehouse):
    import duckdb

    for read_only in (True, False):
        with pytest.raises(db.WarehouseBusy) as caught:
            db.connect(held_warehouse, read_only=read_only)
        assert isinstance(caught.value, duckdb.IOException)  # app_pages/_data.py catches that
        assert "\n" not in str(caught.value)


def test_other_open_failures_stay_usage_errors(tmp_path):
    not_a_warehouse = tmp_path / "notes.duckdb"
    not_a_warehouse.write_text("not a database " * 100, encoding="utf-8")

    result = runner.invoke(app, ["status", "--db", str(not_a_warehouse)])

    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "cannot open the warehouse for reading" in result.stderr
