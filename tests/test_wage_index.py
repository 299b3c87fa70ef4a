"""The composition-fixed wage index (pipelines/wage_index.py) on hand-made cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.wage_index import (
    adjustment_factors,
    composition_fixed_index,
    factors_for,
    period_start,
)


def cells(spec) -> pd.DataFrame:
    """spec: [(date, role_family, region, pay, count)] → one row per vacancy, pay spread ±1 %."""
    rows = []
    for day, family, region, pay, n in spec:
        rows += [(day, family, region, pay * (1 + (i % 3 - 1) / 100)) for i in range(n)]
    return pd.DataFrame(rows, columns=["published_at", "role_family", "region", "pay_mid_rub"])


def test_a_pure_shift_in_the_mix_leaves_the_index_flat():
    frame = cells([
        ("2025-01-10", "chat", "msk", 30_000, 40), ("2025-01-12", "dev", "msk", 200_000, 10),
        ("2025-02-10", "chat", "msk", 30_000, 10), ("2025-02-12", "dev", "msk", 200_000, 40),
    ])  # fmt: skip
    index = composition_fixed_index(frame)
    assert index["raw_median"].iloc[1] > 5 * index["raw_median"].iloc[0]  # the mix moved
    assert index["index"].tolist() == pytest.approx([1.0, 1.0])
    assert index["n"].tolist() == [50, 50] and index["cells"].tolist() == [2, 2]
    assert not index["thin"].any()


def test_a_uniform_raise_in_every_cell_raises_the_index_by_it():
    spec = []
    for month, raise_ in ((1, 1.0), (2, 1.05), (4, 1.10)):  # March has no vacancy at all
        spec += [(f"2025-0{month}-05", "chat", "msk", 30_000 * raise_, 20),
                 (f"2025-0{month}-06", "chat", "spb", 28_000 * raise_, 12 + month),
                 (f"2025-0{month}-07", "dev", "msk", 200_000 * raise_, 30 - month)]  # fmt: skip
    index = composition_fixed_index(cells(spec))
    assert index["period"].dt.month.tolist() == [1, 2, 4]  # a gap stays a gap
    assert index["index"].tolist() == pytest.approx([1.0, 1.05, 1.10])
    factors = adjustment_factors(index)
    assert factors.attrs["to_period"] == pd.Timestamp("2025-04-01")
    assert factors.tolist() == pytest.approx([1.10, 1.10 / 1.05, 1.0])
    assert factors.attrs["fallback"] == []


def test_thin_cells_are_left_out():
    frame = cells([
        ("2025-01-10", "chat", "msk", 30_000, 30), ("2025-02-10", "chat", "msk", 30_000, 30),
        # Three vacancies cannot say a cell's pay tripled.
        ("2025-01-11", "dev", "kzn", 100_000, 3), ("2025-02-11", "dev", "kzn", 300_000, 3),
    ])  # fmt: skip
    index = composition_fixed_index(frame, min_cell_n=5)
    assert index["index"].tolist() == pytest.approx([1.0, 1.0])
    assert index["cells"].tolist() == [1, 1] and index["n"].tolist() == [30, 30]
    assert index["vacancies"].tolist() == [33, 33]


def test_thin_periods_are_flagged_and_fall_back_to_no_adjustment():
    frame = cells([
        ("2025-01-10", "chat", "msk", 30_000, 30),
        ("2025-02-10", "chat", "msk", 45_000, 6),   # linked but thin: n < 15
        ("2025-03-10", "dev", "msk", 200_000, 30),  # no cell in common with January
        ("2025-04-10", "chat", "msk", 33_000, 30),
    ])  # fmt: skip
    index = composition_fixed_index(frame)
    assert index["thin"].tolist() == [False, True, True, False]
    assert index["index"].iloc[1] == pytest.approx(1.5)  # shown, but flagged
    assert np.isnan(index["index"].iloc[2])
    # The thin February does not carry into April: April links to January.
    assert index["index"].iloc[3] == pytest.approx(1.1)
    factors = adjustment_factors(index)
    assert factors.tolist() == pytest.approx([1.1, 1.0, 1.0, 1.0])
    assert factors.attrs["fallback"] == [pd.Timestamp("2025-02-01"), pd.Timestamp("2025-03-01")]
    found, fallback = factors_for(["2025-01-31", "2025-03-02", "2019-01-01"], factors)
    assert found.tolist() == pytest.approx([1.1, 1.0, 1.0])
    assert fallback.tolist() == [False, True, True]


def test_base_period_fixes_weights_and_level():
    frame = cells([
        ("2025-01-10", "chat", "msk", 30_000, 40), ("2025-01-12", "dev", "msk", 200_000, 10),
        ("2025-02-10", "chat", "msk", 33_000, 40), ("2025-02-12", "dev", "msk", 200_000, 10),
    ])  # fmt: skip
    index = composition_fixed_index(frame, base="2025-02-20")
    # Weights 0.8 / 0.2: exp(0.8 · log 1.1) relative to February.
    assert index["index"].tolist() == pytest.approx([1 / np.exp(0.8 * np.log(1.1)), 1.0])
    with pytest.raises(ValueError, match="base period"):
        composition_fixed_index(frame, base="2024-06-01")


def test_nothing_usable_means_no_adjustment_and_says_so():
    frame = cells([("2025-01-10", "chat", "msk", 30_000, 2)])
    index = composition_fixed_index(frame)
    assert index["thin"].all() and index["index"].isna().all()
    factors = adjustment_factors(index)
    assert factors.tolist() == [1.0] and factors.attrs["to_period"] is None


def test_steps_and_bad_input():
    assert period_start(["2025-05-14"], "quarter").iloc[0] == pd.Timestamp("2025-04-01")
    assert period_start(["2025-05-14"], "week").iloc[0] == pd.Timestamp("2025-05-12")
    with pytest.raises(ValueError, match="step"):
        period_start(["2025-05-14"], "fortnight")
    frame = cells([("2025-01-10", None, None, 30_000, 20)])
    frame.loc[0, "pay_mid_rub"] = np.nan
    index = composition_fixed_index(frame, step="year")
    assert index["vacancies"].tolist() == [19] and index["index"].tolist() == [1.0]
