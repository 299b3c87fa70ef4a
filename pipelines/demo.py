"""Deterministic generator of synthetic hh.ru-API vacancy snapshots: search pages + detail docs.

Pay model — what a pay model trained on the demo should recover:

* True monthly gross RUB pay = role base (``demo_vocab.ROLES[*].base_pay_rub``) × sector ×
  region × experience × English × night shifts × part-time × internship × fly-in-fly-out ×
  lognormal noise (σ 0.15), factors in ``DEMO_EFFECTS``: English ×1.25, night ×1.15, Moscow
  ×1.20, St Petersburg ×1.10, other cities ×0.92, remote nationwide ("113") ×1.00, part-time
  ×0.55, experience 1–3 y ×1.20, 3–6 y ×1.45, 6+ y ×1.75. Chat operators mostly get 25–60 k ₽.
  English and night work cluster in some roles, so compare within a role, not across all.
* Profession (``demo_profession.py``, ``demo_profession.csv``): requirements, duties, tools,
  conditions and request load written into snippet and description; a CRM requirement ×1.05,
  more than 100 requests a shift ×0.97, other items ×1.00 (own random stream, seed + 2).
* A vacancy open in several snapshots may get a 5–15 % raise from one snapshot on; true pay
  (``DemoVacancy.true_pay_rub``) is the pre-raise value.
* Posting: 15 % post no pay. gross true 35 % (amount = gross), false 60 % (amount = gross ×
  0.87), null 5 % (amount = gross). salary_range.mode MONTH mostly; HOUR (monthly / 164.3) on
  5/2 full-time work and SHIFT (monthly / 15.2) on 2/2 and 3/3 work, ~5 % each; before 2024
  there is no salary_range and pay is monthly. ~2 % of monthly pay is in USD/EUR/KZT at the
  manifest rates. Two-sided ranges 70 % (true × (1 ± 5–20 %)), «от» 20 % (0.92 × true), «до»
  10 % (1.10 × true); rounded to 1 000 ₽ a month, 10 ₽ an hour, 100 ₽ a shift.
* Timeline: weekly snapshots; vacancies stay open 1–8 weeks; the first snapshot already holds a
  backlog (created before the window, published_at refreshed inside it); some are republished.
* ~0.2 % of records are deliberately bad (no id, from > to, currency "XXX", a negative amount,
  a published_at that is not a date); every file is still valid JSON.
"""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import orjson

from pipelines import demo_profession as DP
from pipelines import demo_vocab as V

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

_MODES = ("MONTH", "HOUR", "SHIFT")
_MODE_DIVISORS = np.array([1.0, HOURS_PER_MONTH, SHIFTS_PER_MONTH])  # monthly → per unit
_MODE_STEPS = np.array([1000.0, 10.0, 100.0])  # rounding of RUR amounts per mode
_CURRENCY_RATES = np.array([1.0, *(RATES_RUB_PER_UNIT[c] for c in CURRENCIES[1:])])
_MONTH_STEPS = np.array([1000.0, 50.0, 50.0, 5000.0])  # rounding of monthly pay per currency


@dataclass(frozen=True)
class DemoSummary:
    """What one generate_demo run wrote."""

    out_dir: Path
    snapshot_dirs: list[Path]
    vacancies: int
    records: int  # search items + detail documents written
    bad_records: int
    files: int


@dataclass(frozen=True)
class DemoVacancy:
    """The attributes a vacancy was generated from (the truth the files are derived from)."""

    id: str
    role: str
    title: str
    professional_role_id: str
    employer: str
    sector: str
    area_id: str
    experience: str
    pattern: str
    work_format: str
    night: bool
    part_time: bool
    english: bool
    english_level: str | None
    true_pay_rub: float  # monthly gross RUB before any raise
    pay_posted: bool
    pay_mode: str | None  # MONTH | HOUR | SHIFT; posted as MONTH before 2024
    gross: bool | None
    currency: str | None
    range_kind: str | None  # both | from | to
    published_at: datetime  # published_at shown in the first snapshot, UTC
    initial_created_at: datetime  # may precede the window (backlog vacancies)
    lifetime_weeks: int
    first_snapshot: int  # 0-based snapshot index
    last_snapshot: int
    republish_snapshot: int | None
    raise_snapshot: int | None
    raise_factor: float
    # The profession portrait written into its text (demo_profession.py): code lists and load.
    profile: dict[str, object] | None = None


