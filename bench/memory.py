"""Peak memory of `payscope ingest` as the input grows: flat is the target, < 2 GB on any input.

Generates demo vacancies as hh.ru search pages (a folder without a manifest, as people save
them) at each size, and one file of one line holding every item of the largest size's first
N pages (--single-mb); --input adds files or folders of your own (e.g. one file of detail
documents far larger than the rest). Each load runs in a fresh process and a fresh warehouse;
the peak RSS of the process (its parser and feature workers included) is read from wait4.
A benchmark, not a test.

    .venv/bin/python bench/memory.py [--sizes 100000 400000] [--single-mb 200] [--keep DIR]
                                     [--input PATH ...]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from ingest import run_child  # noqa: E402  (bench/ is not a package)


def one_line_file(pages: Path, target: Path, megabytes: int) -> int:
    """Items of the pages written as one search page on one line, up to `megabytes`."""
    items, size = [], 0
    for page in sorted(pages.glob("page-*.json")):
        for item in orjson.loads(page.read_bytes())["items"]:
            items.append(item)
            size += len(orjson.dumps(item))
        if size >= megabytes * 2**20:
            break
    target.write_bytes(orjson.dumps({"items": items, "found": len(items), "page": 0}))
    return len(items)


def ingest(path: Path, warehouse: Path) -> tuple[float, int, int]:
    """(seconds, peak MiB, records read) of one `payscope ingest` in a fresh process."""
    warehouse.unlink(missing_ok=True)
    argv = [sys.executable, "-m", "pipelines.cli", "ingest", str(path), "--db", str(warehouse),
            "--json"]  # fmt: skip
    seconds, mib, out = run_child(argv)
    report = orjson.loads(out)
    return seconds, mib, sum(s["records_read"] for s in report["snapshots"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 400_000])
    parser.add_argument("--single-mb", type=int, default=200)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--input", type=Path, nargs="*", default=[], help="also load these")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="payscope-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    from pipelines.demo import generate_demo

    try:
        rows = []
        for size in args.sizes:
            demo = generate_demo(work / f"demo-{size}", vacancies=size, snapshots=1)
            pages = demo.snapshot_dirs[0] / "pages"
            seconds, mib, read = ingest(pages, work / f"w-{size}.duckdb")
            rows.append((f"{size} vacancies, {len(list(pages.glob('page-*')))} page files",
                         read, seconds, mib))  # fmt: skip
            print(f"{rows[-1][0]}: {read} records in {seconds:.1f} s, peak {mib} MiB", flush=True)
        for i, path in enumerate(args.input):
            seconds, mib, read = ingest(path, work / f"w-input-{i}.duckdb")
            mb = sum(f.stat().st_size for f in [path, *path.rglob("*")] if f.is_file()) / 2**20
            rows.append((f"{path.name} ({mb:.0f} MiB)", read, seconds, mib))
            print(f"{rows[-1][0]}: {read} records in {seconds:.1f} s, peak {mib} MiB", flush=True)
        single = work / "one-line" / "search.json"
        single.parent.mkdir(exist_ok=True)
        n = one_line_file(pages, single, args.single_mb)
        mb = single.stat().st_size / 2**20
        seconds, mib, read = ingest(single, work / "w-single.duckdb")
        rows.append((f"one line of {mb:.0f} MiB ({n} items)", read, seconds, mib))
        print(f"{rows[-1][0]}: {read} records in {seconds:.1f} s, peak {mib} MiB")
        worst = max(r[3] for r in rows)
        print(f"largest peak {worst} MiB (target < 2048); peaks: "
              + ", ".join(f"{r[0]}: {r[3]} MiB" for r in rows))  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
