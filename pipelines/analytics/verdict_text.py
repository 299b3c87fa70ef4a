"""The verdict, comparables and confidence in words, Russian or English (pure; the page and
`payscope predict` both print these)."""

from __future__ import annotations

from collections.abc import Callable

from pipelines.analytics.comparables import Adjustment
from pipelines.analytics.stats import CONFIDENCE_WORDS
from pipelines.analytics.verdict import RECENT_MONTHS, Estimate, Verdict

# Confidence by n (pipelines.analytics.stats), and the model interval's width words.
CONFIDENCE = {
    **CONFIDENCE_WORDS,
    "narrow": ("узкий", "narrow"), "moderate": ("средний", "moderate"),
    "wide": ("широкий", "wide"),
}  # fmt: skip
HEADLINES = {
    "below": ("ниже рынка", "below the market"),
    "at": ("на уровне рынка", "at the market"),
    "within": ("в пределах рынка", "within the market range"),
    "above": ("выше рынка", "above the market"),
}
GAP = {
    "market": ("{pct} % {side} медианы сопоставимых ({centre})",
               "{pct} % {side} the comparables' median ({centre})"),
    "model": ("{pct} % {side} P50 модели ({centre})", "{pct} % {side} the model's P50 ({centre})"),
}  # fmt: skip
SIDES = {"below": ("ниже", "below"), "above": ("выше", "above")}
RANGES = {
    "market": ("P25–P75 сопоставимых {low} — {high}, n = {n}, достоверность {conf}",
               "comparables' P25–P75 {low} — {high}, n = {n}, confidence {conf}"),
    "model": ("P10–P90 модели {low} — {high}, интервал {conf} ({width} % от P50)",
              "model's P10–P90 {low} — {high}, {conf} interval ({width} % of P50)"),
}  # fmt: skip
POSITIONS = {
    "below": ("ниже", "below"), "at": ("на уровне", "at"),
    "within": ("в пределах", "within"), "above": ("выше", "above"),
}  # fmt: skip
NAMES = {"market": ("рынок", "the market"), "model": ("модель", "the model")}
REASONS = {
    "market_strong": ("сопоставимых достаточно ({n}), все условия совпадают, данные свежие",
                      "enough comparables ({n}), every condition matched, recent data"),
    "market_thin": ("сопоставимых мало ({n})", "few comparables ({n})"),
    "market_relaxed": ("ради n ослаблены условия", "conditions were dropped to reach n"),
    "market_old": ("среди сопоставимых есть вакансии старше {months} месяцев",
                   "comparables reach back more than {months} months"),
    "market_none": ("сопоставимых вакансий меньше 5", "fewer than 5 comparable vacancies"),
    "no_model": ("модели нет", "there is no model"),
    "other_data": ("модель обучена на других данных", "the model was trained on other data"),
    "model_wide": ("интервал модели слишком широкий", "the model's interval is too wide"),
    "model_poor_fit": ("на проверке модель плохо держит свой интервал",
                       "the model did not hold its interval in its backtest"),
}  # fmt: skip
LEANS = {
    "agree": ("{a} и {b} согласны; опираемся на {basis}: {why}.",
              "{a} and {b} agree; the verdict leans on {basis}: {why}."),
    "disagree": ("{a} — {pos_a}, {b} — {pos_b}; опираемся на {basis}, потому что {why}.",
                 "{a} says {pos_a}, {b} says {pos_b}; the verdict leans on {basis} because {why}."),
    "alone": ("Опираемся на {basis}: {why}.", "The verdict leans on {basis}: {why}."),
}  # fmt: skip
CAVEATS = ("Оговорки: {what}.", "Caveats: {what}.")
BASIS_ACC = {"market": ("рынок", "the market"), "model": ("модель", "the model")}
NO_VERDICT = (
    "нет оценки: меньше 5 сопоставимых вакансий и нет модели для этих данных",
    "no verdict: fewer than 5 comparable vacancies and no model for this data",
)
WINDOW = {
    12: ("за последние 12 мес.", "from the last 12 months"),
    24: ("за последние 24 мес. (за 12 мес. мало)",
         "from the last 24 months (too few in 12)"),
    None: ("за всё время (за 24 мес. мало)", "from all the data (too few in 24 months)"),
}  # fmt: skip
ADJUSTED = (
    "оплата {moved} из {n} приведена к уровню {period} по индексу зарплат (×{low}–×{high})",
    "pay of {moved} of {n} brought to {period} by the wage index (×{low}–×{high})",
)
CURRENT = (
    "все опубликованы в {period}: пересчитывать по индексу зарплат нечего",
    "all published in {period}: nothing to adjust by the wage index",
)
UNADJUSTED = (
    "{k} без пересчёта: индекс по их периоду слишком тонкий",
    "{k} not adjusted: the index is too thin for their period",
)


