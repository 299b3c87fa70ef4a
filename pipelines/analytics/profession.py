"""The profession as employers describe it, from the rows of queries.profession_sample (pure:
DataFrames in, DataFrames out): how often each requirement, duty, tool and condition is named,
its trend, the pay with it against without within role family, the request load and sectors.

Every row carries its n and a confidence word (stats.confidence); premiums are
stats.stratified_premium (role family as the stratum), so they compare like with like.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from pipelines.analytics.stats import CONFIDENCE_LEVELS, confidence, stratified_premium

LISTS = ("requirements", "duties", "tools", "conditions")
LOADS = ("load_chats_at_once", "load_requests_per_shift", "load_requests_per_hour")
# Request-load bands people think in (upper bounds, inclusive); the last band is open.
LOAD_BANDS = {
    "load_chats_at_once": (1, 3, 5),
    "load_requests_per_shift": (50, 100, 200),
    "load_requests_per_hour": (10, 20, 40),
}
# "High load" for the pay driver: above this many requests a shift (issue 17's example).
HIGH_LOAD_PER_SHIFT = 100
# Verdicts on a premium: its interval is above 0, below 0, spans 0, or there is no estimate.
UP, DOWN, ZERO, NONE = "up", "down", "zero", "none"


def premium_row(pay, trait, stratum, minimum: int) -> dict:
    """stats.stratified_premium as a dict with its verdict and confidence (of the smaller side)."""
    found = asdict(stratified_premium(pay, trait, stratum, minimum=minimum))
    verdict = (
        NONE if found["estimate"] is None
        else UP if found["low"] > 0
        else DOWN if found["high"] < 0
        else ZERO
    )  # fmt: skip
    return {**found, "verdict": verdict,
            "premium_confidence": confidence(min(found["n_with"], found["n_without"]))}  # fmt: skip


def _pay_and_family(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    pay = pd.to_numeric(frame["pay"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    # Role families as numbers: stratified_premium factorises them once per call, and numbers
    # factorise far faster than text on 100 000 rows.
    family = pd.factorize(frame["role_family"].fillna("unknown"))[0].astype(float)
    return pay, family


def memberships(frame: pd.DataFrame, field: str) -> dict[str, np.ndarray]:
    """code → boolean mask of the rows whose list `field` names it (one pass over the lists)."""
    lengths = np.fromiter((len(v) for v in frame[field]), dtype=int, count=len(frame))
    rows = np.repeat(np.arange(len(frame)), lengths)
    codes = np.array([c for v in frame[field] for c in v], dtype=object)
    masks = {}
    for code in pd.unique(codes):
        mask = np.zeros(len(frame), dtype=bool)
        mask[rows[codes == code]] = True
        masks[code] = mask
    return masks


def has_item(frame: pd.DataFrame, field: str, code: str) -> np.ndarray:
    return memberships(frame, field).get(code, np.zeros(len(frame), dtype=bool))


def described(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose text goes beyond the title (`described`; all rows when the column is
    absent): only there can a list say that a vacancy does not ask for something, so shares,
    trends, premiums and loads of the lists count these alone."""
    if "described" not in frame:
        return frame
    return frame[frame["described"].fillna(False).astype(bool).to_numpy()]


def items(frame: pd.DataFrame, field: str, minimum: int = 10) -> pd.DataFrame:
    """Per code of the list `field`: n (vacancies naming it), share of all rows, confidence,
    thin (n below `minimum`), and the pay premium with it against without within role family
    (estimate, low, high, n_with, n_without, reason, verdict). Commonest first. Over the
    described rows only (`described`)."""
    frame = described(frame)
    total = len(frame)
    masks = memberships(frame, field)
    pay, family = _pay_and_family(frame)
    rows = []
    for code, mask in sorted(masks.items(), key=lambda item: (-item[1].sum(), item[0])):
        n = int(mask.sum())
        rows.append({
            "code": code, "n": n, "total": total, "share": n / total if total else 0.0,
            "confidence": confidence(n), "thin": n < minimum,
            **premium_row(pay, mask, family, minimum),
        })  # fmt: skip
    columns = ["code", "n", "total", "share", "confidence", "thin", "estimate", "low", "high",
               "n_with", "n_without", "strata", "level", "reason", "verdict", "premium_confidence"]
    return pd.DataFrame(rows, columns=columns)


