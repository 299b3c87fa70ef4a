"""The warehouse's writer lock (pipelines/warehouse/lock.py): one writing command at a time, a
second one refused at once with exit 3 and one line naming the holder."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.cli.app import EXIT_BUSY
from pipelines.warehouse import lock
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

_HOLD = (
    "import sys\n"
    "from pathlib import Path\n"
    "from pipelines.warehouse.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1]), sys.argv[2]):\n"
    "    print('held', flush=True)\n"
    "    sys.stdin.read()\n"  # until the test closes our stdin
)


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "w.duckdb"
    write_json(tmp_path / "snap" / "page.json", hh_page(hh_item("1")))
    assert runner.invoke(app, ["ingest", str(tmp_path / "snap"), "--db", str(path)]).exit_code == 0
    return path


def _holding(warehouse: Path, command: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(warehouse), command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "{tmp}/snap"],
        ["train"],
        ["build-features"],
        ["demo", "--vacancies", "10", "--out", "{tmp}/demo"],
    ],
)
def test_a_writer_is_refused_while_another_holds_the_lock(warehouse, command):
    args = [p.replace("{tmp}", str(warehouse.parent)) for p in command] + ["--db", str(warehouse)]
    holder = _holding(warehouse, "refresh")
    try:
        result = runner.invoke(app, args)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)

    assert result.exit_code == EXIT_BUSY == 3, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    line = result.stderr
    assert f"{warehouse}: another command is writing this warehouse" in line
    assert f"(payscope refresh, PID {holder.pid}, since 20" in line
    assert "try again when it is done" in line
    assert "Traceback" not in result.output
    assert not (warehouse.parent / "demo").exists()  # the demo did not even start generating


def test_the_lock_is_free_again_when_the_holder_exits(warehouse):
    holder = _holding(warehouse, "ingest")
    holder.kill()  # crashed, not released: the kernel drops the flock
    holder.wait(timeout=30)

    result = runner.invoke(app, ["build-features", "--db", str(warehouse)])

    assert result.exit_code == 0, result.output


def test_a_refresh_is_refused_while_an_ingest_writes(warehouse):
    from pipelines.refresh.run import EXIT_LOCKED

    holder = _holding(warehouse, "ingest")
    try:
        result = runner.invoke(
            app, ["refresh", "--db", str(warehouse), "--offline", str(warehouse.parent / "snap")]
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)

    assert result.exit_code == EXIT_LOCKED == EXIT_BUSY
    assert f"(payscope ingest, PID {holder.pid}, since" in result.stderr


def test_readers_do_not_take_the_lock(warehouse):
    holder = _holding(warehouse, "refresh")
    try:
        result = runner.invoke(app, ["status", "--db", str(warehouse)])
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)

    assert result.exit_code == 0, result.output


def test_a_holder_that_wrote_nothing_is_still_named_by_its_file(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    path = lock.lock_path(warehouse)
    assert path == tmp_path / "w.duckdb.refresh.lock"  # the file refresh always used
    path.touch()
    fd = os.open(path, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as flock(1) does for a backup (docs/operations.md)
    try:
        with pytest.raises(lock.LockHeld) as held, lock.writer_lock(warehouse, "ingest"):
            pass  # pragma: no cover
    finally:
        os.close(fd)
    assert "flock(1)" in str(held.value) and str(path) in str(held.value)


def test_the_lock_is_reentrant_in_a_thread_but_not_across_threads(tmp_path):
    import threading

    warehouse = tmp_path / "w.duckdb"
    refused: list[str] = []

    def other_thread():
        try:
            with lock.writer_lock(warehouse, "train"):
                pass
        except lock.LockHeld as exc:
            refused.append(str(exc))

    with lock.writer_lock(warehouse, "demo"):
        with lock.writer_lock(tmp_path / "." / "w.duckdb", "ingest"):  # demo → ingest
            pass
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert f"payscope demo, PID {os.getpid()}" in lock.lock_path(warehouse).read_text()
    assert len(refused) == 1 and "payscope demo" in refused[0]
    with lock.writer_lock(warehouse, "train"):  # released
        pass
    assert lock.lock_path(warehouse).read_text() == ""
