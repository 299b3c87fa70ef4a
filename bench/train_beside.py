"""Training beside a dashboard: `payscope train` alone, then while dashboard pages are served.

In one run, on one warehouse (the largest real one: the csv-exports, about 37 000 rows; build it
as tests/test_real_csv_exports.py does):
  1. `payscope train --db COPY` alone (backtest, fit, calibrate, save; features and the mart
     built beforehand, untimed), with the bounded pools
     of docs/performance.md «Threads» (PAYSCOPE_TRAIN_THREADS, PAYSCOPE_THREADS: one each by
     default on this machine);
  2. a dashboard process serving page requests in a loop: each request is one cache-cold run of
     app.py at a page (streamlit.testing's AppTest runs the same script a browser session of
     `streamlit run app.py` runs, queries included; the query cache is cleared before each),
     first idle for --idle seconds, then while the same `payscope train` runs again;
  3. both training times and their ratio, and the page times idle vs during training.
A benchmark, not a test.

    .venv/bin/python bench/train_beside.py --db /tmp/figures/csvx.duckdb [--idle 60]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = ("trends", "segments", "vacancies", "data")
APP = Path(__file__).resolve().parent.parent / "app.py"


def serve(db: Path, out: Path) -> None:
    """The page-request loop (the child process): one line per request, until killed."""
    os.environ["PAYSCOPE_DB"] = str(db)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    with out.open("a", buffering=1) as log:
        while True:
            for page in PAGES:
                st.cache_data.clear()
                started = time.perf_counter()
                at = AppTest.from_file(str(APP), default_timeout=120).run()
                at.switch_page(f"app_pages/{page}.py").run()
                ms = (time.perf_counter() - started) * 1000
                failed = bool(at.exception)
                log.write(f"{time.time():.3f} {page} {ms:.1f} {int(failed)}\n")


def train(db: Path, models: Path) -> float:
    shutil.rmtree(models, ignore_errors=True)
    env = os.environ | {"PAYSCOPE_MODELS": str(models)}
    command = [sys.executable, "-c", "from pipelines.cli import main; main()", "train",
               "--db", str(db), "--json"]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def requests(log: Path, since: float, until: float) -> list[tuple[str, float, bool]]:
    found = []
    for line in log.read_text().splitlines():
        stamp, page, ms, failed = line.split()
        if since <= float(stamp) <= until:
            found.append((page, float(ms), failed == "1"))
    return found


def describe(found: list[tuple[str, float, bool]]) -> str:
    if not found:
        return "no requests finished"
    times = [ms for _, ms, _ in found]
    high = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    by_page = ", ".join(
        f"{page} {statistics.median([ms for p, ms, _ in found if p == page]):.0f}"
        for page in PAGES if any(p == page for p, _, _ in found)
    )
    errors = sum(failed for _, _, failed in found)
    return (f"{len(found)} requests, p50 {statistics.median(times):.0f} ms, p95 {high:.0f} ms "
            f"(median per page: {by_page}); {errors} with an error")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="warehouse of real data")
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle page requests")
    parser.add_argument("--serve-log", type=Path, help=argparse.SUPPRESS)  # the child's mode
    args = parser.parse_args()
    if args.serve_log:
        serve(args.db, args.serve_log)
        return

    work = Path(tempfile.mkdtemp(prefix="payscope-train-beside-"))
    # Features and the mart brought up to date first (not timed: a warehouse built by an older
    # PayScope would otherwise have `payscope train` rebuild them inside the first timing), then
    # one copy for the dashboard and one for training: the same data, and the dashboard's
    # read-only connections never meet the trainer's.
    served = Path(shutil.copyfile(args.db, work / "served.duckdb"))
    subprocess.run([sys.executable, "-c", "from pipelines.cli import main; main()",
                    "build-features", "--db", str(served)], check=True, stdout=subprocess.DEVNULL)
    db = Path(shutil.copyfile(served, work / "train.duckdb"))
    threads = {k: os.environ.get(k, "default") for k in
               ("PAYSCOPE_TRAIN_THREADS", "PAYSCOPE_THREADS", "OMP_NUM_THREADS")}
    print(f"threads: {threads}; load average {os.getloadavg()}", flush=True)
    alone = train(db, work / "models-alone")
    print(f"training alone: {alone:.1f} s; load average {os.getloadavg()}", flush=True)

    log = work / "requests.log"
    errors = (work / "serve.err").open("wb")  # streamlit's bare-mode warnings, one per run
    child = subprocess.Popen([sys.executable, __file__, "--db", str(served),
                              "--serve-log", str(log)], stderr=errors)
    try:
        while not log.exists() or not log.read_text().strip():  # the first (warm-up) request
            time.sleep(1)
            if child.poll() is not None:
                raise SystemExit(f"the dashboard loop stopped; see {work / 'serve.err'}")
        idle_from = time.time()
        time.sleep(args.idle)
        idle_to = time.time()
        beside = train(db, work / "models-beside")
        busy_to = time.time()
    finally:
        child.terminate()
        child.wait()
        errors.close()
    print(f"training beside the dashboard: {beside:.1f} s = {beside / alone:.2f}× alone; load "
          f"average {os.getloadavg()}")
    print(f"dashboard idle: {describe(requests(log, idle_from, idle_to))}")
    print(f"dashboard during training: {describe(requests(log, idle_to, busy_to))}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