def _window_start(end: date, snapshots: int) -> datetime:
    return datetime.combine(end, time(6, 0), UTC) - timedelta(weeks=snapshots)


def _choice(rng: np.random.Generator, shares: tuple[float, ...], size: int) -> np.ndarray:
    p = np.asarray(shares, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum()).astype(np.int16)


def _draw(n: int, seed: int, snapshots: int) -> dict[str, np.ndarray]:
    """All per-vacancy attributes as columns; the only place random draws for vacancies happen."""
    rng = np.random.default_rng(seed)
    t = _timeline(np.random.default_rng([seed, 1]), n, snapshots)
    t["role"] = role = _choice(rng, tuple(r.share for r in V.ROLES), n)
    for name in ("hh_role", "sector", "pattern", "experience"):
        t[name] = np.zeros(n, dtype=np.int16)
    t["english"] = np.zeros(n, dtype=bool)
    for r, spec in enumerate(V.ROLES):
        rows = np.flatnonzero(role == r)
        m = len(rows)
        t["hh_role"][rows] = _choice(rng, tuple(s for _, s in spec.hh_roles), m)
        sector_ids = np.array([V.SECTOR_INDEX[k] for k, _ in spec.sectors])
        t["sector"][rows] = sector_ids[_choice(rng, tuple(s for _, s in spec.sectors), m)]
        pattern_ids = np.array([V.PATTERN_INDEX[k] for k, _ in spec.patterns])
        t["pattern"][rows] = pattern_ids[_choice(rng, tuple(s for _, s in spec.patterns), m)]
        t["experience"][rows] = _choice(rng, spec.experience, m)
        t["english"][rows] = rng.random(m) < spec.english
    t["employer"] = np.zeros(n, dtype=np.int16)
    for s, sector in enumerate(V.SECTORS):
        rows = np.flatnonzero(t["sector"] == s)
        ids = np.array([i for i, (_, k) in enumerate(V.EMPLOYERS) if k == sector.key])
        t["employer"][rows] = ids[rng.integers(0, len(ids), len(rows))]
    pattern = t["pattern"]
    remote = np.array([p.work_format == "REMOTE" for p in V.PATTERNS])[pattern]
    nationwide = remote & (rng.random(n) < V.REMOTE_NATIONWIDE_SHARE)
    city = _choice(rng, tuple(a[3] for a in V.AREAS), n)
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
    t["gross"] = _choice(rng, GROSS_SHARES, n)
    t["currency"] = np.where(t["mode"] == 0, _choice(rng, CURRENCY_SHARES, n), 0).astype(np.int16)
    t["range_kind"] = _choice(rng, RANGE_SHARES, n)
    t["width"] = rng.uniform(0.05, 0.20, n)
    t["frequency"] = rng.integers(0, 10, n).astype(np.int16)

    first, last = t["first"], t["last"]
    later = np.maximum(last - first, 1)  # snapshots after the first one, at least 1 to draw
    never = snapshots  # sentinel: the event happens after the last snapshot
    t["republish"] = np.where((last > first) & (rng.random(n) < REPUBLISH_SHARE),
                              first + 1 + rng.integers(0, later), never).astype(np.int16)
    t["republish_pub"] = t["republish"].astype(np.int64) * WEEK_S + _daytime(rng, 0, 7, n)
    t["raise_at"] = np.where((last > first) & (rng.random(n) < RAISE_SHARE),
                             first + 1 + rng.integers(0, later), never).astype(np.int16)
    t["raise_factor"] = rng.uniform(1.05, 1.15, n)
    t["detail_u"] = rng.random(n)
    return t


