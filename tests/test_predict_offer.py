"""`payscope predict --offer`: comparables with n, confidence and window, the model's interval
width, and one verdict that agrees with the range it names (pipelines/cli/offer.py)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipelines.cli import app

runner = CliRunner()
OPERATOR = ["predict", "--title", "Оператор чата поддержки", "--language", "english:B2",
            "--night", "--remote", "--lang", "en"]  # fmt: skip


@pytest.fixture
def demo(trained_demo, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_MODELS", str(trained_demo[1]))
    return trained_demo[0]


@pytest.mark.parametrize("amount", [20_000, 45_000, 300_000])
def test_an_offer_gets_a_verdict_consistent_with_its_range(demo, amount):
    result = runner.invoke(
        app, [*OPERATOR, "--offer", str(amount), "--net", "--db", str(demo), "--json"]
    )

    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    comparables, offer = found["comparables"], found["offer"]
    assert comparables["n"] > 0 and comparables["window_months"] == 12
    assert comparables["confidence"] in ("low", "medium", "high")
    assert found["model_interval"]["word"] in ("narrow", "moderate", "wide")
    assert offer["monthly_gross"] > amount  # net → gross
    if offer["leans_on"] == "market":
        low, high = comparables["quartiles"][0], comparables["quartiles"][2]
    else:
        low, high = found["prediction"]["p10"], found["prediction"]["p90"]
    gross = offer["monthly_gross"]
    expected = "below" if gross < low - 100 else "above" if gross > high + 100 else None
    if expected:  # (away from rounding at the edges)
        assert offer["verdict"] == expected
    assert offer["reconciliation"].startswith(("The ", "The verdict"))


def test_the_text_output_names_confidence_window_and_verdict(demo):
    result = runner.invoke(app, [*OPERATOR, "--offer", "45000", "--net", "--db", str(demo)])

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "model interval: model's P10–P90" in out and "% of P50)" in out
    assert "comparable vacancies: n = " in out and "(confidence " in out
    assert "from the last 12 months" in out
    assert "offer: 45" in out and "a month gross, percentile" in out
    assert "verdict: " in out and "leans on" in out


def test_without_an_offer_there_is_no_verdict_but_the_comparables_stand(demo):
    result = runner.invoke(app, [*OPERATOR, "--db", str(demo), "--json"])

    found = json.loads(result.stdout)
    assert "offer" not in found and found["comparables"]["n"] > 0
    assert found["comparable"] > 0  # the older count stays for scripts that read it
