"""Start-up benchmark: how long a CLI command takes before it does any work.

Runs, each in a fresh process and interleaved so load on a shared machine hits all alike:
  (ref) `python -c "import duckdb, typer, rich"` — the libraries every command needs anyway;
  `payscope --help`, `payscope parse-pay "от 40 тыс. на руки"`, `python -m pipelines --help`.
Prints the median wall and CPU time of each and their ratios to the reference (the goal:
≤ 1.5×), and the floor: a bare two-command Typer app running one command, what Typer costs.
A benchmark, not a test: timings on a shared machine vary by 10–20 %.

    .venv/bin/python bench/startup.py [--repeat 5]

The code measured is the one `python -c "import pipelines"` finds (PYTHONPATH first).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
# The console script sits beside the interpreter; run it through the interpreter so a
# PYTHONPATH tree is measured the same way as `payscope` from an installed venv.
SCRIPT = "from pipelines.cli import main; import sys; sys.argv[0] = 'payscope'; main()"
# The floor no CLI of ours can go under: a one-command Typer app parsing one argument (Typer
# 0.2x builds pydantic adapters for the parameters when a command runs, --help aside).
FLOOR = (
    "import duckdb, typer, rich\n"
    "app = typer.Typer()\n"
    "@app.command()\n"
    "def one(text: str, flag: bool = False) -> None:\n"
    "    print(text)\n"
    "@app.command()\n"
    "def two() -> None:\n"
    "    pass\n"
    "app()\n"
)
COMMANDS = {
    "reference: import duckdb, typer, rich": [PY, "-c", "import duckdb, typer, rich"],
    "floor: a bare Typer app running one command": [PY, "-c", FLOOR, "one", "x"],
    "payscope --help": [PY, "-c", SCRIPT, "--help"],
    "payscope parse-pay …": [PY, "-c", SCRIPT, "parse-pay", "от 40 тыс. на руки"],
    "python -m pipelines --help": [PY, "-m", "pipelines", "--help"],
}


def once(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; NaN when the command fails (no `python -m pipelines` on
    old code). CPU time (user + system) varies less than wall time on a loaded machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return (wall, cpu) if done.returncode == 0 else (float("nan"), float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args()
    code = Path(__import__("pipelines").__file__).parent
    print(f"code: {code}; {args.repeat} runs of each, interleaved", flush=True)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for run in range(args.repeat):
        for name, argv in COMMANDS.items():
            times[name].append(once(argv))
        print(f"  run {run + 1}/{args.repeat} done", file=sys.stderr, flush=True)
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in times.items()
    }
    ref_wall, ref_cpu = next(iter(medians.values()))
    print(f"{'':46s} {'wall':>8s} {'ratio':>6s} {'CPU':>8s} {'ratio':>6s}")
    for name, (wall, cpu) in medians.items():
        print(f"{name:46s} {wall:7.2f}s ×{wall / ref_wall:4.2f} {cpu:7.2f}s ×{cpu / ref_cpu:4.2f}")
    worst = max(w for w, _ in list(medians.values())[2:] if w == w)
    print(f"slowest command ×{worst / ref_wall:.2f} of the reference ({ref_wall:.2f} s wall)")

if __name__ == "__main__":
    main()
