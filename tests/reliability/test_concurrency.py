"""Readers and writers from several processes during repeated `payscope refresh` runs: no reader
gets an error, and every answer is a whole state of the warehouse, one that some refresh
published, never one in between.

Two reader processes run the dashboard's queries (pipelines/analytics/queries.py) on a fresh
read-only connection each time, as the app does, and a third loop runs `payscope status --json`,
while refreshes load one more snapshot folder each."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from tests.reliability import harness

REFRESHES = 3 if harness.FULL else 1
READERS = 2
READER = """
import json, os, sys
from tests.reliability.test_concurrency import state
path, stop, out = sys.argv[1:4]
with open(out, "w", buffering=1) as log:
    while not os.path.exists(stop):
        try:
            answer, error = state(path), None
        except Exception as exc:
            answer, error = None, repr(exc)
        log.write(json.dumps([answer, error]) + "\\n")
"""


def state(path: str) -> list[int]:
    """What a dashboard reader sees: snapshots, vacancies (overview), vacancies in the mart
    (summary) and summed over the weeks of the trends chart, all from one connection."""
    from pipelines.analytics import queries
    from pipelines.analytics.filters import Filters
    from pipelines.warehouse import db

    con = db.connect(path, read_only=True)
    try:
        return [
            con.execute("select count(*) from snapshots").fetchone()[0],
            int(queries.overview(con)["vacancies"].iloc[0]),
            int(queries.summary(con, Filters())["vacancies"].iloc[0]),
            int(queries.trends(con, Filters(), "week")["vacancies"].sum()),
        ]
    finally:
        con.close()


def _status_loop(db: Path, stop: threading.Event, seen: list) -> None:
    while not stop.is_set():
        outcome = harness.run(["status", "--db", str(db), "--json"])
        if outcome.returncode != 0:
            seen.append(("error", outcome.returncode, outcome.stderr[-500:]))
        else:
            report = json.loads(outcome.stdout)
            seen.append((report["snapshots"], report["vacancies"]))


def test_readers_see_only_whole_states_during_repeated_refreshes(demo_dir, tmp_path):
    folders = sorted(demo_dir.glob("snapshot-*"))
    db = tmp_path / "data" / "warehouse.duckdb"
    db.parent.mkdir()
    assert harness.run(["ingest", str(folders[0]), "--db", str(db)]).returncode == 0
    config = tmp_path / "refresh.toml"
    config.write_text(f'[paths]\nmodels = "{tmp_path / "models"}"\n[model]\nretrain = false\n')
    states = [state(str(db))]
    stop_file, stop = tmp_path / "stop", threading.Event()
    logs = [tmp_path / f"reader-{i}.jsonl" for i in range(READERS)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(stop_file), str(log)],
            cwd=harness.REPO, env=harness.env(), start_new_session=True,
        )  # fmt: skip
        for log in logs
    ]
    statuses: list = []
    status = threading.Thread(target=_status_loop, args=(db, stop, statuses))
    status.start()
    try:
        for log in logs:
            harness.wait_until(lambda log=log: log.exists() and log.read_text().count("\n") >= 3)
        for k in range(1, REFRESHES + 1):
            outcome = harness.run(["refresh", "--db", str(db), "--config", str(config),
                                   *(x for f in folders[: k + 1] for x in ("--offline", str(f)))])
            assert outcome.returncode == 0, outcome.stderr
            states.append(state(str(db)))
        if harness.FULL:  # and one that finds nothing new
            outcome = harness.run(["refresh", "--db", str(db), "--config", str(config),
                                   "--offline", str(demo_dir)])  # fmt: skip
            assert outcome.returncode == 0, outcome.stderr
        for log in logs:  # a few answers after the last publish too
            lines = log.read_text().count("\n")
            harness.wait_until(lambda log=log, n=lines: log.read_text().count("\n") >= n + 3)
    finally:
        stop_file.touch()
        stop.set()
        status.join(timeout=harness.TIMEOUT)
        for reader in readers:
            try:
                reader.wait(timeout=120)
            finally:
                harness.kill_group(reader)

    answers = [json.loads(line) for log in logs for line in log.read_text().splitlines()]
    errors = [a[1] for a in answers if a[1]] + [s for s in statuses if s[0] == "error"]
    assert errors == []
    assert len({tuple(s) for s in states}) == REFRESHES + 1  # each refresh published a change
    assert {tuple(a[0]) for a in answers} <= {tuple(s) for s in states}
    assert {s for s in statuses} <= {(s[0], s[1]) for s in states}
    assert {tuple(a[0]) for a in answers} >= {tuple(states[0]), tuple(states[-1])}
    leftovers = [p.name for p in db.parent.iterdir() if p.name.endswith((".next", ".wal"))]
    assert leftovers == []
    print(f"\n{len(answers)} reader answers and {len(statuses)} status runs over "
          f"{REFRESHES} refreshes, {len({tuple(a[0]) for a in answers})} distinct whole states "
          "seen, 0 errors")
    shutil.rmtree(tmp_path / "models", ignore_errors=True)
