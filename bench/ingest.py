"""Ingest benchmark: `payscope ingest` against bare DuckDB read_json on the same search pages.

Generates N demo vacancies as hh.ru search pages, then, in the same run and each in a fresh
process and a fresh warehouse file:
  (a) bare DuckDB: read_json over the page files, unnest the items into a table;
  (b) `payscope ingest` end to end (framing, parsing, pay normalisation, raw + canonical layers).
Prints rows/s of each, the ratio (b)/(a) and peak memory for each round, then the medians:
on a shared machine single runs vary by 10-20 %. A benchmark, not a test.

    .venv/bin/python bench/ingest.py [--vacancies 200000] [--repeat 3] [--keep DIR] [--manifest]
                                     [--pages DIR]

The pages are saved as people save a search (a folder of page files, no manifest.json: one
snapshot by the folder rule of docs/sources.md); --manifest adds the fetch's manifest.json.
--keep DIR keeps the generated pages; --pages DIR/demo/snapshot-01/pages reuses them in a later
run instead of generating them again. (b) is the whole command: the load, then the features and
the mart it brings up to date; the features' seconds and the ratio without them are printed
beside it.
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

import orjson

BARE_SQL = """
create table items as
select unnest(items, recursive := true)
from read_json('{pages}/page-*.json', format = 'auto', maximum_object_size = 268435456)
"""
COUNT_SQL = "select count(*) from items"


def run_child(argv: list[str]) -> tuple[float, int, str]:
    """Run a process; (wall seconds, peak RSS in MiB of it and its children, stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=stderr)
        stdout = child.stdout.read()
        child.stdout.close()
        # wait4 gives this child's own peak (its waited-for workers included), not the
        # largest of every child this script has run, as RUSAGE_CHILDREN would.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if child.returncode != 0:
            stderr.seek(0)
            sys.exit(f"{' '.join(argv[:3])} … failed:\n{stderr.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss // 1024, stdout.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vacancies", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--keep", type=Path, help="keep the generated files and warehouses here")
    parser.add_argument("--manifest", action="store_true", help="give the pages a manifest.json")
    parser.add_argument("--pages", type=Path, help="reuse these page files (from --keep)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="payscope-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    try:
        started = time.perf_counter()
        pages = args.pages or _generated(work, args.vacancies, args.manifest)
        size_mb = sum(p.stat().st_size for p in pages.iterdir()) / 2**20
        print(
            f"{'reused' if args.pages else 'generated'} the vacancies "
            f"in {time.perf_counter() - started:.1f} s; "
            f"search pages: {len(list(pages.glob('page-*.json')))} files, {size_mb:.0f} MiB, "
            f"{'with' if (pages / 'manifest.json').exists() else 'without'} a manifest.json; "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )

        bare_db, ours_db = work / "bare.duckdb", work / "payscope.duckdb"
        script = (
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
            "con.execute('set enable_progress_bar = false'); "
            f"con.execute({BARE_SQL.format(pages=pages)!r}); "
            f"print(con.execute({COUNT_SQL!r}).fetchone()[0])"
        )
        cli = [python, "-m", "pipelines.cli", "ingest", str(pages), "--db", str(ours_db), "--json"]
        rounds = []
        for round_no in range(1, args.repeat + 1):
            for stale in (bare_db, ours_db):  # each run starts from an empty warehouse
                stale.unlink(missing_ok=True)
                stale.with_name(stale.name + ".wal").unlink(missing_ok=True)
            bare_s, bare_mib, out = run_child([python, "-c", script, str(bare_db)])
            bare_rows = int(out.strip())
            ours_s, ours_mib, out = run_child(cli)
            report = orjson.loads(out)
            ours_rows = sum(s["records_read"] for s in report["snapshots"])
            snapshots = len(report["snapshots"])
            features_s = (report.get("features") or {}).get("seconds", 0.0)
            loaded = sum(s["records_loaded"] for s in report["snapshots"])
            bare_rate, ours_rate = bare_rows / bare_s, ours_rows / ours_s
            # The load alone (framing, parsing, inserts, publishing), without the features the
            # command builds after it: what compares with read_json, which normalises nothing.
            load_ratio = ours_rows / max(ours_s - features_s, 1e-9) / bare_rate
            rounds.append(
                (bare_rate, ours_rate, ours_rate / bare_rate, load_ratio, bare_mib, ours_mib)
            )
            print(
                f"round {round_no}: (a) bare DuckDB read_json+unnest {bare_rows} rows in "
                f"{bare_s:.2f} s = {bare_rate:,.0f} rows/s, peak {bare_mib} MiB; "
                f"(b) payscope ingest {ours_rows} rows ({loaded} loaded, {snapshots} snapshot(s)) "
                f"in {ours_s:.2f} s (features {features_s:.1f} s) = "
                f"{ours_rate:,.0f} rows/s, peak {ours_mib} MiB; ratio {ours_rate / bare_rate:.2f} "
                f"(without the features {load_ratio:.2f}); load average {os.getloadavg()[0]:.1f}"
            )
        bare_rate, ours_rate, ratio, load_ratio, bare_mib, ours_mib = (
            statistics.median(column) for column in zip(*rounds, strict=True)
        )
        print(
            f"median of {len(rounds)}: bare {bare_rate:,.0f} rows/s, payscope {ours_rate:,.0f} "
            f"rows/s, ratio (b)/(a) = {ratio:.2f} (target ≥ 0.5), without the features "
            f"{load_ratio:.2f}; "
            f"peak memory {ours_mib:.0f} MiB (bare {bare_mib:.0f} MiB)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _generated(work: Path, vacancies: int, manifest: bool) -> Path:
    """Demo search pages of `vacancies` items in one folder under `work`; its path."""
    from pipelines.demo import generate_demo

    summary = generate_demo(work / "demo", vacancies=vacancies, snapshots=1)
    pages = summary.snapshot_dirs[0] / "pages"
    if manifest:
        shutil.copy(summary.snapshot_dirs[0] / "manifest.json", pages / "manifest.json")
    return pages


if __name__ == "__main__":
    main()
