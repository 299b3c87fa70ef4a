"""The CLI as people start it: `payscope` (the console script) and `python -m pipelines`, each
in a fresh process, list every command; and starting it loads none of the heavy libraries
(they are imported by the commands that need them: bench/startup.py measures the time)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                 os.environ.get("PYTHONPATH")]))}
ENV.update(COLUMNS="200", NO_COLOR="1", TERM="dumb")  # help lines unwrapped, no escapes
COMMANDS = [
    "ingest", "demo", "build-features", "features", "status", "export", "spark-load", "fetch",
    "train", "evaluate", "predict", "ladder", "brief", "refresh", "parse-pay",
]  # fmt: skip
# What `payscope --help` must not wait for: the model, frames, HTTP, HTML, morphology, the app.
HEAVY = [
    "sklearn", "scipy", "pandas", "numpy", "pyarrow", "joblib", "httpx", "extruct", "selectolax",
    "lxml", "pymorphy3", "razdel", "streamlit", "plotly", "msgspec",
]  # fmt: skip


def run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, env=ENV, timeout=120)


def listed(help_text: str) -> list[str]:
    """The commands in the order the help lists them (a command's name starts its row)."""
    rows = (re.match(r"^\W*\s([a-z][a-z-]*)\s{2,}", line) for line in help_text.splitlines())
    return [m.group(1) for m in rows if m and m.group(1) in COMMANDS]


def test_python_m_pipelines_lists_every_command_and_runs_them():
    shown = run(sys.executable, "-m", "pipelines", "--help")

    assert shown.returncode == 0, shown.stderr
    assert listed(shown.stdout) == COMMANDS
    train = run(sys.executable, "-m", "pipelines", "train", "--help")
    assert train.returncode == 0, train.stderr
    assert "--until" in train.stdout
    old = run(sys.executable, "-m", "pipelines.cli", "--help")  # the old spelling still works
    assert listed(old.stdout) == COMMANDS


def test_the_console_script_is_the_same_app():
    script = shutil.which("payscope", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the payscope console script is not installed in this environment")
    shown = run(script, "--help")

    assert shown.returncode == 0, shown.stderr
    assert listed(shown.stdout) == COMMANDS
    pay = run(script, "parse-pay", "от 40 тыс. на руки", "--json")
    assert pay.returncode == 0, pay.stderr
    assert '"net"' in pay.stdout


def test_the_entry_point_in_pyproject_names_the_cli_package():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")

    assert 'payscope = "pipelines.cli.main:main"' in text


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["parse-pay", "от 40 тыс. на руки"], ["train", "--help"]],
    ids=["help", "parse-pay", "train-help"],
)
def test_starting_the_cli_loads_no_heavy_library(argv):
    probe = (
        "import sys\n"
        "from pipelines.cli import app\n"
        "try:\n"
        f"    app({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules) or '-', file=sys.stderr)\n"
    )
    done = run(sys.executable, "-c", probe)

    assert done.stderr.strip().splitlines()[-1] == "-"
