"""Pay premiums of English, night shifts and remote work within role family, over the filtered
vacancies (queries.pay_sample + stats.stratified_premium)."""

from __future__ import annotations

from dataclasses import asdict

import duckdb
import numpy as np
import pandas as pd

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.analytics.stats import stratified_premium
from pipelines.core.config import min_sample

# Flag columns of queries.pay_sample, in the order the page shows them.
TRAITS = ("english", "night_shifts", "remote")
# Premiums are estimated on about this many vacancies with pay at most (a reproducible sample):
# medians of 30 000 vacancies are as good as of a million for a premium shown in whole percent,
# the interval says how uncertain the sample is, and the page stays interactive on big data.
SAMPLE = 30_000


def premiums(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    minimum: int | None = None,
    population: int | None = None,
) -> pd.DataFrame:
    """One row per trait: estimate, low, high (0.25 = +25 %, 90 % interval, a cluster bootstrap
    by employer), n_with, n_without, strata, level, reason (why there is no estimate, else None),
    all_with, all_without, reading (stats.premium_reading). Compared within role family;
    sides below `minimum` vacancies (default config.min_sample()) get no estimate. `sample`:
    how many vacancies with pay the estimate used (about SAMPLE at most). `population`: how many
    filtered vacancies have pay in statistics, when the caller knows it (else counted)."""
    sample = queries.pay_sample(con, filters, limit=SAMPLE, population=population)
    # Numbers, not Python objects: role families as codes (missing → NaN), flags as 1/0/NaN.
    family = sample["role_family_code"].to_numpy(dtype=float, na_value=np.nan)
    pay = sample["pay_mid_rub"].to_numpy(dtype=float)
    employer = sample["employer_code"].to_numpy(dtype=float, na_value=np.nan)
    rows = []
    for trait in TRAITS:
        found = stratified_premium(
            pay, sample[trait].to_numpy(dtype=float, na_value=np.nan), family, cluster=employer,
            minimum=min_sample(minimum),
        )  # fmt: skip
        rows.append({"trait": trait, **asdict(found), "reading": found.reading})
    return pd.DataFrame(rows).assign(sample=len(sample))
