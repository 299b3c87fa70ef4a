"""stats.stratified_premium on hand-made pay where the answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from pipelines.analytics.stats import (
    FEW,
    FEW_WITH,
    FEW_WITHOUT,
    NO_DATA,
    NO_OVERLAP,
    SPANS_ZERO,
    Premium,
    stratified_premium,
)


def families(spec: dict[str, tuple[float, int, int, float]], seed: int = 7):
    """pay, trait, family from {family: (base pay, n with, n without, premium)}, pay spread ±30 %
    around the base so medians are well defined."""
    rng = np.random.default_rng(seed)
    pay, trait, family = [], [], []
    for name, (base, n_with, n_without, premium) in spec.items():
        for flag, n in ((True, n_with), (False, n_without)):
            spread = base * rng.uniform(0.7, 1.3, n)
            pay += list(spread * (1 + premium if flag else 1))
            trait += [flag] * n
            family += [name] * n
    return np.array(pay), np.array(trait, dtype=object), np.array(family, dtype=object)


def test_the_same_premium_in_every_family_is_found_with_an_interval_around_it():
    pay, trait, family = families({
        "chat_support": (40_000, 120, 400, 0.25),
        "sales": (70_000, 80, 300, 0.25),
        "software_dev": (150_000, 200, 150, 0.25),
    })  # fmt: skip

    premium = stratified_premium(pay, trait, family)

    assert premium.estimate == pytest.approx(0.25, abs=0.04)
    assert premium.low < 0.25 < premium.high
    assert premium.high - premium.low < 0.15
    assert (premium.n_with, premium.n_without, premium.strata) == (400, 850, 3)
    assert premium.reason is None and premium.level == 0.9


def test_a_trait_found_only_in_a_well_paid_family_is_no_premium_within_it():
    # English only in software development, which pays 3× more; inside it English pays the
    # same. The raw medians differ threefold; like with like there is nothing.
    pay, trait, family = families({
        "software_dev": (150_000, 200, 200, 0.0),
        "chat_support": (40_000, 0, 2000, 0.0),
    })  # fmt: skip
    raw = np.median(pay[trait.astype(bool)]) / np.median(pay[~trait.astype(bool)]) - 1

    premium = stratified_premium(pay, trait, family)

    assert raw > 1.0
    assert premium.estimate == pytest.approx(0.0, abs=0.05)
    assert premium.low < 0 < premium.high
    assert (premium.n_with, premium.n_without, premium.strata) == (200, 200, 1)


def test_a_family_with_few_on_one_side_barely_counts():
    # 2 vacancies with the trait in chat support at +100 % weigh 2 against sales' 300.
    pay, trait, family = families({
        "sales": (70_000, 300, 300, 0.10),
        "chat_support": (40_000, 2, 500, 1.00),
    })  # fmt: skip

    assert stratified_premium(pay, trait, family).estimate == pytest.approx(0.10, abs=0.04)


def test_the_interval_is_reproducible_and_ignores_missing_values():
    pay, trait, family = families({"sales": (70_000, 50, 50, 0.2)})
    pay = np.append(pay, [np.nan, 50_000, 50_000])
    trait = np.append(trait, [True, None, True])
    family = np.append(family, ["sales", "sales", None])

    first = stratified_premium(pay, trait, family)

    assert first == stratified_premium(pay, trait, family)
    assert (first.n_with, first.n_without) == (50, 50)


def test_a_large_sample_is_subsampled_for_the_interval_but_not_for_the_estimate():
    pay, trait, family = families({
        "a": (40_000, 30_000, 30_000, 0.25), "b": (90_000, 10_000, 10_000, 0.25),
    })  # fmt: skip

    capped = stratified_premium(pay, trait, family, cap=2_000, resamples=100)
    full = stratified_premium(pay, trait, family, cap=10**9, resamples=100)

    assert capped.estimate == full.estimate
    assert capped.low <= full.low and capped.high >= full.high  # wider, never narrower
    assert capped.low < capped.estimate < capped.high


@pytest.mark.parametrize(
    ("spec", "reason", "counts", "everyone", "reading"),
    [
        ({"sales": (70_000, 5, 100, 0.2)}, FEW_WITH, (5, 100), (5, 100), FEW),
        ({"sales": (70_000, 100, 9, 0.2)}, FEW_WITHOUT, (100, 9), (100, 9), FEW),
        ({"sales": (70_000, 0, 100, 0.2)}, FEW_WITH, (0, 0), (0, 100), NO_DATA),
        ({"sales": (70_000, 100, 0, 0.2)}, FEW_WITHOUT, (0, 0), (100, 0), NO_DATA),
        ({"sales": (70_000, 100, 0, 0.2), "hr": (50_000, 0, 100, 0.0)}, NO_OVERLAP, (0, 0),
         (100, 100), FEW),
    ],
)
def test_too_few_on_either_side_gives_a_reason_instead_of_a_number(
    spec, reason, counts, everyone, reading
):
    pay, trait, family = families(spec)

    premium = stratified_premium(pay, trait, family, minimum=10)

    assert premium == Premium(None, None, None, *counts, premium.strata, 0.9, reason, *everyone)
    assert premium.reading == reading


def test_pay_posted_in_round_numbers_still_gives_an_interval_with_width():
    # Every vacancy pays 50 000 on both sides: every resample's median ratio is exactly 1.
    pay = np.full(400, 50_000.0)
    trait = np.arange(400) % 2 == 0
    family = np.full(400, "sales")

    premium = stratified_premium(pay, trait, family)

    assert premium.estimate == 0.0
    assert premium.low < 0 < premium.high
    assert premium.reading == SPANS_ZERO


def test_one_employer_posting_many_vacancies_widens_the_interval():
    rng = np.random.default_rng(3)
    pay, trait, family = families({"sales": (70_000, 300, 300, 0.10)})
    # Each employer posts 30 copies of one pay: 10 employers a side carry the information, not
    # 300 independent vacancies.
    employer = np.repeat(np.arange(20), 30)
    pay = np.repeat(rng.lognormal(np.log(70_000), 0.3, 20), 30) * np.where(trait, 1.1, 1.0)

    alone = stratified_premium(pay, trait, family)
    clustered = stratified_premium(pay, trait, family, cluster=employer)

    assert clustered.high - clustered.low > 2 * (alone.high - alone.low)
    assert clustered.low < clustered.estimate < clustered.high


def test_confidence_words_follow_n():
    from pipelines.analytics.stats import confidence

    assert [confidence(n) for n in (None, 0, 4, 5, 14, 15, 49, 50, 10_000)] == [
        "none", "none", "none", "low", "low", "medium", "medium", "high", "high",
    ]


def test_bootstrap_medians_over_pay_employer_pairs_equal_those_over_rows():
    # The bootstrap weighs each distinct (pay, employer) pair by its rows instead of every row:
    # the same weighted medians as the row-by-row float computation, for any draw.
    from pipelines.analytics.stats import _pairs, _weighted_medians

    rng = np.random.default_rng(7)
    pay = np.sort(np.round(rng.lognormal(np.log(50_000), 0.3, 3_000), -4))
    employer = rng.integers(0, 40, pay.size)
    draws = np.bincount(
        (rng.integers(0, 40, (30, 40)) + np.arange(30)[:, None] * 40).ravel(), minlength=1_200
    ).reshape(30, 40)
    draws[0] = 0  # a resample that drew none of these employers

    weights = np.cumsum(draws[:, employer].astype(np.float64), axis=1)
    expected = pay[np.argmax(weights >= weights[:, -1:] / 2, axis=1)]
    found, any_weight = _weighted_medians(*_pairs(pay, employer), draws.astype(np.int32))

    assert len(_pairs(pay, employer)[0]) < pay.size / 2
    assert np.array_equal(found[1:], expected[1:])
    assert not any_weight[0] and any_weight[1:].all()
