"""Start-up benchmark: how long a CLI command takes before it does any work.

Runs, each in a fresh process and interleaved so load on a shared machine hits all alike:
  (ref) `python -c "import duckdb, typer, rich"` — the libraries every command needs anyway;
  `payscope --help`, `payscope parse-pay "от 40 тыс. на руки"`, `python -m pipelines --help`.
Prints the median wall time of each and its ratio to the reference (the goal: ≤ 1.5×), and the
floor: a bare two-command Typer app running one command, what Typer itself costs.
A benchmark, not a test: timings on a shared machine vary by 10–20 %.

    .venv/bin/python bench/startup.py [--repeat 5]

The code measured is the one `python -c "import pipelines"` finds (PYTHONPATH first).
"""

from __future__ import annotations

import argparse
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


def once(argv: list[str]) -> float:
    """Wall seconds of one run; NaN when the command fails (e.g. no `python -m pipelines` yet)."""
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started if done.returncode == 0 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args()
    code = Path(__import__("pipelines").__file__).parent
    print(f"code: {code}; {args.repeat} runs of each, interleaved", flush=True)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for run in range(args.repeat):
        for name, argv in COMMANDS.items():
            times[name].append(once(argv))
        print(f"  run {run + 1}/{args.repeat} done", file=sys.stderr, flush=True)
    reference = statistics.median(next(iter(times.values())))
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:46s} median {median:6.2f} s  ×{median / reference:4.2f}")
    worst = max(statistics.median(v) for v in list(times.values())[2:] if v[0] == v[0])
    print(f"slowest command ×{worst / reference:.2f} of the reference ({reference:.2f} s)")


if __name__ == "__main__":
    main()
