"""Spark benchmark: records/s of `payscope spark-load` in local mode on 1 and 2 cores against
`payscope ingest` (features included, its default parser processes) on the same demo files,
in the same run, each in a fresh process and a fresh output. Prints each round's figures, the
ratios to ingest and the per-core rate the cluster estimate in docs/scaling.md starts from.
A benchmark, not a test.

    .venv/bin/python bench/spark.py [--vacancies 1000000] [--snapshots 3] [--cores 1,2] [--keep DIR]

spark-load's own figure leaves out the JVM's start (printed apart): on a cluster it is paid
once per job, not per file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.ingest import run_child  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vacancies", type=int, default=1_000_000)
    parser.add_argument("--snapshots", type=int, default=3)
    parser.add_argument("--cores", default="1,2", help="local[N] rounds of spark-load")
    parser.add_argument("--keep", type=Path, help="keep the generated files and outputs here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="payscope-bench-spark-"))
    payscope = str(Path(sys.executable).with_name("payscope"))
    try:
        files = _demo(work / "demo", args.vacancies, args.snapshots)
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        wall, rss, out = run_child(
            [payscope, "ingest", str(files), "--db", str(work / "w.duckdb"), "--json"]
        )
        report = orjson.loads(out)
        records = sum(s["records_read"] for s in report["snapshots"])
        base = records / report["seconds"]
        print(f"ingest + features: {records} records in {report['seconds']:.1f} s = "
              f"{base:,.0f} records/s (process {wall:.1f} s; peak {rss} MiB)")  # fmt: skip
        for cores in (int(c) for c in args.cores.split(",")):
            wall, rss, out = run_child(
                [payscope, "spark-load", str(files), "--out", str(work / f"lake{cores}"),
                 "--master", f"local[{cores}]", "--json"]
            )  # fmt: skip
            job = orjson.loads(out)
            rate = job["records_read"] / job["seconds"]
            print(
                f"spark-load local[{cores}]: {job['records_read']} records in {job['seconds']:.1f}"
                f" s = {rate:,.0f} records/s, {rate / cores:,.0f} per core "
                f"(JVM start and stop {wall - job['seconds']:.1f} s; peak {rss} MiB driver); "
                f"ratio to ingest {rate / base:.2f}"
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _demo(folder: Path, vacancies: int, snapshots: int) -> Path:
    from pipelines.demo import generate_demo

    started = time.perf_counter()
    summary = generate_demo(folder, vacancies=vacancies, snapshots=snapshots, seed=42,
                            end=date(2026, 9, 28))  # fmt: skip
    print(f"generated {summary.records} records of {vacancies} demo vacancies in "
          f"{snapshots} snapshots in {time.perf_counter() - started:.0f} s")  # fmt: skip
    return folder


if __name__ == "__main__":
    main()
