"""Tests for pay normalisation (normalise_pay) and currency conversion (rub_per_unit)."""

import math
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.normalise.currency import KNOWN_CURRENCIES, rub_per_unit
from pipelines.normalise.errors import PAY_ERROR_CODES
from pipelines.normalise.pay import (
    EXCLUDING_FLAGS,
    PERIODS,
    NormalisedPay,
    PayError,
    PayInput,
    normalise_pay,
    rules_date,
)

MARCH_2025 = datetime(2025, 3, 1, 12)  # 2025: 1972 h norm (164.3 h/month), МРОТ 22 440
MAY_2024 = datetime(2024, 5, 10, 8)  # 2024: 1979 h norm, USD 92.50, flat 13 % NDFL
AS_POSTED = "none: monthly gross RUB as posted"


def posted(amount_from=None, amount_to=None, **overrides) -> PayInput:
    """A rouble, gross, monthly posting on 2025-03-01 unless overridden."""
    fields = dict(currency="RUR", gross=True, period="month", published_at=MARCH_2025)
    return PayInput(amount_from, amount_to, **(fields | overrides))


def rub(low, high, mid, conversion=AS_POSTED, flag=None, basis="stated_gross") -> NormalisedPay:
    """Expected record for a rouble posting."""
    in_stats = mid is not None and flag not in EXCLUDING_FLAGS
    return NormalisedPay(low, high, mid, 1.0, "rub", basis, conversion, flag, in_stats)


# --- no amount ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount_from", "amount_to"), [(None, None), (0, None), (0, 0), (None, 0)])
def test_no_amount_gives_none(amount_from, amount_to):
    assert normalise_pay(posted(amount_from, amount_to)) is None


# --- period → month ----------------------------------------------------------------------------

UNCONVERTIBLE = "period_unconvertible"


@pytest.mark.parametrize(
    ("pay", "expected"),
    [
        pytest.param(posted(50_000, 70_000), rub(50_000.0, 70_000.0, 60_000.0), id="month"),
        pytest.param(
            posted(500, 700, period="hour"),  # 500 × 1972/12
            rub(82_166.67, 115_033.33, 98_600.0, "hour × 164.3 h/month (2025 norm)"),
            id="hour-norm",
        ),
        pytest.param(
            posted(300, 400, period="hour", shift_pattern="2/2", hours_per_shift=12.0),
            rub(  # 300 × 12 h × 30.4375/2 shifts
                54_787.5,
                73_050.0,
                63_918.75,
                "hour × 12 h × 15.2 shifts/month (2/2) = 182.6 h/month",
            ),
            id="hour-shift-pattern",
        ),  # fmt: skip
        pytest.param(
            posted(300, 400, period="hour", shift_pattern="flexible", hours_per_shift=12.0),
            rub(49_300.0, 65_733.33, 57_516.67, "hour × 164.3 h/month (2025 norm)"),
            id="hour-unknown-pattern-uses-norm",
        ),
        pytest.param(
            posted(4_000, 5_000, period="shift", shift_pattern="1/3"),
            rub(30_437.5, 38_046.88, 34_242.19, "shift × 7.6 shifts/month (1/3)"),
            id="shift-1/3",
        ),
        pytest.param(
            posted(3_000, 4_000, period="shift"),
            rub(45_656.25, 60_875.0, 53_265.62, "shift × 15.2 shifts/month (2/2 assumed)"),
            id="shift-assumed-2/2",
        ),
        pytest.param(
            posted(3_000, 4_000, period="shift", shift_pattern="5/2"),
            rub(61_625.0, 82_166.67, 71_895.83, "shift × 20.5 shifts/month (5/2, 2025 norm)"),
            id="shift-5/2",
        ),
        pytest.param(
            posted(3_000, 4_000, period="day"),
            rub(61_625.0, 82_166.67, 71_895.83, "day × 20.5 working days/month (2025 norm)"),
            id="day",
        ),
        pytest.param(
            posted(20_000, 30_000, period="week"),  # 365.25 / 12 / 7 weeks
            rub(86_964.29, 130_446.43, 108_705.36, "week × 4.35 weeks/month"),
            id="week",
        ),
        pytest.param(
            posted(1_200_000, 1_800_000, period="year"),
            rub(100_000.0, 150_000.0, 125_000.0, "year ÷ 12"),
            id="year",
        ),
        pytest.param(
            posted(150_000, 300_000, period="rotation", rotation_days=30),
            rub(152_187.5, 304_375.0, 228_281.25, "rotation × 30.44/30 days"),
            id="rotation-known-length",
        ),
        pytest.param(
            posted(150_000, period="rotation"),
            rub(
                None,
                None,
                None,
                "rotation length unknown: not convertible to a month",
                UNCONVERTIBLE,
            ),
            id="rotation-unknown-length",
        ),  # fmt: skip
        pytest.param(
            posted(5_000, period="service"),
            rub(None, None, None, "service: piece rate, not convertible to a month", UNCONVERTIBLE),
            id="service",
        ),
        pytest.param(
            posted(5_000, period="project"),
            rub(None, None, None, "project: piece rate, not convertible to a month", UNCONVERTIBLE),
            id="project",
        ),
        pytest.param(
            posted(5_000, period="fortnight"),
            rub(
                None,
                None,
                None,
                "unknown period 'fortnight': not convertible to a month",
                UNCONVERTIBLE,
            ),
            id="unknown-period",
        ),  # fmt: skip
    ],
)
def test_period_to_month(pay, expected):
    assert normalise_pay(pay) == expected


