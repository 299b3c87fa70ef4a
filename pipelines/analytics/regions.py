"""Where the vacancies are: Moscow, St Petersburg, the other cities over a million, other
regions, abroad, and remote from anywhere (pure; the city list is features/region_groups.csv).

A remote vacancy counts as remote whatever its region says: that region is the employer's (or
the board's guess), not where the work is done. Whether remote pay still follows the
employer's region is a premium of capital-city employers among remote vacancies.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.analytics.profession import premium_row, quartiles
from pipelines.analytics.stats import confidence

GROUPS = ("moscow", "spb", "million", "other", "abroad", "remote", "unknown")
CAPITALS = ("moscow", "spb")
_FILE = Path(__file__).parents[1] / "features" / "region_groups.csv"


@cache
def _names() -> dict[str, str]:
    with _FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["name"].strip().casefold(): row["group"] for row in rows}


def region_group(region: str | None, work_format: str | None) -> str:
    """One of GROUPS: 'remote' for remote work, else by the region's name ('other' for any
    Russian place not over a million, 'unknown' when there is no region)."""
    if work_format == "remote":
        return "remote"
    if region is None or region != region or not str(region).strip():
        return "unknown"
    return _names().get(str(region).strip().casefold(), "other")


def region_table(frame: pd.DataFrame, minimum: int = 10) -> pd.DataFrame:
    """Per region group (in GROUPS order, empty groups left out): n vacancies, share, n_pay,
    P25/P50/P75 of pay, confidence, thin."""
    groups = pd.Series([region_group(r, w) for r, w in zip(frame["region"], frame["work_format"],
                                                            strict=True)], dtype=object)
    pay = pd.to_numeric(frame["pay"], errors="coerce").reset_index(drop=True)
    rows = []
    for group in GROUPS:
        inside = (groups == group).to_numpy()
        if not inside.any():
            continue
        mine = pay[inside].dropna()
        rows.append({
            "group": group, "n": int(inside.sum()), "share": inside.sum() / len(frame),
            "n_pay": len(mine), **quartiles(mine), "confidence": confidence(len(mine)),
            "thin": len(mine) < minimum,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["group", "n", "share", "n_pay", "p25", "p50", "p75",
                                       "confidence", "thin"])


def remote_by_employer_region(frame: pd.DataFrame, minimum: int = 10) -> dict:
    """Among remote vacancies: the premium of Moscow / St Petersburg employers over employers
    elsewhere in Russia, within role family (premium_row: estimate, interval, n, verdict)."""
    remote = frame[frame["work_format"] == "remote"]
    groups = np.array([region_group(r, None) for r in remote["region"]], dtype=object)
    known = np.isin(groups, ("moscow", "spb", "million", "other"))
    pay = pd.to_numeric(remote["pay"], errors="coerce").to_numpy(dtype=float)
    trait = np.where(known, np.isin(groups, CAPITALS).astype(float), np.nan)
    family = remote["role_family"].fillna("unknown").to_numpy(dtype=object)
    return premium_row(pay, trait, family, minimum)

