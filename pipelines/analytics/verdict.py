"""One verdict for an offer: the market comparables and the model reconciled (pure).

The rule (docs/benchmark.md):
- Each estimate places the offer against its own range: the comparables' P25–P75 (market) or
  the model's P10–P90. Below the low end → 'below', above the high end → 'above', inside →
  'at' within ±AT_MARKET of the centre (median / P50), else 'within'.
- The verdict leans on the market when its comparables are enough to trust: n ≥ STRONG_N
  (confidence 'medium' or 'high'), every condition of the offer kept and published in the last
  RECENT_MONTHS. Otherwise on the model, when there is one for this data and its range holds
  (P10–P90 not 'wide' and, when known, its backtest coverage ≥ MIN_COVERAGE and its P50 MAE
  below the role × sector median's). Otherwise on
  the market if it has n ≥ 5, else on the model whatever its width, else there is no verdict.
- The verdict's word, percentage and range come from the estimate it leans on only, so it never
  contradicts the range it shows; when the other estimate places the offer elsewhere, it says
  so and why it leans the way it does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.analytics.stats import confidence

AT_MARKET = 0.05  # within ±5 % of the centre (and inside the range) the offer is "at" it
STRONG_N = 15  # 'medium' confidence and up: the comparables can carry the verdict alone
RECENT_MONTHS = 24  # comparables from a wider window are not recent enough to lean on
MIN_N = 5  # below: confidence 'none', no market estimate at all
# The model's P10–P90 width relative to its P50, up to → word; above the last: 'wide'.
WIDTHS = ((0.6, "narrow"), (1.2, "moderate"))
MIN_COVERAGE = 0.6  # backtest P10–P90 coverage below this: the model's range does not hold


@dataclass(frozen=True)
class Estimate:
    """A range the offer is placed in: market (P25, P50, P75 of the comparables) or model
    (P10, P50, P90)."""

    basis: str  # 'market' | 'model'
    low: float
    centre: float
    high: float
    n: int | None = None  # market: the comparables
    months: int | None = None  # market: the window; None = all the data
    relaxed: bool = False  # market: a condition of the offer was dropped
    coverage: float | None = None  # model: P10–P90 coverage in its backtest
    vs_baseline: float | None = None  # model: backtest P50 MAE vs the role × sector median

    @property
    def confidence(self) -> str:
        """Market: the confidence word by n. Model: the width word of its own interval."""
        return confidence(self.n) if self.basis == "market" else width_word(self.width)

    @property
    def width(self) -> float:
        """(high − low) / centre."""
        return (self.high - self.low) / self.centre if self.centre > 0 else float("inf")


@dataclass(frozen=True)
class Verdict:
    position: str | None  # 'below' | 'at' | 'within' | 'above'; None: nothing to compare with
    basis: Estimate | None  # the estimate the verdict leans on
    other: Estimate | None  # the other estimate, when there is one
    other_position: str | None
    reasons: tuple[str, ...]  # why it leans on `basis` (codes, see REASONS in verdict_text)
    gap: float | None = None  # amount / basis.centre − 1
    caveats: tuple[str, ...] = ()  # leaning on weak comparables: what is weak (reason codes)

    @property
    def agree(self) -> bool | None:
        """Whether the other estimate puts the offer on the same side (None: no other)."""
        if self.other_position is None:
            return None
        return side(self.position) == side(self.other_position)


def width_word(relative_width: float) -> str:
    for limit, word in WIDTHS:
        if relative_width <= limit:
            return word
    return "wide"


def position(amount: float, estimate: Estimate) -> str:
    """Where `amount` lies against the estimate's own range."""
    if amount < estimate.low:
        return "below"
    if amount > estimate.high:
        return "above"
    return "at" if abs(amount / estimate.centre - 1) <= AT_MARKET + 1e-12 else "within"


def side(word: str | None) -> str | None:
    """below / inside / above: 'at' and 'within' are both inside the range."""
    return "inside" if word in ("at", "within") else word