def _timeline(rng: np.random.Generator, n: int, snapshots: int) -> dict[str, np.ndarray]:
    """Creation time, shown publication time and open snapshots of n vacancies.

    Creation times cover the window plus the 7 weeks before it, so the first snapshot already
    holds a steady-state backlog; backlog vacancies show a refreshed published_at inside the
    window and keep their real creation in initial_created_at. Times are seconds after the
    window start (`_window_start`); snapshot k is taken at (k + 1) weeks.
    """
    backlog_weeks = len(LIFETIME_WEEKS_SHARES) - 1  # older vacancies are closed by snapshot 0
    created = np.empty(0, dtype=np.int64)
    lifetime = np.empty(0, dtype=np.int16)
    while len(created) < n:  # keep drawing until n vacancies are open in at least one snapshot
        m = max(64, n + n // 2)
        c = _daytime(rng, -7 * backlog_weeks, 7 * snapshots, m)
        life = _choice(rng, LIFETIME_WEEKS_SHARES, m) + 1
        seen = c // WEEK_S + life > 0
        created = np.concatenate([created, c[seen]])
        lifetime = np.concatenate([lifetime, life[seen]])
    chrono = np.argsort(created[:n], kind="stable")  # ids grow with creation time, as hh ids do
    created, lifetime = created[:n][chrono], lifetime[:n][chrono]
    first = np.maximum(created // WEEK_S, 0)
    return {
        "created": created,
        "pub": np.where(created < 0, _daytime(rng, 0, 7, n), created),
        "lifetime": lifetime,
        "first": first.astype(np.int16),
        "last": np.minimum(created // WEEK_S + lifetime - 1, snapshots - 1).astype(np.int16),
    }


def _daytime(rng: np.random.Generator, day_from: int, day_to: int, n: int) -> np.ndarray:
    """Seconds after the window start on days [day_from, day_to), mostly 09:00–20:00 Moscow."""
    days = rng.integers(day_from, day_to, n).astype(np.int64)
    # The window starts at 06:00 UTC = 09:00 MSK; 85 % of postings fall in office hours.
    office = rng.random(n) < 0.85
    seconds = np.where(office, rng.integers(0, 11 * 3600, n), rng.integers(0, 86400, n))
    return days * 86400 + seconds


def sample_vacancies(n: int, seed: int = 42, snapshots: int = 12,
                     end: date = date(2026, 10, 31)) -> list[DemoVacancy]:
    """The underlying attribute records of a demo run with the same arguments (pure)."""
    t = _draw(n, seed, snapshots)
    start = _window_start(end, snapshots)
    col = {k: v.tolist() for k, v in t.items()}
    out = []
    for i in range(n):
        role, pattern = V.ROLES[col["role"][i]], V.PATTERNS[col["pattern"][i]]
        posted = col["has_pay"][i]
        out.append(DemoVacancy(
            id=str(ID_START + i),
            role=role.key,
            title=V.title(role, pattern.work_format == "REMOTE", col["text_seed"][i]),
            professional_role_id=role.hh_roles[col["hh_role"][i]][0],
            employer=V.EMPLOYERS[col["employer"][i]][0],
            sector=V.SECTORS[col["sector"][i]].key,
            area_id=V.AREAS[col["area"][i]][0],
            experience=V.EXPERIENCE[col["experience"][i]][0],
            pattern=pattern.key,
            work_format=pattern.work_format,
            night=pattern.night,
            part_time=pattern.part_time,
            english=col["english"][i],
            english_level=V.LANGUAGE_LEVELS[col["english_level"][i]][0]
            if col["english"][i] else None,
            true_pay_rub=col["true_pay"][i],
            pay_posted=posted,
            pay_mode=_MODES[col["mode"][i]] if posted else None,
            gross=(True, False, None)[col["gross"][i]] if posted else None,
            currency=CURRENCIES[col["currency"][i]] if posted else None,
            range_kind=("both", "from", "to")[col["range_kind"][i]] if posted else None,
            published_at=start + timedelta(seconds=col["pub"][i]),
            initial_created_at=start + timedelta(seconds=col["created"][i]),
            lifetime_weeks=col["lifetime"][i],
            first_snapshot=col["first"][i],
            last_snapshot=col["last"][i],
            republish_snapshot=col["republish"][i] if col["republish"][i] < snapshots else None,
            raise_snapshot=col["raise_at"][i] if col["raise_at"][i] < snapshots else None,
            raise_factor=col["raise_factor"][i],
            profile=DP.codes(*(col[k][i] for k in DP.COLUMNS)),
        ))
    return out


def generate_demo(out_dir: Path, vacancies: int = 20000, snapshots: int = 12, seed: int = 42,
                  end: date = date(2026, 10, 31),
                  progress: Callable[[int], None] | None = None) -> DemoSummary:
    """Write `snapshots` weekly hh-format snapshot folders under out_dir, the last fetched on `end`.

    Each folder holds pages/page-NNNNN.json, detail documents under vacancies/ (one alone as
    <id>.json, the rest in JSON arrays or gzipped JSON Lines) and, written last, manifest.json.
    `progress` gets the running number of records written. Same arguments → byte-identical
    files. An earlier demo snapshot with the same folder name is replaced.
    """
    if not (0 <= vacancies < 10**9 - ID_START and snapshots >= 1 and seed >= 0):
        raise ValueError(f"demo needs 0 ≤ vacancies < {10**9 - ID_START:,} (9-digit ids), "
                         f"snapshots ≥ 1 and seed ≥ 0; got {vacancies=}, {snapshots=}, {seed=}")
    out_dir = Path(out_dir)
    table = _draw(vacancies, seed, snapshots)
    start = _window_start(end, snapshots)
    width = max(2, len(str(snapshots)))
    dirs: list[Path] = []
    records = bad = files = 0
    for s in range(snapshots):
        folder = out_dir / f"snapshot-{s + 1:0{width}d}"
        _prepare_folder(folder)
        n_rec, n_bad, n_files = _write_snapshot(folder, table, s, seed, start, progress, records)
        records, bad, files = records + n_rec, bad + n_bad, files + n_files
        dirs.append(folder)
    return DemoSummary(out_dir, dirs, vacancies, records, bad, files)


def _prepare_folder(folder: Path) -> None:
    """Replace an earlier demo snapshot; refuse to touch a folder that holds anything else."""
    if folder.exists() and any(folder.iterdir()):
        try:
            ours = orjson.loads((folder / "manifest.json").read_bytes())["generator"] == GENERATOR
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            ours = False
        if not ours:
            raise FileExistsError(f"{folder} exists and is not a complete PayScope demo snapshot; "
                                  "delete it or choose another out_dir")
        shutil.rmtree(folder)
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    (folder / "vacancies").mkdir(exist_ok=True)


def _write_snapshot(folder: Path, t: dict[str, np.ndarray], s: int, seed: int, start: datetime,
                    progress: Callable[[int], None] | None,
                    done_before: int) -> tuple[int, int, int]:
    """Write one snapshot folder page by page; returns (records, bad records, files)."""
    rng = np.random.default_rng([seed, s])
    open_idx = np.flatnonzero((t["first"] <= s) & (t["last"] >= s))
    current_pub = np.where(t["republish"][open_idx] <= s, t["republish_pub"][open_idx],
                           t["pub"][open_idx])
    order = open_idx[np.lexsort((-open_idx, -current_pub))]  # newest first, as hh sorts
    listing = _with_duplicates(order, rng)
    bad_item = _bad_kinds(rng, len(listing))
    # A stride on a per-vacancy draw: each snapshot details a different ~20 % of what is open.
    details = np.sort(order[(t["detail_u"][order] + 0.382 * s) % 1.0 < DETAIL_SHARE])
    bad_detail = _bad_kinds(rng, len(details))
    start64 = np.datetime64(start.replace(tzinfo=None), "s")

    n_pages = -(-len(listing) // PER_PAGE)  # hh says 0 pages for no results; we still write one
    page_files = max(n_pages, 1)
    written = bad = 0
    for page in range(page_files):
        rows = slice(page * PER_PAGE, (page + 1) * PER_PAGE)
        items = _records(t, listing[rows], s, start64, bad_item[rows], detail=False)
        bad += int((bad_item[rows] >= 0).sum())
        _dump(folder / "pages" / f"page-{page:05d}.json", {
            "items": items, "found": len(order), "pages": n_pages, "page": page,
            "per_page": PER_PAGE, "clusters": None, "arguments": None,
            "alternate_url": "https://hh.ru/search/vacancy?area=113&order_by=publication_time"
                             f"&items_on_page={PER_PAGE}&page={page}",
        })
        written += len(items)
        if progress is not None:
            progress(done_before + written)
    vacancy_dir = folder / "vacancies"
    detail_files = 0
    for batch, first in enumerate(range(0, len(details), PER_PAGE)):
        rows = slice(first, first + PER_PAGE)
        docs = _records(t, details[rows], s, start64, bad_detail[rows], detail=True)
        detail_files += _dump_details(vacancy_dir, batch, s, details[rows].tolist(), docs)
        bad += int((bad_detail[rows] >= 0).sum())
        written += len(docs)
        if progress is not None:
            progress(done_before + written)
    # The manifest goes last so that a folder with a manifest is a complete snapshot.
    _dump(folder / "manifest.json", {
        "source": "hh",
        "fetched_at": (start + timedelta(weeks=s + 1)).isoformat(),
        "synthetic": True,
        "generator": GENERATOR,
        "seed": seed,
        "query": {"area": "113", "order_by": "publication_time", "per_page": PER_PAGE},
        "pages": page_files,
        "counts": {"items": len(listing), "details": len(details)},
        "rates_rub_per_unit": RATES_RUB_PER_UNIT,
    }, indent=True)
    return written, bad, page_files + detail_files + 1


def _dump_details(folder: Path, batch: int, s: int, ids: list[int], docs: list[dict]) -> int:
    """Detail documents in the shapes people save them: one per file, a JSON array, gzipped
    JSON Lines (alternating by snapshot), so that every reading path of the loader is used."""
    if batch == 0 and docs:
        _dump(folder / f"{ID_START + ids[0]}.json", docs[0])
        docs = docs[1:]
    if not docs:
        return 1 if batch == 0 else 0
    if s % 2 == 0:
        _dump(folder / f"details-{batch:05d}.json", docs)
    else:
        lines = b"\n".join(orjson.dumps(doc) for doc in docs) + b"\n"
        (folder / f"details-{batch:05d}.jsonl.gz").write_bytes(gzip.compress(lines, 6, mtime=0))
    return 2 if batch == 0 else 1


def _with_duplicates(order: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Repeat a few items one page later, as hh pagination does when results shift mid-crawl."""
    if len(order) < 2:
        return order
    count = max(1, round(len(order) * DUPLICATE_SHARE))
    positions = np.sort(rng.choice(len(order) - 1, size=count, replace=False))
    return np.insert(order, np.minimum(positions + PER_PAGE, len(order)), order[positions])


def _bad_kinds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Index into BAD_KINDS for each record, −1 for a good one."""
    spoil = rng.random(n) < BAD_RECORD_SHARE
    return np.where(spoil, rng.integers(0, len(BAD_KINDS), n), -1)


def _dump(path: Path | str, obj: object, indent: bool = False) -> None:
    with open(path, "wb") as f:
        f.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2 if indent else 0))


def _msk(start64: np.datetime64, seconds: np.ndarray) -> list[str]:
    """hh timestamps: Moscow local time with a colon-less offset."""
    stamps = np.datetime_as_string(start64 + MSK_OFFSET + seconds.astype("timedelta64[s]"), "s")
    return [x + "+0300" for x in stamps.tolist()]


def _posted_amounts(t: dict[str, np.ndarray], idx: np.ndarray, s: int,
                    mode: np.ndarray) -> tuple[list[int | None], list[int | None]]:
    """Posted from/to in the posting's unit and currency (see the module docstring)."""
    currency, kind = t["currency"][idx], t["range_kind"][idx]
    monthly = t["true_pay"][idx] * np.where(t["raise_at"][idx] <= s, t["raise_factor"][idx], 1.0)
    basis = monthly * np.where(t["gross"][idx] == 1, NET_SHARE, 1.0)
    amount = basis / (_MODE_DIVISORS[mode] * _CURRENCY_RATES[currency])
    step = np.where(mode == 0, _MONTH_STEPS[currency], _MODE_STEPS[mode])
    w = t["width"][idx]
    low = np.where(kind == 0, 1 - w, np.where(kind == 1, ONE_SIDED_FACTORS[0], np.nan))
    high = np.where(kind == 0, 1 + w, np.where(kind == 2, ONE_SIDED_FACTORS[1], np.nan))
    low = np.round(amount * low / step) * step
    high = np.round(amount * high / step) * step
    high = np.where(high <= low, low + step, high)
    return ([None if v != v else int(v) for v in low.tolist()],
            [None if v != v else int(v) for v in high.tolist()])


_ROW_KEYS = ("role", "hh_role", "pattern", "employer", "sector", "area", "experience", "english",
             "english_level", "text_seed", "has_pay", "gross", "currency", "frequency",
             *DP.COLUMNS)


def _records(t: dict[str, np.ndarray], idx: np.ndarray, s: int, start64: np.datetime64,
             bad: np.ndarray, detail: bool) -> list[dict]:
    """Search items (or detail documents) for the vacancies idx as seen at snapshot s."""
    c = {k: t[k][idx].tolist() for k in _ROW_KEYS}
    current = np.where(t["republish"][idx] <= s, t["republish_pub"][idx], t["pub"][idx])
    c["published_at"] = _msk(start64, current)
    c["initial_created_at"] = _msk(start64, t["created"][idx]) if detail else []
    new = start64 + current.astype("timedelta64[s]") >= NEW_FIELDS_FROM
    # Before salary_range existed hh pay was monthly only, so older postings fall back to MONTH.
    mode = np.where(new, t["mode"][idx], 0)
    c["mode"], c["new_fields"] = mode.tolist(), new.tolist()
    c["from"], c["to"] = _posted_amounts(t, idx, s, mode)
    out = []
    for j, i in enumerate(idx.tolist()):
        rec = _item(c, j, str(ID_START + i))
        if detail:
            rec.update(_detail_fields(c, j))
        else:
            rec["snippet"] = _snippet(c, j)
        if bad[j] >= 0:
            _spoil(rec, BAD_KINDS[bad[j]])
        out.append(rec)
    return out


def _item(c: dict[str, list], j: int, vid: str) -> dict:
    """The fields a search item and a detail document share."""
    role, p = V.ROLES[c["role"][j]], c["pattern"][j]
    salary = salary_range = None
    if c["has_pay"][j]:
        m = c["mode"][j]
        salary = {"from": c["from"][j], "to": c["to"][j], "currency": CURRENCIES[c["currency"][j]],
                  "gross": (True, False, None)[c["gross"][j]]}
        salary_range = {**salary, "mode": V.PAY_MODE_OBJECTS[m],
                        "frequency": V.FREQUENCY_OBJECTS[m > 0][c["frequency"][j]]}
    published = c["published_at"][j]
    rec = {
        "id": vid, "premium": False,
        "name": V.title(role, V.PATTERNS[p].work_format == "REMOTE", c["text_seed"][j]),
        "department": None, "has_test": False, "response_letter_required": False,
        "area": V.AREA_OBJECTS[c["area"][j]], "salary": salary, "salary_range": salary_range,
        "type": V.TYPE_OPEN, "address": None,
        "published_at": published, "created_at": published, "archived": False,
        "apply_alternate_url": f"https://hh.ru/applicant/vacancy_response?vacancyId={vid}",
        "url": f"https://api.hh.ru/vacancies/{vid}?host=hh.ru",
        "alternate_url": f"https://hh.ru/vacancy/{vid}", "relations": [],
        "employer": V.EMPLOYER_OBJECTS[c["employer"][j]], "contacts": None,
        "professional_roles": [V.PROFESSIONAL_ROLE_OBJECTS[role.hh_roles[c["hh_role"][j]][0]]],
        "experience": V.EXPERIENCE_OBJECTS[c["experience"][j]],
        **V.PATTERN_LEGACY_FIELDS[p],
    }
    if c["new_fields"][j]:
        rec.update(V.PATTERN_NEW_FIELDS[p])
    else:
        del rec["salary_range"]
    return rec


def _english(c: dict[str, list], j: int) -> str | None:
    if not c["english"][j]:
        return None
    return V.english_phrase(V.LANGUAGE_LEVELS[c["english_level"][j]][0], c["text_seed"][j])


def _snippet(c: dict[str, list], j: int) -> dict[str, str]:
    role, pattern = V.ROLES[c["role"][j]], V.PATTERNS[c["pattern"][j]]
    snippet = V.snippet(role, pattern, _english(c, j), c["text_seed"][j])
    DP.extend_snippet(snippet, *(c[k][j] for k in DP.COLUMNS))
    return snippet


def _detail_fields(c: dict[str, list], j: int) -> dict:
    """What a detail document adds to the search item: HTML description, skills, languages."""
    role, h, english = V.ROLES[c["role"][j]], c["text_seed"][j], _english(c, j)
    description = V.description(role, V.PATTERNS[c["pattern"][j]], V.SECTORS[c["sector"][j]],
                                V.EMPLOYERS[c["employer"][j]][0], english,
                                _MODES[c["mode"][j]] if c["has_pay"][j] else None, h)
    description += DP.description_extra(*(c[k][j] for k in DP.COLUMNS))
    return {
        "description": description, "branded_description": None,
        "key_skills": [{"name": x} for x in V.key_skills(role, h)],
        "languages": [V.LANGUAGE_OBJECTS[c["english_level"][j]]] if english else [],
        "driver_license_types": [{"id": "B"}] if role.key == "courier" and h % 3 == 0 else [],
        "accept_handicapped": h % 5 == 0, "accept_kids": False,
        "initial_created_at": c["initial_created_at"][j], "allow_messages": True, "code": None,
        "billing_type": {"id": "standard", "name": "Стандарт"}, "hidden": False, "test": None,
    }


def _spoil(rec: dict, kind: str) -> None:
    """Turn a record into one of the deliberately bad ones the loader must quarantine or flag."""
    pays = [p for p in (rec.get("salary"), rec.get("salary_range")) if p]
    if not pays and kind not in ("missing_id", "bad_date"):
        kind = "bad_date"  # nothing to spoil in a record without pay
    if kind == "missing_id":
        del rec["id"]
    elif kind == "bad_date":
        rec["published_at"] = "не указана"
    for pay in pays:
        low, high = pay["from"], pay["to"]
        if kind == "inverted_range":
            bound = low or high
            pay["from"], pay["to"] = (high, low) if low and high else (bound, bound // 2)
        elif kind == "unknown_currency":
            pay["currency"] = "XXX"
        elif kind == "negative_pay":
            pay["from" if low is not None else "to"] = -(low if low is not None else high)
