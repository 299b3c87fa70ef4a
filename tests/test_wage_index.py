"""The composition-fixed wage index (pipelines/analytics/wage_index.py) on hand-made cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.analytics.wage_index import (
    adjustment_factors,
    choose_step,
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


def test_an_index_that_does_not_reach_the_newest_period_adjusts_nothing():
    frame = cells([
        ("2025-01-10", "chat", "msk", 30_000, 30), ("2025-02-10", "chat", "msk", 33_000, 30),
        ("2025-03-10", "dev", "kzn", 200_000, 3),  # the newest month: nothing links it
    ])  # fmt: skip
    factors = adjustment_factors(composition_fixed_index(frame))
    assert factors.tolist() == [1.0, 1.0, 1.0] and factors.attrs["to_period"] is None
    assert choose_step(frame) == "quarter"  # a quarter holds all three months


def test_a_noisy_link_is_thin_however_many_vacancies():
    rng = np.random.default_rng(1)
    rows = [("2025-01-10", "dev", "msk", p) for p in rng.lognormal(12, 0.8, 20)]
    rows += [("2025-02-10", "dev", "msk", p) for p in rng.lognormal(12, 0.8, 20)]
    frame = pd.DataFrame(rows, columns=["published_at", "role_family", "region", "pay_mid_rub"])
    index = composition_fixed_index(frame)
    assert index["n"].tolist() == [20, 20] and index["thin"].tolist() == [False, True]
    assert index["se"].iloc[1] > 0.05


def test_the_index_from_sql_cell_aggregates_is_the_index_from_vacancies(con):
    """sql/dashboard/wage_index_cells.sql + index_from_cells = composition_fixed_index."""
    from pipelines.analytics.wage_index import index_from_cells
    from pipelines.warehouse.db import read_sql

    rng = np.random.default_rng(3)
    rows = [(f"2025-{m:02d}-{d:02d}", family, region, pay)
            for m in (1, 2, 3, 5) for d in (3, 17)
            for family, region, base in (("chat", "msk", 40_000), ("chat", "spb", 35_000),
                                         ("dev", "msk", 200_000), ("dev", None, 180_000))
            for pay in base * (1 + 0.02 * m) * rng.lognormal(0, 0.02, 8)]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["published_at", "role_family", "region", "pay_mid_rub"])
    frame["published_at"] = pd.to_datetime(frame["published_at"])
    con.register("filtered", frame.assign(pay_in_stats=True))  # what the body reads
    cells = con.execute(read_sql("dashboard/wage_index_cells.sql"), {"steps": None}).df()
    for step in ("month", "quarter", "year"):
        expected = composition_fixed_index(frame, step)
        found = index_from_cells(cells, step)
        assert found["index"].tolist() == pytest.approx(expected["index"].tolist(), nan_ok=True)
        assert found["se"].tolist() == pytest.approx(expected["se"].tolist(), nan_ok=True)
        assert found["thin"].tolist() == expected["thin"].tolist()
        assert found["vacancies"].tolist() == expected["vacancies"].tolist()
    assert composition_fixed_index(frame)["index"].iloc[-1] == pytest.approx(1.08 / 1.02, rel=0.02)


def test_no_cells_is_an_empty_index_not_an_error():
    # Filters that select vacancies but none with pay (the Trends page then says «no index»).
    from pipelines.analytics.wage_index import COLUMNS, index_from_cells

    empty = pd.DataFrame(columns=["step", "period", "role_family", "region", "n", "median",
                                  "log_q25", "log_q75"])  # fmt: skip
    found = index_from_cells(empty, "month")
    assert found.empty and list(found.columns) == COLUMNS