# --- currency → RUB ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "on", "snapshot", "expected"),
    [
        ("RUR", date(2025, 1, 1), None, (1.0, "rub")),  # hh's code for the rouble
        ("RUB", date(2025, 1, 1), {"RUB": 2.0}, (1.0, "rub")),
        (" rub ", date(2025, 1, 1), None, (1.0, "rub")),
        ("USD", date(2024, 5, 10), None, (92.5, "reference:2024-01-01")),
        ("usd", date(2022, 3, 1), None, (76.65, "reference:2022-01-01")),
        ("USD", date(2022, 9, 1), None, (61.13, "reference:2022-07-01")),
        ("EUR", date(2015, 1, 1), None, (72.5, "reference:2019-01-01")),  # before the table
        ("EUR", date(2031, 1, 1), None, (90.5, "reference:2026-01-01")),
        ("USD", date(2024, 5, 10), {"USD": 90.0}, (90.0, "snapshot")),
        ("USD", date(2024, 5, 10), {"EUR": 99.0}, (92.5, "reference:2024-01-01")),
        ("USD", date(2024, 5, 10), {"USD": 0.0}, (92.5, "reference:2024-01-01")),  # unusable
        ("USD", date(2024, 5, 10), {"USD": math.nan}, (92.5, "reference:2024-01-01")),
        ("BYR", date(2024, 5, 10), None, (28.4, "reference:2024-01-01")),  # hh's BYR is BYN
        ("BYR", date(2024, 5, 10), {"BYN": 27.0}, (27.0, "snapshot")),
        ("GBP", date(2024, 5, 10), {"GBP": 115.0}, (115.0, "snapshot")),
        ("UZS", date(2024, 5, 10), None, (0.00731, "reference:2024-01-01")),
    ],
)
def test_rub_per_unit(currency, on, snapshot, expected):
    assert rub_per_unit(currency, on, snapshot) == expected


@pytest.mark.parametrize("currency", ["XYZ", "", "BYR2", None])
def test_rub_per_unit_unknown_currency(currency):
    with pytest.raises(PayError) as error:
        rub_per_unit(currency, date(2025, 1, 1))
    assert error.value.code == "unknown_currency"


def test_known_currencies():
    assert KNOWN_CURRENCIES == {
        "RUB", "USD", "EUR", "KZT", "BYN", "UAH", "UZS", "KGS", "AZN", "GEL", "CNY", "AMD",
    }  # fmt: skip


@pytest.mark.parametrize("currency", sorted(KNOWN_CURRENCIES - {"RUB"}))
def test_reference_table_covers_2019_to_2026(currency):
    first_rate, first = rub_per_unit(currency, date(2019, 1, 1))
    last_rate, last = rub_per_unit(currency, date(2026, 12, 31))
    assert (first, last) == ("reference:2019-01-01", "reference:2026-01-01")
    assert first_rate > 0 and last_rate > 0


