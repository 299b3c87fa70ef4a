"""Tests for the dated Russian payroll facts: МРОТ, NDFL, working-time norms, shift patterns."""

from datetime import date

import pytest

from pipelines.normalise.payroll import (
    canonical_shift_pattern,
    gross_to_net_monthly,
    hours_per_month,
    marginal_ndfl_rate,
    minimum_wage,
    net_to_gross_monthly,
    norm_year,
    shifts_per_month,
    working_days_per_month,
)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2019, 6, 1), 12_130),  # before the table: 2020's value
        (date(2020, 1, 1), 12_130),
        (date(2021, 12, 31), 12_792),
        (date(2022, 5, 31), 13_890),
        (date(2022, 6, 1), 15_279),  # mid-year rise of 2022
        (date(2023, 7, 1), 16_242),
        (date(2024, 1, 1), 19_242),
        (date(2025, 3, 1), 22_440),
        (date(2026, 1, 1), 27_093),
        (date(2030, 1, 1), 27_093),  # after the table: the last known value
    ],
)
def test_minimum_wage(on, expected):
    assert minimum_wage(on) == expected


@pytest.mark.parametrize(
    ("on", "year", "hours"),
    [
        (date(2019, 5, 1), 2021, 1972),  # before the table: nearest known year
        (date(2021, 5, 1), 2021, 1972),
        (date(2022, 5, 1), 2022, 1973),
        (date(2023, 5, 1), 2023, 1973),
        (date(2024, 5, 1), 2024, 1979),
        (date(2025, 5, 1), 2025, 1972),
        (date(2026, 5, 1), 2026, 1972),
        (date(2031, 5, 1), 2026, 1972),
    ],
)
def test_hours_per_month_is_the_year_norm_over_twelve(on, year, hours):
    assert norm_year(on) == year
    assert hours_per_month(on) == pytest.approx(hours / 12)
    assert working_days_per_month(on) == pytest.approx(hours / 12 / 8)


def test_2025_norm_matches_the_reference_conventions():
    assert round(hours_per_month(date(2025, 1, 1)), 1) == 164.3
    assert round(working_days_per_month(date(2025, 1, 1)), 1) == 20.5


# --- NDFL --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gross", "on", "net"),
    [
        (100_000, date(2024, 12, 31), 87_000),
        (500_000, date(2020, 12, 31), 435_000),  # flat 13 % before 2021, whatever the amount
        # 2021–2024: 6 M/yr = 5 M × 0.87 + 1 M × 0.85 = 5 200 000 → 433 333.33 per month
        (500_000, date(2024, 12, 31), 433_333.33),
        (100_000, date(2025, 1, 1), 87_000),
        (200_000, date(2025, 1, 1), 174_000),  # exactly the top of the 13 % band
        # 3.6 M/yr: 2 088 000 + 1.2 M × 0.85 = 3 108 000 → 259 000 per month
        (300_000, date(2025, 6, 1), 259_000),
        (300_000, date(2026, 6, 1), 259_000),  # 2026 keeps the 2025 scale
    ],
)
def test_gross_to_net_monthly(gross, on, net):
    assert gross_to_net_monthly(gross, on) == pytest.approx(net)


@pytest.mark.parametrize(
    ("annual_gross", "annual_net"),
    [
        (2_400_000, 2_088_000),
        (5_000_000, 4_298_000),
        (20_000_000, 16_598_000),
        (50_000_000, 40_598_000),
    ],
)
def test_net_thresholds_of_the_2025_scale(annual_gross, annual_net):
    on = date(2025, 1, 1)
    assert gross_to_net_monthly(annual_gross / 12, on) * 12 == pytest.approx(annual_net)
    assert net_to_gross_monthly(annual_net / 12, on) * 12 == pytest.approx(annual_gross)