def market_estimate(found) -> Estimate | None:
    """The comparables (pipelines.analytics.comparables.Comparables) as an estimate; None below
    MIN_N or when their P25 and P75 are equal (no interval is zero-width)."""
    if found.n < MIN_N:
        return None
    from pipelines.analytics.comparables import market_quartiles

    low, centre, high = market_quartiles(found.pays)
    if not high > low:
        # Half the comparables or more pay the same amount (often one employer's copies of one
        # posting): a zero-width range is no market range to place an offer in.
        return None
    relaxed = bool(found.step.dropped)
    return Estimate("market", low, centre, high, found.n, found.months, relaxed)


def model_estimate(prediction: Mapping | None, card: Mapping | None = None) -> Estimate | None:
    """The model's P10–P50–P90 as an estimate, with its backtest coverage from the card."""
    if not prediction:
        return None
    backtest = (card or {}).get("backtest")
    coverage = vs_baseline = None
    if isinstance(backtest, Mapping):
        coverage = (backtest.get("model") or {}).get("coverage")
        vs_baseline = backtest.get("mae_vs_role_sector")
    return Estimate(
        "model", float(prediction["p10"]), float(prediction["p50"]), float(prediction["p90"]),
        coverage=coverage, vs_baseline=vs_baseline,
    )  # fmt: skip


def decide(
    amount: float,
    market: Estimate | None,
    model: Estimate | None,
    model_missing: str = "no_model",
) -> Verdict:
    """The verdict for `amount` (monthly gross RUB, like the estimates). `model_missing`
    says why `model` is None: 'no_model' or 'other_data' (trained on another warehouse)."""
    reasons: list[str] = []
    strong = market is not None and (
        market.n >= STRONG_N
        and not market.relaxed
        and market.months is not None
        and market.months <= RECENT_MONTHS
    )
    model_holds = model is not None and model.confidence != "wide" and _fits(model)
    if strong:
        basis, reasons = market, ["market_strong"]
    elif market is None and model is not None:
        basis, reasons = model, ["market_none"]
    elif market is not None and model_holds:
        basis, reasons = model, _weaknesses(market)
    elif market is not None:
        basis = market
        if model is None:
            reasons = [model_missing]
        else:
            reasons = ["model_wide" if model.confidence == "wide" else "model_poor_fit"]
    else:
        return Verdict(None, None, None, None, (model_missing if model is None else "",))
    other = model if basis is market else market
    # Leaning on comparables that are not strong: say what is weak about them too.
    caveats = tuple(_weaknesses(market)) if basis is market and not strong else ()
    return Verdict(
        position(amount, basis), basis, other,
        None if other is None else position(amount, other), tuple(reasons),
        amount / basis.centre - 1, caveats,
    )  # fmt: skip


def _weaknesses(market: Estimate) -> list[str]:
    """What keeps the comparables from carrying the verdict alone (reason codes)."""
    return [code for code, why in (
        ("market_thin", market.n < STRONG_N),
        ("market_relaxed", market.relaxed),
        ("market_old", market.months is None or market.months > RECENT_MONTHS),
    ) if why]  # fmt: skip


def _fits(model: Estimate) -> bool:
    """The model's backtest (when the card has one): P10–P90 coverage ≥ MIN_COVERAGE and a
    P50 no worse than the role × sector median's."""
    covered = model.coverage is None or model.coverage >= MIN_COVERAGE
    return covered and (model.vs_baseline is None or model.vs_baseline < 0)


def recommended_range(verdict: Verdict) -> tuple[float, float, str] | None:
    """(low, high, basis) to offer: the range the verdict leans on (market P25–P75 or model
    P10–P90), so the range to offer and the verdict never disagree. None: no estimate."""
    if verdict.basis is None:
        return None
    return verdict.basis.low, verdict.basis.high, verdict.basis.basis