def test_foreign_hourly_net_pay_shows_every_step():
    pay = posted(10, 15, currency="USD", gross=False, period="hour", published_at=MAY_2024)
    # 10 $/h × 1979/12 h × 92.50 ₽/$ = 152 547.92 net → ÷ 0.87
    assert normalise_pay(pay) == NormalisedPay(
        low_rub=175_342.43,
        high_rub=263_013.65,
        mid_rub=219_178.04,
        fx_rate=92.5,
        fx_source="reference:2024-01-01",
        gross_basis="stated_net",
        conversion=(
            "hour × 164.9 h/month (2024 norm); USD × 92.50 (reference:2024-01-01); net→gross (13 %)"
        ),
        flag=None,
        in_stats=True,
    )


def test_missing_currency_is_assumed_roubles():
    assert normalise_pay(posted(50_000, currency=None)) == rub(
        50_000.0, None, 50_000.0, "currency not stated: RUB assumed", "one_sided"
    )


def test_snapshot_rate_and_byr_through_normalise_pay():
    pay = posted(2_000, currency="BYR", snapshot_rates={"BYN": 27.0})
    result = normalise_pay(pay)
    assert (result.mid_rub, result.fx_source, result.conversion) == (
        54_000.0,
        "snapshot",
        "BYN × 27.00 (snapshot)",
    )


# --- net → gross -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("net", "published_at", "gross", "note"),
    [
        (87_000, MAY_2024, 100_000.0, "net→gross (13 %)"),
        (433_333.33, MAY_2024, 500_000.0, "net→gross (13–15 %, 2021 scale)"),  # 15 % above 5 M/yr
        (87_000, MARCH_2025, 100_000.0, "net→gross (13 %, 2025 scale)"),
        (174_000, MARCH_2025, 200_000.0, "net→gross (13 %, 2025 scale)"),  # top of 13 % band
        # 3 M/yr net: 2.4 M + (3 M − 2.088 M) / 0.85 = 3 472 941.18 gross/yr
        (250_000, MARCH_2025, 289_411.76, "net→gross (13–15 % progressive, 2025 scale)"),
    ],
)
def test_net_to_gross(net, published_at, gross, note):
    result = normalise_pay(posted(net, net, gross=False, published_at=published_at))
    assert result == rub(gross, gross, gross, note, basis="stated_net")


def test_tax_applies_after_currency_conversion():
    # 3 000 $ × 87.00 = 261 000 ₽ net/month crosses the 200 000 ₽ gross band, so it is 15 % there
    result = normalise_pay(posted(3_000, currency="USD", gross=False))
    assert (result.mid_rub, result.conversion) == (
        302_352.94,
        "USD × 87.00 (reference:2025-01-01); net→gross (13–15 % progressive, 2025 scale)",
    )


def test_gross_not_stated_is_assumed_gross():
    assert normalise_pay(posted(50_000, 60_000, gross=None)) == rub(
        50_000.0, 60_000.0, 55_000.0, "gross assumed (not stated)", basis="assumed_gross"
    )


