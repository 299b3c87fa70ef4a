"""Shared fixtures of the crash and concurrency suites: a small demo folder and clean runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.reliability import harness


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """Four weekly demo snapshots of 300 vacancies: every loader path, small enough to rerun."""
    from pipelines.demo import generate_demo

    root = tmp_path_factory.mktemp("reliability")
    generate_demo(root / "snapshots", vacancies=300, snapshots=4, seed=5)
    return root / "snapshots"


@pytest.fixture(scope="session")
def clean_ingest(demo_dir, tmp_path_factory) -> tuple[Path, harness.Outcome, Path]:
    """(warehouse, outcome, trace) of one uninterrupted `payscope ingest` of the demo folder."""
    root = tmp_path_factory.mktemp("clean-ingest")
    trace = root / "trace.txt"
    db = root / "warehouse.duckdb"
    outcome = harness.run(["ingest", str(demo_dir), "--db", str(db)],
                          PAYSCOPE_CRASH_TRACE=str(trace))  # fmt: skip
    assert outcome.returncode == 0, outcome.stderr
    return db, outcome, trace


@pytest.fixture
def copy_of(tmp_path):
    def copy(source: Path, name: str = "warehouse.duckdb") -> Path:
        folder = tmp_path / "data"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(source, folder / name)
        return folder / name

    return copy
