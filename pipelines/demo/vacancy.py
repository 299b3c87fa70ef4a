"""The attributes each demo vacancy was generated from: the truth its files are derived from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipelines.demo import profession as DP
from pipelines.demo import vocab as V
from pipelines.demo import wording as W
from pipelines.demo.draw import table, window_start
from pipelines.demo.settings import CURRENCIES, ID_START, MODES


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
    # The profession portrait written into its text (profession.py): code lists and load.
    profile: dict[str, object] | None = None



def sample_vacancies(n: int, seed: int = 42, snapshots: int = 12,
                     end: date = date(2026, 10, 31)) -> list[DemoVacancy]:
    """The underlying attribute records of a demo run with the same arguments (pure)."""
    t = table(n, seed, snapshots)
    start = window_start(end, snapshots)
    col = {k: v.tolist() for k, v in t.items()}
    out = []
    for i in range(n):
        role, pattern = V.ROLES[col["role"][i]], V.PATTERNS[col["pattern"][i]]
        posted = col["has_pay"][i]
        out.append(DemoVacancy(
            id=str(ID_START + i),
            role=role.key,
            title=W.title(role, pattern.work_format == "REMOTE", col["text_seed"][i]),
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
            pay_mode=MODES[col["mode"][i]] if posted else None,
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
