"""Every random draw of the demo's vacancies, as columns (pure: same arguments, same arrays)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from pipelines.demo import profession as DP
from pipelines.demo import vocab as V
from pipelines.demo.settings import (
    CURRENCY_SHARES,
    DEMO_EFFECTS,
    GROSS_SHARES,
    HOUR_MODE_SHARE,
    LIFETIME_WEEKS_SHARES,
    NO_PAY_SHARE,
    PAY_NOISE_SIGMA,
    RAISE_SHARE,
    RANGE_SHARES,
    REPUBLISH_SHARE,
    SHIFT_MODE_SHARE,
    WEEK_S,
)


def window_start(end: date, snapshots: int) -> datetime:
    return datetime.combine(end, time(6, 0), UTC) - timedelta(weeks=snapshots)


def choice(rng: np.random.Generator, shares: tuple[float, ...], size: int) -> np.ndarray:
    p = np.asarray(shares, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum()).astype(np.int16)


def table(n: int, seed: int, snapshots: int) -> dict[str, np.ndarray]:
    """All per-vacancy attributes as columns; the only place random draws for vacancies happen."""
    rng = np.random.default_rng(seed)
    t = timeline(np.random.default_rng([seed, 1]), n, snapshots)
    t["role"] = role = choice(rng, tuple(r.share for r in V.ROLES), n)
    for name in ("hh_role", "sector", "pattern", "experience"):
        t[name] = np.zeros(n, dtype=np.int16)
    t["english"] = np.zeros(n, dtype=bool)
    for r, spec in enumerate(V.ROLES):
        rows = np.flatnonzero(role == r)
        m = len(rows)
        t["hh_role"][rows] = choice(rng, tuple(s for _, s in spec.hh_roles), m)
        sector_ids = np.array([V.SECTOR_INDEX[k] for k, _ in spec.sectors])
        t["sector"][rows] = sector_ids[choice(rng, tuple(s for _, s in spec.sectors), m)]
        pattern_ids = np.array([V.PATTERN_INDEX[k] for k, _ in spec.patterns])
        t["pattern"][rows] = pattern_ids[choice(rng, tuple(s for _, s in spec.patterns), m)]
        t["experience"][rows] = choice(rng, spec.experience, m)
        t["english"][rows] = rng.random(m) < spec.english
    t["employer"] = np.zeros(n, dtype=np.int16)
    for s, sector in enumerate(V.SECTORS):
        rows = np.flatnonzero(t["sector"] == s)
        ids = np.array([i for i, (_, k) in enumerate(V.EMPLOYERS) if k == sector.key])
        t["employer"][rows] = ids[rng.integers(0, len(ids), len(rows))]
    pattern = t["pattern"]
    remote = np.array([p.work_format == "REMOTE" for p in V.PATTERNS])[pattern]
    nationwide = remote & (rng.random(n) < V.REMOTE_NATIONWIDE_SHARE)
    city = choice(rng, tuple(a[3] for a in V.AREAS), n)
    t["area"] = np.where(nationwide, V.NATIONWIDE_AREA, city)

    e = DEMO_EFFECTS
    pattern_effect = np.array([
        (e["night"] if p.night else 1.0) * (e["part_time"] if p.part_time else 1.0)
        * (e["internship"] if p.internship else 1.0)
        * (e["fly_in_fly_out"] if p.fly_in_fly_out else 1.0)
        for p in V.PATTERNS
    ])
    t["true_pay"] = (
        np.array([r.base_pay_rub for r in V.ROLES], dtype=float)[role]
        * np.array([e[s.pay_effect_key] for s in V.SECTORS])[t["sector"]]
        * np.array([e[a[2]] for a in V.AREAS])[t["area"]]
        * np.array([e[f"experience_{x}"] for x, _ in V.EXPERIENCE])[t["experience"]]
        * np.where(t["english"], e["english"], 1.0)
        * pattern_effect[pattern]
        * np.exp(rng.normal(0.0, PAY_NOISE_SIGMA, n))
    )
    DP.draw(np.random.default_rng([seed, 2]), t)  # its own stream: the draws above stay put
    t["english_level"] = rng.integers(0, len(V.LANGUAGE_LEVELS), n).astype(np.int16)
    t["text_seed"] = rng.integers(0, 2**31, n)

    t["has_pay"] = rng.random(n) >= NO_PAY_SHARE
    shift_cycle = np.array([p.shift_cycle for p in V.PATTERNS])[pattern]
    hourly_ok = np.array([p.by_days == "FIVE_ON_TWO_OFF" and p.employment == "full"
                          for p in V.PATTERNS])[pattern]
    u = rng.random(n)
    t["mode"] = np.where(shift_cycle & (u < SHIFT_MODE_SHARE), 2,
                         np.where(hourly_ok & (u < HOUR_MODE_SHARE), 1, 0)).astype(np.int16)
    t["gross"] = choice(rng, GROSS_SHARES, n)
    t["currency"] = np.where(t["mode"] == 0, choice(rng, CURRENCY_SHARES, n), 0).astype(np.int16)
    t["range_kind"] = choice(rng, RANGE_SHARES, n)
    t["width"] = rng.uniform(0.05, 0.20, n)
    t["frequency"] = rng.integers(0, 10, n).astype(np.int16)

    first, last = t["first"], t["last"]
    later = np.maximum(last - first, 1)  # snapshots after the first one, at least 1 to draw
    never = snapshots  # sentinel: the event happens after the last snapshot
    t["republish"] = np.where((last > first) & (rng.random(n) < REPUBLISH_SHARE),
                              first + 1 + rng.integers(0, later), never).astype(np.int16)
    t["republish_pub"] = t["republish"].astype(np.int64) * WEEK_S + daytime(rng, 0, 7, n)
    t["raise_at"] = np.where((last > first) & (rng.random(n) < RAISE_SHARE),
                             first + 1 + rng.integers(0, later), never).astype(np.int16)
    t["raise_factor"] = rng.uniform(1.05, 1.15, n)
    t["detail_u"] = rng.random(n)
    return t


def timeline(rng: np.random.Generator, n: int, snapshots: int) -> dict[str, np.ndarray]:
    """Creation time, shown publication time and open snapshots of n vacancies.

    Creation times cover the window plus the 7 weeks before it, so the first snapshot already
    holds a steady-state backlog; backlog vacancies show a refreshed published_at inside the
    window and keep their real creation in initial_created_at. Times are seconds after the
    window start (`window_start`); snapshot k is taken at (k + 1) weeks.
    """
    backlog_weeks = len(LIFETIME_WEEKS_SHARES) - 1  # older vacancies are closed by snapshot 0
    created = np.empty(0, dtype=np.int64)
    lifetime = np.empty(0, dtype=np.int16)
    while len(created) < n:  # keep drawing until n vacancies are open in at least one snapshot
        m = max(64, n + n // 2)
        c = daytime(rng, -7 * backlog_weeks, 7 * snapshots, m)
        life = choice(rng, LIFETIME_WEEKS_SHARES, m) + 1
        seen = c // WEEK_S + life > 0
        created = np.concatenate([created, c[seen]])
        lifetime = np.concatenate([lifetime, life[seen]])
    chrono = np.argsort(created[:n], kind="stable")  # ids grow with creation time, as hh ids do
    created, lifetime = created[:n][chrono], lifetime[:n][chrono]
    first = np.maximum(created // WEEK_S, 0)
    return {
        "created": created,
        "pub": np.where(created < 0, daytime(rng, 0, 7, n), created),
        "lifetime": lifetime,
        "first": first.astype(np.int16),
        "last": np.minimum(created // WEEK_S + lifetime - 1, snapshots - 1).astype(np.int16),
    }


def daytime(rng: np.random.Generator, day_from: int, day_to: int, n: int) -> np.ndarray:
    """Seconds after the window start on days [day_from, day_to), mostly 09:00–20:00 Moscow."""
    days = rng.integers(day_from, day_to, n).astype(np.int64)
    # The window starts at 06:00 UTC = 09:00 MSK; 85 % of postings fall in office hours.
    office = rng.random(n) < 0.85
    seconds = np.where(office, rng.integers(0, 11 * 3600, n), rng.integers(0, 86400, n))
    return days * 86400 + seconds

