"""The layers of docs/architecture.md hold: `lint-imports` checks the import-linter contracts
of pyproject.toml (each layer imports only the layers below it; only the CLI uses the demo)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
