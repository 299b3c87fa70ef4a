"""Running real `payscope` commands in child processes, killing them at seeded moments, and
reading what a warehouse holds in a form two runs can be compared by.

A child runs in a session of its own; `Child.stop` kills the whole group, so a failed test
leaves no process behind. Moments come from a clean run: with PAYSCOPE_CRASH_TRACE set the
command lists every crash point it passed (pipelines/core/crash_points.py), and a kill at
PAYSCOPE_CRASH_AT=<label>:<n> lands exactly there.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
PAYSCOPE = [sys.executable, "-c", "from pipelines.cli import main; main()"]
FULL = os.environ.get("PAYSCOPE_RELIABILITY", "quick") == "full"
# Generous: two cores are shared by several jobs; no assertion is about time.
TIMEOUT = 600


# Rows per staging transaction in these runs: a 300-vacancy demo snapshot then spans several,
# so kills land between them (pipelines/warehouse/load_stage.py).
STAGE_ROWS = "120"


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PAYSCOPE_CRASH")}
    base.update(PYTHONPATH=str(REPO), OMP_NUM_THREADS="1", PAYSCOPE_THREADS="1",
                PAYSCOPE_STAGE_ROWS=STAGE_ROWS)  # fmt: skip
    return {**base, **extra}


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL


def run(args: list[str], timeout: float = TIMEOUT, cwd: Path = REPO, max_file_bytes: int = 0,
        **extra: str) -> Outcome:  # fmt: skip
    """Run `payscope args` to the end (or to its crash point); never leaves a process. With
    `max_file_bytes`, no file may grow past it (RLIMIT_FSIZE: a write past it fails with EFBIG,
    the stand-in for a full disk where no small file system can be mounted)."""
    process = subprocess.Popen(
        [*PAYSCOPE, *args], cwd=cwd, env=env(**extra), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=(lambda: _limit_files(max_file_bytes)) if max_file_bytes else None,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        kill_group(process)
    return Outcome(process.returncode, out, err)


def run_killed_after(args: list[str], delay: float, **extra: str) -> Outcome:
    """Start the command and SIGKILL it after `delay` seconds (if it is still running)."""
    process = subprocess.Popen(
        [*PAYSCOPE, *args], cwd=REPO, env=env(**extra), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        try:
            out, err = process.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            out, err = process.communicate(timeout=TIMEOUT)
    finally:
        kill_group(process)
    return Outcome(process.returncode, out, err)


def _limit_files(size: int) -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of `size` mounted on `folder` (root only); yields False where that is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    ).returncode == 0  # fmt: skip
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def one_line(outcome: Outcome) -> str:
    """The error a command printed, asserting it is one line with no traceback."""
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in outcome.stderr, outcome.stderr
    return lines[0]


def kill_group(process: subprocess.Popen) -> list[int]:
    """Kill what is left of the child's session (its workers); returns the pids that were left."""
    left = group_members(process.pid)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if process.poll() is None:
        process.kill()
        process.wait(timeout=60)
    return left


def group_members(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def moments(trace: Path, count: int, seed: int) -> list[str]:
    """`count` seeded crash moments (label:n) among those a clean run passed: every label once
    first (in seeded order), then more at random."""
    passed = trace.read_text().split()
    rng = random.Random(seed)
    by_label: dict[str, list[str]] = {}
    for moment in passed:
        by_label.setdefault(moment.split(":")[0], []).append(moment)
    labels = sorted(by_label)
    rng.shuffle(labels)
    chosen = [rng.choice(by_label[label]) for label in labels]
    rest = [m for m in passed if m not in chosen]
    chosen += rng.sample(rest, min(len(rest), max(0, count - len(chosen))))
    return chosen[:count]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def _digest(rows: list[tuple]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def snapshot_parts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Per loaded snapshot (by path): its counts as the snapshots table says them and as the raw,
    observation and quarantine tables hold them. Loaded whole means the two agree."""
    said = {
        path: (files, read, loaded, quarantined)
        for path, files, read, loaded, quarantined in con.execute(
            "select path, files, records_read, records_loaded, records_quarantined from snapshots"
        ).fetchall()
    }
    held = {}
    for path, sid in con.execute("select path, snapshot_id from snapshots").fetchall():
        counts = [
            con.execute(f"select count(*) from {table} where snapshot_id = ?", [sid]).fetchone()[0]  # noqa: S608
            for table in ("snapshot_files", "raw_records", "observations", "quarantine")
        ]
        held[path] = (said[path], tuple(counts))
    return held


def orphan_rows(con: duckdb.DuckDBPyConnection) -> int:
    """Rows of the load tables that belong to no snapshot, published or pending (half a load
    would leave some); a pending snapshot's staged rows are not orphans: readers skip them and
    the next ingest removes them."""
    return sum(
        con.execute(
            f"select count(*) from {table} where snapshot_id not in (select snapshot_id from snapshots)"  # noqa: S608, E501
            " and snapshot_id not in (select snapshot_id from pending_snapshots)"
        ).fetchone()[0]
        for table in ("snapshot_files", "raw_records", "observations", "quarantine")
    )


def pending_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Per load table, the rows of pending snapshots (staged by a load killed before it
    published). snapshot_files must have none: the idempotency key is written at publish."""
    return {
        table: con.execute(
            f"select count(*) from {table} where snapshot_id in (select snapshot_id from pending_snapshots)"  # noqa: S608, E501
        ).fetchone()[0]
        for table in ("snapshot_files", "raw_records", "observations", "quarantine")
    }


# What readers see of the load tables: rows of published snapshots (pending ones are counted
# in the fingerprint's "pending" alone).
_PUBLISHED = "where snapshot_id in (select snapshot_id from snapshots)"


def fingerprint(path: Path) -> dict[str, object]:
    """What a user sees of a warehouse, without ids and load times, which differ run to run."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "snapshots": {p: v for p, v in snapshot_parts(con).items()},
            "pending": con.execute("select count(*) from pending_snapshots").fetchone()[0],
            "raw": _digest(_rows(con, f"select source, file, record_no, vacancy_id, status, md5(record) from raw_records {_PUBLISHED}")),  # noqa: E501, S608
            "quarantine": _digest(_rows(con, f"select source, file, record_no, reason from quarantine {_PUBLISHED}")),  # noqa: E501, S608
            "vacancies": _digest(_rows(con, "select source, vacancy_id, title, pay_mid_rub, published_at from vacancies")),  # noqa: E501
            "features": _digest(_rows(con, "select source, vacancy_id, role_family, sector from vacancy_features")),  # noqa: E501
            "links": _digest(_rows(con, "select * from vacancy_links")),
            "mart": _digest(_rows(con, "select source, vacancy_id, pay_mid_rub, pay_mid_net_rub, role_family from dashboard_vacancies")),  # noqa: E501
        }
    finally:
        con.close()


def wait_until(check, timeout: float = TIMEOUT, step: float = 0.05) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return
        time.sleep(step)
    raise AssertionError(f"gave up waiting after {timeout} s")
