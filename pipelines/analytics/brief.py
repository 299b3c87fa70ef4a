"""The market brief of a role family: every figure of the document, computed from the data
(`compose` is pure; `collect` reads the warehouse). pipelines/analytics/brief_render.py writes
it out.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.analytics import ladder as ladders
from pipelines.analytics import profession as prof
from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.analytics.regions import (
    GROUPS,
    region_group,
    region_table,
    remote_by_employer_region,
)

TOP = 6  # items per list in the brief: with the charts, about two printed pages


class BriefError(ValueError):
    """The brief cannot be made (no vacancies of the role, an unknown role)."""


def collect(con: duckdb.DuckDBPyConnection, role: str, region: tuple[str, ...] = (),
            minimum: int = 10) -> dict:  # fmt: skip
    """The brief of `role` (a role family code or alias) over the whole warehouse, narrowed to
    `region` (region names as stored, or GROUPS codes such as 'moscow', 'remote')."""
    from pipelines.features.records import ROLE_FAMILIES

    code = ladders.family_code(role)
    if code not in ROLE_FAMILIES:
        raise BriefError(f"unknown role family {role!r}; one of: {', '.join(ROLE_FAMILIES)}")
    names = tuple(r for r in region if r not in GROUPS)
    frame = queries.profession_sample(con, Filters(role_family=(code,), region=names))
    ladder_rows = queries.profession_sample(
        con, Filters(role_family=ladders.ladder_families(code), region=names)
    )
    return compose(frame, ladder_rows, code, region, minimum)


def _in_groups(frame: pd.DataFrame, groups: tuple[str, ...]) -> pd.DataFrame:
    if not groups:
        return frame
    found = [region_group(r, w) for r, w in zip(frame["region"], frame["work_format"],
                                                 strict=True)]  # fmt: skip
    return frame[[g in groups for g in found]]


def compose(frame: pd.DataFrame, ladder_rows: pd.DataFrame, role: str,
            region: tuple[str, ...] = (), minimum: int = 10) -> dict:  # fmt: skip
    """The brief's figures as plain data (lists of dicts), each with its n."""
    groups = tuple(r for r in region if r in GROUPS)
    frame, ladder_rows = _in_groups(frame, groups), _in_groups(ladder_rows, groups)
    if frame.empty:
        raise BriefError(f"no vacancies of {role!r}" + (f" in {', '.join(region)}" if region
                                                        else ""))  # fmt: skip
    records = {
        field: prof.items(frame, field, minimum).head(TOP).to_dict("records")
        for field in prof.LISTS
    }
    night = int(frame["night_shifts"].fillna(False).astype(bool).sum())
    return {
        "role": role,
        "region": list(region),
        "synthetic": bool(frame["is_synthetic"].fillna(False).any()),
        "pay": prof.pay_summary(frame),
        "described": len(prof.described(frame)),
        **records,
        "schedules": prof.shares(frame, "schedule").head(TOP).to_dict("records"),
        "work_formats": prof.shares(frame, "work_format").to_dict("records"),
        "night": {"n": night, "total": len(frame), "share": night / len(frame)},
        "sectors": prof.sectors(frame, minimum).head(TOP).to_dict("records"),
        "drivers": prof.drivers(frame, minimum).to_dict("records"),
        "load": prof.load_summary(frame).to_dict("records"),
        "load_bands": prof.load_bands(frame, minimum).query("n > 0").to_dict("records"),
        "regions": region_table(frame, minimum).to_dict("records"),
        "remote_region": remote_by_employer_region(frame, minimum),
        "ladder": ladders.ladder(ladder_rows, role, minimum).to_dict("records"),
        "ladder_pay": prof.pay_summary(ladder_rows),
        "sources": prof.shares(frame, "source").to_dict("records"),
    }
