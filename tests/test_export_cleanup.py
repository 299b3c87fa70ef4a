"""Staging folders left by killed exports are removed by the next export, when no other export
is running beside it; folders that are not an export's are never touched."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.warehouse import export
from pipelines.warehouse.export_cleanup import stale_staging

runner = CliRunner()
ENTRIES = {*export.TABLES, export.MANIFEST}


def run_export(warehouse: Path, out: Path):
    return runner.invoke(app, ["export", "--db", str(warehouse), "--out", str(out)])


def killed_staging(parent: Path, name: str = "parquet", kind: str = "partial") -> Path:
    """A staging folder named as export_parquet names it, half written."""
    folder = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=parent))
    if kind == "previous":
        folder = folder.rename(folder.with_name(folder.name.removesuffix(".partial") + ".previous"))
    (folder / "vacancies" / "source=hh").mkdir(parents=True)
    (folder / "vacancies" / "source=hh" / "data_0.parquet").write_bytes(b"PAR1")
    return folder


def test_the_next_export_removes_what_killed_exports_left(demo_warehouse, tmp_path):
    stale = [killed_staging(tmp_path), killed_staging(tmp_path, kind="previous")]
    not_ours = [
        tmp_path / ".parquet.notes.partial",  # not mkdtemp's eight characters
        killed_staging(tmp_path, name="other-export"),  # another target's: its own export's job
    ]
    not_ours[0].mkdir()
    foreign = killed_staging(tmp_path)
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")  # holds something an export never writes

    result = run_export(demo_warehouse, tmp_path / "parquet")

    assert result.exit_code == 0, result.output
    assert "removed 2 staging folder(s) left by interrupted exports" in result.stderr
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in [*not_ours, foreign])


def test_nothing_is_removed_while_another_export_is_running(demo_warehouse, tmp_path):
    running = killed_staging(tmp_path)  # as another export's, still being written
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_SH)  # what a running export holds
    try:
        result = run_export(demo_warehouse, tmp_path / "parquet")
    finally:
        os.close(fd)

    assert result.exit_code == 0, result.output
    assert running.exists() and "removed" not in result.stderr
    assert run_export(demo_warehouse, tmp_path / "parquet").exit_code == 0
    assert not running.exists()  # once nobody else runs, it is stale


def test_stale_staging_recognises_only_export_folders(tmp_path):
    ours = killed_staging(tmp_path)
    (tmp_path / ".parquet.abcdefgh.partial").write_text("a file, not a folder", encoding="utf-8")
    (tmp_path / ".parquet.ABCDEFGH.partial").mkdir()  # mkdtemp uses lower case only
    link = tmp_path / ".parquet.zzzzzzzz.partial"
    link.symlink_to(ours)

    assert stale_staging(tmp_path, "parquet", ENTRIES) == [ours]


_KILL_AT_THIRD_TABLE = """
import os, signal, sys
from pipelines.warehouse import export
copy_table, done = export.copy_table, []

def copy_then_die(con, name, target):
    if len(done) == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9 with two tables staged
    done.append(name)
    return copy_table(con, name, target)

export.copy_table = copy_then_die
from pipelines.cli import app
app(sys.argv[1:])
"""


def test_an_export_killed_midway_is_cleaned_up_by_the_next(demo_warehouse, tmp_path):
    out = tmp_path / "parquet"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    killed = subprocess.run(
        [sys.executable, "-c", _KILL_AT_THIRD_TABLE, "export", "--db", str(demo_warehouse),
         "--out", str(out)],
        env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    left = list(tmp_path.glob(".parquet.*.partial"))
    assert len(left) == 1 and not out.exists()

    result = run_export(demo_warehouse, out)

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parquet"]