def trend(frame: pd.DataFrame, field: str, codes, grain: str = "quarter") -> pd.DataFrame:
    """Per period (rows) the share of vacancies naming each of `codes` (columns), with the
    period's n; periods are calendar quarters ('2025 Q1') or months ('2025-03'). Over the
    described rows only."""
    frame = described(frame)
    published = pd.to_datetime(frame["published"])
    year, month = published.dt.year, published.dt.month
    # Format each distinct period once, not 100 000 times.
    key = year * 100 + ((month - 1) // 3 + 1 if grain == "quarter" else month)
    names = {k: (f"{k // 100} Q{k % 100}" if grain == "quarter" else f"{k // 100}-{k % 100:02d}")
             for k in key.dropna().unique()}  # fmt: skip
    out = pd.DataFrame({"period": key.map(names).to_numpy()})
    masks = memberships(frame, field)
    for code in codes:
        out[code] = masks.get(code, np.zeros(len(frame), dtype=bool))
    grouped = out.groupby("period")
    table = grouped.mean()
    table.insert(0, "n", grouped.size())
    return table.reset_index()


def trend_grain(frame: pd.DataFrame) -> str:
    """'month' when the vacancies span half a year or less (quarters would be one or two
    points), else 'quarter'."""
    published = pd.to_datetime(frame["published"]).dropna()
    if published.empty:
        return "quarter"
    return "month" if (published.max() - published.min()).days <= 183 else "quarter"


def load_bands(frame: pd.DataFrame, minimum: int = 10) -> pd.DataFrame:
    """Per load measure and band: n of vacancies stating such a load, their median pay and
    P25/P75 (of those with pay, n_pay), confidence. Over the described rows only."""
    frame = described(frame)
    rows = []
    for measure, bounds in LOAD_BANDS.items():
        values = pd.to_numeric(frame[measure], errors="coerce")
        edges = [0, *bounds, np.inf]
        for low, high in zip(edges, edges[1:], strict=False):
            inside = (values > low) & (values <= high)
            pay = pd.to_numeric(frame.loc[inside, "pay"], errors="coerce").dropna()
            rows.append({
                "measure": measure, "low": low, "high": high, "n": int(inside.sum()),
                "n_pay": len(pay), **quartiles(pay), "confidence": confidence(len(pay)),
                "thin": len(pay) < minimum,
            })  # fmt: skip
    return pd.DataFrame(rows)


def load_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per load measure: n stating it, share of the described rows, P25/median/P75 of the
    stated load."""
    frame = described(frame)
    rows = []
    for measure in LOADS:
        values = pd.to_numeric(frame[measure], errors="coerce").dropna()
        rows.append({"measure": measure, "n": len(values),
                     "share": len(values) / len(frame) if len(frame) else 0.0,
                     **quartiles(values),
                     "confidence": confidence(len(values))})  # fmt: skip
    return pd.DataFrame(rows)


def sectors(frame: pd.DataFrame, minimum: int = 10) -> pd.DataFrame:
    """Per sector: n vacancies, share, n_pay, P25/P50/P75 of pay, confidence, and the premium of
    the sector against the other sectors within role family. Biggest first."""
    pay, family = _pay_and_family(frame)
    sector = frame["sector"].fillna("other").to_numpy(dtype=object)
    rows = []
    for code, n in pd.Series(sector).value_counts().items():
        mine = pd.Series(pay[sector == code]).dropna()
        rows.append({
            "code": code, "n": int(n), "share": n / len(frame), "n_pay": len(mine),
            **quartiles(mine),
            "confidence": confidence(len(mine)), "thin": len(mine) < minimum,
            **premium_row(pay, sector == code, family, minimum),
        })  # fmt: skip
    return pd.DataFrame(rows)


def drivers(frame: pd.DataFrame, minimum: int = 10) -> pd.DataFrame:
    """The pay drivers of the brief, each a premium within role family: English, night shifts,
    experience asked (any against none), a per-shift load above HIGH_LOAD_PER_SHIFT (among
    vacancies stating one), remote work, Moscow or St Petersburg employers."""
    from pipelines.analytics.regions import CAPITALS, region_group

    pay, family = _pay_and_family(frame)
    per_shift = pd.to_numeric(frame["load_requests_per_shift"], errors="coerce").to_numpy(float)
    experience = frame["experience"]
    groups = np.array([region_group(r, None) for r in frame["region"]], dtype=object)
    traits = {
        "english": frame["english"].astype(float).to_numpy(),
        "night_shifts": frame["night_shifts"].astype(float).to_numpy(),
        "experience": np.where(experience.isna(), np.nan,
                               (experience != "noExperience").astype(float)),
        "high_load": np.where(np.isnan(per_shift), np.nan,
                              (per_shift > HIGH_LOAD_PER_SHIFT).astype(float)),
        "remote": (frame["work_format"] == "remote").astype(float).to_numpy(),
        "capitals": np.isin(groups, CAPITALS).astype(float),
    }  # fmt: skip
    rows = [{"driver": name, **premium_row(pay, trait, family, minimum)}
            for name, trait in traits.items()]  # fmt: skip
    return pd.DataFrame(rows)


def pay_summary(frame: pd.DataFrame) -> dict:
    """n vacancies, n with pay, P25/P50/P75, confidence, first and last publication date."""
    pay = pd.to_numeric(frame["pay"], errors="coerce").dropna()
    published = pd.to_datetime(frame["published"]).dropna()
    return {
        "n": len(frame), "n_pay": len(pay), **quartiles(pay), "confidence": confidence(len(pay)),
        "first": published.min().date().isoformat() if len(published) else None,
        "last": published.max().date().isoformat() if len(published) else None,
    }  # fmt: skip


def shares(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per value of `column` (missing → 'unknown'): n and share of the rows; biggest first."""
    values = frame[column].fillna("unknown").astype(str)
    counts = values.value_counts()
    return pd.DataFrame({"code": counts.index, "n": counts.to_numpy(), "total": len(frame),
                         "share": counts.to_numpy() / max(len(frame), 1),
                         "confidence": [confidence(int(n)) for n in counts]})  # fmt: skip


def quartiles(values: pd.Series) -> dict[str, float | None]:
    """p25, p50, p75 of `values` (None each below 5 values)."""
    return {f"p{round(q * 100)}": quantile_or_none(values, q) for q in (0.25, 0.5, 0.75)}


def quantile_or_none(values: pd.Series, q: float) -> float | None:
    """A quantile, or None below 5 values: no estimate worth showing (stats.confidence 'none')."""
    return float(values.quantile(q)) if len(values) >= CONFIDENCE_LEVELS[-1][0] else None
