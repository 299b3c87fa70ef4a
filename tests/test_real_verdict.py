"""On the real hh.ru samples: a support-role offer and a developer offer get a verdict that
agrees with the range it leans on, with n, confidence and window said (skips without
../shared/data/real)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.conftest import REAL

HH_API = REAL / "hh-api"
pytestmark = pytest.mark.skipif(not HH_API.is_dir(), reason=f"real samples not found at {HH_API}")
runner = CliRunner()


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real hh-api samples ingested, features built, a model trained on them."""
    from threadpoolctl import threadpool_limits

    import models.train  # noqa: F401  (threadpoolctl reaches only libraries already loaded)

    root = tmp_path_factory.mktemp("real_verdict")
    warehouse = root / "real.duckdb"
    with pytest.MonkeyPatch.context() as patch, threadpool_limits(1):
        patch.setenv("PAYSCOPE_MODELS", str(root / "models"))
        for args in (["ingest", str(HH_API)], ["build-features"], ["train"]):
            result = runner.invoke(app, [*args, "--db", str(warehouse)])
            assert result.exit_code == 0, result.output
    return warehouse, root / "models"


@pytest.mark.parametrize(
    ("args", "amount", "net"),
    [(["--title", "Оператор чата", "--remote", "--night", "--language", "english:B2"], 45_000,
      True),
     (["--title", "Оператор колл-центра"], 40_000, True),
     (["--title", "Python-разработчик", "--remote"], 250_000, False)],
)  # fmt: skip
def test_a_real_offer_gets_one_verdict_consistent_with_its_range(real, monkeypatch, args,
                                                                 amount, net):  # fmt: skip
    warehouse, models = real
    monkeypatch.setenv("PAYSCOPE_MODELS", str(models))
    command = ["predict", *args, "--offer", str(amount), "--db", str(warehouse), "--json",
               "--lang", "en"]  # fmt: skip
    result = runner.invoke(app, command + (["--net"] if net else []))

    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    offer, comparables = found["offer"], found["comparables"]
    assert comparables["confidence"] in ("none", "low", "medium", "high")
    assert comparables["window_months"] in (12, 24, None) and comparables["window"]
    if offer["leans_on"] == "market":
        low, high = comparables["quartiles"][0], comparables["quartiles"][2]
        assert comparables["n"] >= 5
    else:
        low, high = found["prediction"]["p10"], found["prediction"]["p90"]
    gross = offer["monthly_gross"]
    if gross < low - 100:
        assert offer["verdict"] == "below"
    elif gross > high + 100:
        assert offer["verdict"] == "above"
    elif low + 100 < gross < high - 100:
        assert offer["verdict"] in ("at", "within")
    assert offer["reasons"] and "leans on" in offer["reconciliation"]
