"""models/premiums.py: the model's premiums with intervals from refits, never zero-width, and no
premium for a family without vacancies on both sides of a trait."""

from __future__ import annotations

import numpy as np
import pytest

from models.pay_model import PayModel
from models.premiums import MIN_SIDE, premiums
from pipelines.analytics.stats import (
    ABOVE_ZERO,
    BELOW_ZERO,
    FEW,
    NO_DATA,
    SPANS_ZERO,
    premium_reading,
)
from tests.test_model import market


@pytest.fixture(scope="module")
def fitted():
    frame, pay, _ = market(n=2000)
    # No software developer works nights here; English is asked in only 3 call-centre vacancies.
    dev = (frame["role_family"] == "software_dev").to_numpy()
    pay = np.where(dev & (frame["night_shifts"] == 1).to_numpy(), pay / 1.15, pay)
    frame.loc[dev, "night_shifts"] = 0.0
    call = np.flatnonzero((frame["role_family"] == "call_centre").to_numpy())
    english = frame["english_level"].to_numpy() > 0
    drop = call[english[call]][3:]
    frame.loc[drop, ["english_level", "english_required"]] = 0.0
    pay[drop] /= 1.25
    model = PayModel(max_iter=60).fit(frame, pay)
    return frame, pay, model, premiums(model, frame, pay, refits=4, refit_rows=1500)


def test_every_interval_holds_its_premium_and_is_never_zero_width(fitted):
    found = fitted[3]
    shown = [f[t] for f in found.values() for t in ("english_b2", "night_shifts")
             if f[t]["premium"] is not None]  # fmt: skip
    assert len(shown) >= 3
    for premium in shown:
        low, high = premium["interval_90"]
        assert low < premium["premium"] < high
        assert high - low >= 0.009  # at least ±0.5 % in log pay


def test_the_generated_premiums_are_inside_their_intervals(fitted):
    chat = fitted[3]["chat_support"]
    low, high = chat["english_b2"]["interval_90"]
    assert low < 0.25 < high
    low, high = chat["night_shifts"]["interval_90"]
    assert low < 0.15 < high
    assert chat["english_b2"]["n_with"] + chat["english_b2"]["n_without"] == chat["n"]


def test_a_family_without_a_night_vacancy_has_no_night_premium(fitted):
    night = fitted[3]["software_dev"]["night_shifts"]

    assert night == {"premium": None, "interval_90": None, "n_with": 0,
                     "n_without": fitted[3]["software_dev"]["n"], "reason": "no_data"}  # fmt: skip
    assert premium_reading(None, None, night["n_with"], night["n_without"]) == NO_DATA


def test_a_family_with_too_few_vacancies_with_the_trait_has_no_premium(fitted):
    english = fitted[3]["call_centre"]["english_b2"]

    assert english["n_with"] == 3 < MIN_SIDE
    assert english["premium"] is None and english["reason"] == "few"
    assert premium_reading(None, None, 3, english["n_without"]) == FEW


def test_identical_pay_still_gives_an_interval_with_width():
    frame, _, _ = market(n=600)
    pay = np.full(len(frame), 50_000.0)
    model = PayModel(max_iter=20).fit(frame, pay)

    found = premiums(model, frame, pay, refits=2, refit_rows=300)

    english = found["chat_support"]["english_b2"]
    low, high = english["interval_90"]
    assert english["premium"] == pytest.approx(0.0, abs=1e-9)
    assert low < 0 < high
    assert premium_reading(low, high, english["n_with"], english["n_without"]) == SPANS_ZERO


@pytest.mark.parametrize(
    ("low", "high", "n_with", "n_without", "reading"),
    [
        (0.05, 0.20, 30, 300, ABOVE_ZERO),
        (-0.20, -0.01, 30, 300, BELOW_ZERO),
        (-0.03, 0.10, 30, 300, SPANS_ZERO),
        (0.0, 0.10, 30, 300, SPANS_ZERO),  # touching 0 is not distinguishable from it
        (None, None, 0, 300, NO_DATA),
        (None, None, 300, 0, NO_DATA),
        (None, None, 3, 300, FEW),
    ],
)
def test_premium_readings(low, high, n_with, n_without, reading):
    assert premium_reading(low, high, n_with, n_without) == reading
