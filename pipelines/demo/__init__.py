"""Deterministic generator of synthetic hh.ru-API vacancy snapshots: search pages + detail docs.

Pay model — what a pay model trained on the demo should recover:

* True monthly gross RUB pay = role base (``base_pay_rub`` in roles.toml) × sector ×
  region × experience × English × night shifts × part-time × internship × fly-in-fly-out ×
  lognormal noise (σ 0.15), factors in ``settings.DEMO_EFFECTS``: English ×1.25, night ×1.15, Moscow
  ×1.20, St Petersburg ×1.10, other cities ×0.92, remote nationwide ("113") ×1.00, part-time
  ×0.55, experience 1–3 y ×1.20, 3–6 y ×1.45, 6+ y ×1.75. Chat operators mostly get 25–60 k ₽.
  English and night work cluster in some roles, so compare within a role, not across all.
* Profession (``profession.py``, ``profession.csv``): requirements, duties, tools,
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

The package: settings.py (the numbers above), vocab.py (reads the vocabulary data files:
roles.toml, work.toml, phrases.toml, hh_dictionaries.toml, areas.csv, employers.csv),
profession.py (+ profession.csv), draw.py (every random draw), vacancy.py (the truth per
vacancy), wording.py and hh_objects.py (text and hh-shaped objects), records.py (search items
and detail documents), generate.py (the snapshot files).
"""

from pipelines.demo.generate import DemoSummary, generate_demo
from pipelines.demo.settings import (
    BAD_KINDS,
    DEMO_EFFECTS,
    GENERATOR,
    HOURS_PER_MONTH,
    ID_START,
    NET_SHARE,
    PAY_NOISE_SIGMA,
    RATES_RUB_PER_UNIT,
    SHIFTS_PER_MONTH,
)
from pipelines.demo.vacancy import DemoVacancy, sample_vacancies

__all__ = [
    "BAD_KINDS",
    "DEMO_EFFECTS",
    "GENERATOR",
    "HOURS_PER_MONTH",
    "ID_START",
    "NET_SHARE",
    "PAY_NOISE_SIGMA",
    "RATES_RUB_PER_UNIT",
    "SHIFTS_PER_MONTH",
    "DemoSummary",
    "DemoVacancy",
    "generate_demo",
    "sample_vacancies",
]
