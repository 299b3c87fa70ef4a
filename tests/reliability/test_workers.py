"""Parser and feature workers end with their parent: a load killed with kill -9 leaves no
forked worker waiting on its queue for ever (each held a copy of the parent's memory)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from tests.reliability import harness

SCRIPT = """
import sys, time
from pipelines.core.parallel import process_map

def slow(x):
    time.sleep(0.1)
    return x

for i, _ in enumerate(process_map(slow, range(100_000), 2, in_flight=4)):
    if i == 3:
        print("working", flush=True)
"""


def test_workers_end_when_their_parent_is_killed():
    parent = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], cwd=harness.REPO, env=harness.env(),
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert parent.stdout.readline().strip() == "working"
        workers = [p for p in harness.group_members(parent.pid) if p != parent.pid]
        assert len(workers) == 2

        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=harness.TIMEOUT)
        harness.wait_until(lambda: harness.group_members(parent.pid) == [], timeout=120)
    finally:
        harness.kill_group(parent)
