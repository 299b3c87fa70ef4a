"""Model benchmark: training time, single-prediction latency, batch prediction rate.

Reads the demo vacancies (with features) of a warehouse — build one with
`payscope demo --vacancies 1000000 --db FILE` (it runs build-features too) — and prints:
  - training: preparing the design frame, then fitting and calibrating (what `payscope train`
    does after its backtest), in seconds, with the row count and the training threads
    (PAYSCOPE_TRAIN_THREADS, default 1: models/threads.py);
  - single prediction: p50 / p95 latency of one offer (design row + predict), over 200 calls;
  - batch prediction: rows/s over every vacancy with pay.
Targets on the 2-core development machine: training on 1 000 000 demo vacancies < 120 s, one
prediction < 50 ms, batch ≥ 50 000 rows/s. A benchmark, not a test.

    .venv/bin/python bench/model.py --db FILE [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import duckdb
import pandas as pd

from models import dataset
from models.frame import design_frame, design_row
from models.threads import training_threads
from models.train import fit, prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="warehouse with demo vacancies")
    parser.add_argument("--limit", type=int, help="use only the newest N vacancies with pay")
    args = parser.parse_args()

    con = duckdb.connect(str(args.db), read_only=True)
    started = time.perf_counter()
    rows = dataset.training_rows(con, synthetic=True)
    con.close()
    if args.limit:
        rows = rows.tail(args.limit).reset_index(drop=True)
    read_s = time.perf_counter() - started
    vacancies = len(rows)

    started = time.perf_counter()
    frame, pay, published = prepare(rows)
    prepare_s = time.perf_counter() - started
    started = time.perf_counter()
    model, window = fit(frame, pay, published)
    fit_s = time.perf_counter() - started
    print(
        f"training on {vacancies:,} demo vacancies with pay: read {read_s:.1f} s, design frame "
        f"{prepare_s:.1f} s, fit + calibrate {fit_s:.1f} s → {prepare_s + fit_s:.1f} s "
        f"with {training_threads()} training thread(s) (target < 120 s for 1 000 000 vacancies)"
    )

    offer = rows.iloc[0].to_dict()
    latencies = []
    for _ in range(200):
        started = time.perf_counter()
        model.predict(pd.DataFrame([design_row(offer)]))
        latencies.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(
        f"single prediction: p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms "
        "(target < 50 ms)"
    )

    started = time.perf_counter()
    model.predict(design_frame(rows))
    batch_s = time.perf_counter() - started
    print(
        f"batch prediction: {vacancies:,} rows in {batch_s:.1f} s = {vacancies / batch_s:,.0f} "
        "rows/s, design frame included (target ≥ 50 000 rows/s)"
    )


if __name__ == "__main__":
    main()