def conf_word(word: str, lang: str = "ru") -> str:
    return CONFIDENCE[word][lang == "en"]


def headline(verdict: Verdict, amount: float, rub: Callable[[float], str], lang="ru") -> str:
    """E.g. «ниже рынка: 45 000 ₽ на 18 % ниже медианы сопоставимых (55 000 ₽); P25–P75 …»."""
    en = lang == "en"
    if verdict.basis is None:
        return NO_VERDICT[en]
    basis = verdict.basis
    text = f"{HEADLINES[verdict.position][en]}: {rub(amount)}"
    pct = round(abs(verdict.gap) * 100)
    if pct:
        side_word = SIDES["below" if verdict.gap < 0 else "above"][en]
        text += (
            " "
            + ("" if en else "на ")
            + GAP[basis.basis][en].format(pct=pct, side=side_word, centre=rub(basis.centre))
        )
    return f"{text}; {range_text(basis, rub, lang)}"


def range_text(estimate: Estimate, rub: Callable[[float], str], lang="ru") -> str:
    return RANGES[estimate.basis][lang == "en"].format(
        low=rub(estimate.low), high=rub(estimate.high), n=estimate.n,
        conf=conf_word(estimate.confidence, lang), width=round(estimate.width * 100),
    )  # fmt: skip


def reconciliation(verdict: Verdict, lang: str = "ru") -> str:
    """Which estimate the verdict leans on and why, and what the other one says."""
    en = lang == "en"
    if verdict.basis is None:
        return ""
    basis = verdict.basis
    values = {"n": basis.n if basis.basis == "market" else (verdict.other and verdict.other.n),
              "months": RECENT_MONTHS}  # fmt: skip
    why = ", ".join(REASONS[code][en].format(**values) for code in verdict.reasons if code)
    name = BASIS_ACC[basis.basis][en]
    caveats = ", ".join(REASONS[code][en].format(**values) for code in verdict.caveats)
    caveats = f" {CAVEATS[en].format(what=caveats)}" if caveats else ""
    if verdict.other is None:
        return LEANS["alone"][en].format(basis=name, why=why) + caveats
    a, b = verdict.basis, verdict.other
    if verdict.agree:
        return (
            LEANS["agree"][en].format(
                a=NAMES[a.basis][en].capitalize(), b=NAMES[b.basis][en], basis=name, why=why
            )
            + caveats
        )
    return LEANS["disagree"][en].format(
        a=NAMES[a.basis][en].capitalize(), b=NAMES[b.basis][en],
        pos_a=POSITIONS[verdict.position][en], pos_b=POSITIONS[verdict.other_position][en],
        basis=name, why=why,
    ) + caveats  # fmt: skip


def window_text(months: int | None, lang: str = "ru") -> str:
    return WINDOW.get(months, WINDOW[None])[lang == "en"]


def adjustment_text(found_n: int, adjusted: Adjustment, lang: str = "ru") -> str:
    """«оплата 40 из 63 приведена к уровню 11.2025 по индексу зарплат (×1,01–×1,08)», what
    could not be adjusted, or that nothing needed to be; '' without comparables."""
    en = lang == "en"
    parts = []
    if adjusted.moved and adjusted.to_period is not None:
        number = (lambda x: f"{x:.2f}") if en else (lambda x: f"{x:.2f}".replace(".", ","))
        parts.append(ADJUSTED[en].format(
            moved=adjusted.moved, n=found_n, period=period_name(adjusted, lang),
            low=number(adjusted.low), high=number(adjusted.high),
        ))  # fmt: skip
    if adjusted.unadjusted:
        parts.append(UNADJUSTED[en].format(k=adjusted.unadjusted))
    if not parts and found_n and adjusted.to_period is not None:
        parts.append(CURRENT[en].format(period=period_name(adjusted, lang)))
    return "; ".join(parts)


def period_name(adjusted: Adjustment, lang: str = "ru") -> str:
    """The index's target period as people name it: «10.2026», «4 кв. 2026» / «Q4 2026», «2026»."""
    period = adjusted.to_period
    if adjusted.step == "year":
        return f"{period:%Y}"
    if adjusted.step == "quarter":
        quarter = (period.month - 1) // 3 + 1
        return f"Q{quarter} {period:%Y}" if lang == "en" else f"{quarter} кв. {period:%Y}"
    return f"{period:%m.%Y}"
