"""Cross-source duplicates: the same posting on two boards is linked and counted once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import duckdb
import pyarrow as pa

from pipelines.warehouse import derived
from pipelines.warehouse.db import registered, run_sql_file, transaction

# The source whose copy represents a group: hh.ru has the richest records.
PREFERRED_SOURCE = "hh"
Vacancy = tuple[str, str]  # (source, vacancy_id)
_COLUMNS = (
    "source",
    "vacancy_id",
    "group_source",
    "group_vacancy_id",
    "group_size",
    "is_cross_source_duplicate",
)


def refresh_links(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild `vacancy_links` from `vacancies` in one transaction; returns the linked count."""
    _register_employer_key(con)
    sources = con.execute("select count(distinct source) from vacancy_current").fetchall()[0][0]
    with transaction(con):
        # One source alone has no cross-source twins: skip the scan (the demo, most loads).
        pairs = run_sql_file(con, "links/candidate_pairs.sql").fetchall() if sources > 1 else []
        rows = link_rows(pairs)
        table = pa.table({c: [row[i] for row in rows] for i, c in enumerate(_COLUMNS)}).cast(
            pa.schema(
                [(c, pa.string()) for c in _COLUMNS[:4]]
                + [("group_size", pa.int32()), ("is_cross_source_duplicate", pa.bool_())]
            )
        )
        with registered(con, batch_links=table):
            run_sql_file(con, "links/replace_links.sql")
        derived.mark(con, derived.LINKS, stale=False)
    return len(rows)


def link_rows(
    pairs: Iterable[tuple[str, str, datetime, str, str, datetime]],
) -> list[tuple[str, str, str, str, int, bool]]:
    """Matching pairs (source, id, published, other source, other id, other published) → one
    row per linked vacancy: its group's representative, the group's size, and whether it is a
    duplicate of it. Groups are the connected pairs; the representative is the hh.ru copy if
    there is one, else the earliest published (then by source and id, for a stable choice)."""
    parent: dict[Vacancy, Vacancy] = {}
    published: dict[Vacancy, datetime] = {}

    def root(v: Vacancy) -> Vacancy:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for source, vacancy_id, at, other_source, other_id, other_at in pairs:
        a, b = (source, vacancy_id), (other_source, other_id)
        for v, when in ((a, at), (b, other_at)):
            parent.setdefault(v, v)
            published[v] = when
        parent[root(a)] = root(b)
    groups: dict[Vacancy, list[Vacancy]] = {}
    for v in parent:
        groups.setdefault(root(v), []).append(v)
    rows = []
    for members in groups.values():
        first = min(members, key=lambda v: (v[0] != PREFERRED_SOURCE, published[v], v))
        for v in sorted(members):
            rows.append((*v, *first, len(members), v != first))
    return rows


def _register_employer_key(con: duckdb.DuckDBPyConnection) -> None:
    # Imported here: the sector module loads the morphology, which ingest does not otherwise need.
    from pipelines.features.sector import employer_key

    try:
        con.create_function(
            "payscope_employer_key", employer_key, ["VARCHAR"], "VARCHAR", side_effects=False
        )
    except (duckdb.CatalogException, duckdb.NotImplementedException):  # registered already
        pass