@pytest.mark.parametrize(
    ("annual_net", "annual_gross"),
    [
        # the piecewise inverse exactly as written in source-formats.md §4.1
        (1_000_000, 1_000_000 / 0.87),
        (3_000_000, 2_400_000 + (3_000_000 - 2_088_000) / 0.85),
        (10_000_000, 5_000_000 + (10_000_000 - 4_298_000) / 0.82),
        (30_000_000, 20_000_000 + (30_000_000 - 16_598_000) / 0.80),
        (60_000_000, 50_000_000 + (60_000_000 - 40_598_000) / 0.78),
    ],
)
def test_net_to_gross_monthly_progressive(annual_net, annual_gross):
    assert net_to_gross_monthly(annual_net / 12, date(2025, 5, 1)) == pytest.approx(
        annual_gross / 12
    )


def test_net_to_gross_monthly_flat_before_2021():
    assert net_to_gross_monthly(435_000, date(2020, 12, 31)) == pytest.approx(500_000)


def test_net_to_gross_monthly_two_bands_2021_to_2024():
    assert net_to_gross_monthly(433_333.33, date(2024, 12, 31)) == pytest.approx(500_000, abs=0.01)


@pytest.mark.parametrize("net", [0, 30_000, 173_999, 174_000, 174_001, 250_000, 4e6, 5e6])
@pytest.mark.parametrize("on", [date(2024, 6, 1), date(2025, 6, 1)])
def test_gross_to_net_inverts_net_to_gross(net, on):
    assert gross_to_net_monthly(net_to_gross_monthly(net, on), on) == pytest.approx(net)


@pytest.mark.parametrize(
    ("gross", "on", "rate"),
    [
        (500_000, date(2020, 1, 1), 0.13),
        (500_000, date(2024, 1, 1), 0.15),
        (400_000, date(2024, 1, 1), 0.13),
        (150_000, date(2025, 1, 1), 0.13),
        (200_000, date(2025, 1, 1), 0.13),  # a band's rate starts above its floor
        (300_000, date(2025, 1, 1), 0.15),
        (1_000_000, date(2025, 1, 1), 0.18),
        (2_000_000, date(2025, 1, 1), 0.20),
        (5_000_000, date(2025, 1, 1), 0.22),
    ],
)
def test_marginal_ndfl_rate(gross, on, rate):
    assert marginal_ndfl_rate(gross, on) == rate


# --- Shift patterns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "shifts", "note"),
    [
        ("2/2", 15.22, "15.2 shifts/month (2/2)"),  # 30.4375 × 2/4
        ("3/3", 15.22, "15.2 shifts/month (3/3)"),
        ("4/4", 15.22, "15.2 shifts/month (4/4)"),
        ("1/3", 7.61, "7.6 shifts/month (1/3)"),  # сутки через трое
        ("1/2", 10.15, "10.1 shifts/month (1/2)"),
        ("2/1", 20.29, "20.3 shifts/month (2/1)"),
        ("6/1", 26.09, "26.1 shifts/month (6/1)"),
        ("4/3", 17.39, "17.4 shifts/month (4/3)"),
        ("4/2", 20.29, "20.3 shifts/month (4/2)"),
        ("3/2", 18.26, "18.3 shifts/month (3/2)"),
        ("5/2", 20.54, "20.5 shifts/month (5/2, 2025 norm)"),  # 1972 h / 12 / 8
        ("weekend", 8.70, "8.7 shifts/month (weekend)"),
        (None, 15.22, "15.2 shifts/month (2/2 assumed)"),
        ("flexible", 15.22, "15.2 shifts/month (2/2 assumed)"),
    ],
)
def test_shifts_per_month(pattern, shifts, note):
    value, text = shifts_per_month(pattern, date(2025, 4, 1))
    assert (round(value, 2), text) == (shifts, note)


def test_five_two_follows_the_year_norm():
    value, text = shifts_per_month("5/2", date(2024, 4, 1))
    assert (round(value, 2), text) == (20.61, "20.6 shifts/month (5/2, 2024 norm)")


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("2/2", "2/2"),
        (" 2 / 2 ", "2/2"),
        ("2х2", "2/2"),  # Cyrillic х, as typed in vacancy texts
        ("2x2", "2/2"),
        ("Weekend", "weekend"),
        ("24/7", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_shift_pattern(raw, canonical):
    assert canonical_shift_pattern(raw) == canonical