# --- ranges and flags --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay", "expected"),
    [
        pytest.param(posted(60_000), rub(60_000.0, None, 60_000.0, flag="one_sided"), id="from"),
        pytest.param(
            posted(None, 80_000), rub(None, 80_000.0, 80_000.0, flag="one_sided"), id="to"
        ),
        pytest.param(
            posted(60_000, 0), rub(60_000.0, None, 60_000.0, flag="one_sided"), id="to-zero"
        ),
        pytest.param(  # half of МРОТ 2025 is 11 220
            posted(5_000, 11_000),
            rub(5_000.0, 11_000.0, 8_000.0, flag="below_minimum_wage"),
            id="below-minimum-wage",
        ),
        pytest.param(
            posted(5_000, 11_300), rub(5_000.0, 11_300.0, 8_150.0), id="above-half-minimum-wage"
        ),
        pytest.param(  # 60 ₽/h × 164.3 h = 9 860 ₽
            posted(60, period="hour"),
            rub(9_860.0, None, 9_860.0, "hour × 164.3 h/month (2025 norm)", "below_minimum_wage"),
            id="hourly-below-minimum-wage",
        ),  # fmt: skip
        pytest.param(
            posted(7_000, published_at=datetime(2022, 6, 1)),  # half of 15 279 = 7 639.5
            rub(7_000.0, None, 7_000.0, flag="below_minimum_wage"),
            id="minimum-wage-of-june-2022",
        ),
        pytest.param(
            posted(2_500_000, 3_000_000),
            rub(2_500_000.0, 3_000_000.0, 2_750_000.0, flag="implausibly_high"),
            id="implausibly-high",
        ),
        pytest.param(
            posted(3_000_000),
            rub(3_000_000.0, None, 3_000_000.0, flag="implausibly_high"),
            id="implausibly-high-beats-one-sided",
        ),  # fmt: skip
        pytest.param(
            posted(1_500_000, 2_500_000),
            rub(1_500_000.0, 2_500_000.0, 2_000_000.0),
            id="only-the-lowest-bound-counts-for-implausibly-high",
        ),  # fmt: skip
    ],
)
def test_ranges_and_flags(pay, expected):
    assert normalise_pay(pay) == expected


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay", "code", "quoted"),
    [
        (posted("60 000"), "bad_pay_value", "'60 000'"),
        (posted(math.nan), "bad_pay_value", "nan"),
        (posted(None, math.inf), "bad_pay_value", "inf"),
        (posted(True), "bad_pay_value", "True"),
        (posted(-5_000), "negative_pay", "-5000"),
        (posted(80_000, 60_000), "pay_range_inverted", "from 80000 > to 60000"),
        (posted(2e9), "absurd_pay", "2000000000"),
        (posted(10**400), "absurd_pay", "amount_from"),
        (posted(1e6, period="hour"), "absurd_pay", "164,333,333"),  # 1e6 ₽/h × 164.3 h
        (posted(2e6, currency="USD"), "absurd_pay", "174,000,000"),
        (posted(50_000, currency="XYZ"), "unknown_currency", "'XYZ'"),
        (posted(50_000, currency="XYZ", period="service"), "unknown_currency", "'XYZ'"),
    ],
)
def test_pay_errors_name_the_code_and_quote_the_value(pay, code, quoted):
    with pytest.raises(PayError) as error:
        normalise_pay(pay)
    assert error.value.code == code
    assert quoted in error.value.message


# --- property ----------------------------------------------------------------------------------

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)
)  # fmt: skip


@given(
    amount_from=anything,
    amount_to=anything,
    currency=st.one_of(st.none(), st.sampled_from(["RUR", "USD", "BYR"]), st.text(max_size=4)),
    gross=st.one_of(st.none(), st.booleans()),
    period=st.one_of(st.sampled_from(PERIODS), st.text(max_size=8)),
    published_at=st.datetimes(),
    shift_pattern=st.one_of(st.none(), st.sampled_from(["2/2", "5/2", "1/3"]), st.text(max_size=5)),
    hours_per_shift=anything,
    rotation_days=anything,
)  # fmt: skip
def test_normalise_pay_raises_only_pay_error(amount_from, amount_to, published_at, **rest):
    pay = replace(posted(amount_from, amount_to), published_at=published_at, **rest)
    try:
        result = normalise_pay(pay)
    except PayError as error:
        assert error.code in PAY_ERROR_CODES
        return
    if result is not None:
        usable = result.mid_rub is not None and result.flag not in EXCLUDING_FLAGS
        assert result.in_stats == usable
        if result.low_rub is not None and result.high_rub is not None:
            assert result.low_rub <= result.mid_rub <= result.high_rub


# --- rules_date: the cache key for the date-dependent rules --------------------------------------
@given(
    day=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    amount=st.integers(min_value=1, max_value=3_000_000),
    currency=st.sampled_from(["RUR", "USD", "EUR", "KZT", None]),
    gross=st.sampled_from([True, False, None]),
    period=st.sampled_from(["month", "hour", "shift", "day", "week"]),
)
def test_pay_is_the_same_on_any_day_between_rules_date_and_the_publication(
    day, amount, currency, gross, period
):
    on_day = posted(amount, None, currency=currency, gross=gross, period=period,
                    published_at=datetime.combine(day, datetime.min.time()))
    since = rules_date(day)

    assert since <= day
    assert outcome(on_day) == outcome(
        replace(on_day, published_at=datetime.combine(since, datetime.min.time()))
    )


def outcome(pay: PayInput):
    try:
        return normalise_pay(pay)
    except PayError as exc:
        return exc.code, exc.message


def test_rules_date_is_the_latest_change_before_the_day():
    assert rules_date(date(2025, 3, 17)) >= date(2025, 1, 1)
    assert rules_date(date(2022, 7, 15)) >= date(2022, 6, 1)  # the mid-year МРОТ rise
    assert rules_date(date(2022, 5, 31)) < date(2022, 6, 1)
