"""The demo's ground truth: pay effects, posting shares and the hh format's constants.

What a pay model trained on the demo should recover is described in the package docstring
(pipelines/demo/__init__.py); the numbers it names live here.
"""

from __future__ import annotations

import numpy as np

DEMO_EFFECTS: dict[str, float] = {
    "english": 1.25, "night": 1.15, "part_time": 0.55, "internship": 0.80, "fly_in_fly_out": 1.30,
    "moscow": 1.20, "saint_petersburg": 1.10, "other_city": 0.92, "remote_russia": 1.00,
    "experience_noExperience": 1.00, "experience_between1And3": 1.20,
    "experience_between3And6": 1.45, "experience_moreThan6": 1.75,
    "sector_ecommerce": 1.00, "sector_retail": 0.95, "sector_finance": 1.10, "sector_it": 1.15,
    "sector_edtech": 0.97, "sector_telecom": 1.03, "sector_logistics": 0.98,
    "sector_healthcare": 0.93,
}
PAY_NOISE_SIGMA = 0.15
NET_SHARE = 0.87  # net = gross minus the 13 % NDFL rate posters usually assume
HOURS_PER_MONTH = 164.3  # 2026 norm: 1 972 h / 12
SHIFTS_PER_MONTH = 15.2  # 2/2 and 3/3 cycles: 365 / 4 / 12 × 2
RATES_RUB_PER_UNIT = {"USD": 92.5, "EUR": 100.1, "KZT": 0.19}

ID_START = 900_000_000
PER_PAGE = 100
NO_PAY_SHARE = 0.15
GROSS_SHARES = (0.35, 0.60, 0.05)  # gross true / false / null
CURRENCIES = ("RUR", "USD", "EUR", "KZT")
CURRENCY_SHARES = (0.98, 0.012, 0.004, 0.004)
RANGE_SHARES = (0.70, 0.20, 0.10)  # both bounds / «от» only / «до» only
ONE_SIDED_FACTORS = (0.92, 1.10)
SHIFT_MODE_SHARE = 0.17  # of 2/2 and 3/3 vacancies, ≈ 5 % of all
HOUR_MODE_SHARE = 0.085  # of 5/2-type full-time vacancies, ≈ 5 % of all
LIFETIME_WEEKS_SHARES = (0.2, 0.2, 0.16, 0.13, 0.1, 0.08, 0.07, 0.06)
REPUBLISH_SHARE = 0.10
RAISE_SHARE = 0.06
DETAIL_SHARE = 0.20
DUPLICATE_SHARE = 0.002
BAD_RECORD_SHARE = 0.002
BAD_KINDS = ("missing_id", "inverted_range", "unknown_currency", "negative_pay", "bad_date")
# Vacancies published from 2024-01-01 00:00 Moscow time carry the hh form-reform fields.
NEW_FIELDS_FROM = np.datetime64("2023-12-31T21:00:00", "s")  # UTC
WEEK_S = 7 * 24 * 3600
MSK_OFFSET = np.timedelta64(3, "h")
GENERATOR = "payscope demo"

MODES = ("MONTH", "HOUR", "SHIFT")
MODE_DIVISORS = np.array([1.0, HOURS_PER_MONTH, SHIFTS_PER_MONTH])  # monthly → per unit
MODE_STEPS = np.array([1000.0, 10.0, 100.0])  # rounding of RUR amounts per mode
CURRENCY_RATES = np.array([1.0, *(RATES_RUB_PER_UNIT[c] for c in CURRENCIES[1:])])
MONTH_STEPS = np.array([1000.0, 50.0, 50.0, 5000.0])  # rounding of monthly pay per currency
