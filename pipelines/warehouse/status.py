"""What is in a warehouse: counts, snapshots, freshness, quarantine (read-only queries)."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from pipelines.core.moscow_time import SECONDS, moscow_text
from pipelines.core.safe_terminal import visible
from pipelines.warehouse.db import has_table, pending_snapshot_ids, run_sql_file


def vacancy_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from vacancies").fetchall()[0][0]


def recent_quarantine(con: duckdb.DuckDBPyConnection, snapshot_ids: list[int | None]) -> list[str]:
    """The human messages of the records these snapshots quarantined."""
    ids = [i for i in snapshot_ids if i is not None]
    if not ids:
        return []
    rows = run_sql_file(con, "status/recent_quarantine.sql", {"snapshot_ids": ids}).fetchall()
    return [message for (message,) in rows]


def summary(con: duckdb.DuckDBPyConnection, snapshots: int = 10) -> dict:
    """A JSON-ready overview of the warehouse."""
    pending = {"pending": pending_snapshot_ids(con)}
    cursor = run_sql_file(con, "status/counts.sql", pending)
    names = [d[0] for d in cursor.description]
    counts = dict(zip(names, cursor.fetchall()[0], strict=True))
    now = datetime.now(UTC).replace(tzinfo=None)
    last_fetched = counts.get("last_fetched")
    cursor = run_sql_file(con, "status/snapshots.sql", {"limit": snapshots})
    names = [d[0] for d in cursor.description]
    recent = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {
        **{k: _json_value(v) for k, v in counts.items()},
        "age_days": round((now - last_fetched).total_seconds() / 86400, 1)
        if last_fetched
        else None,
        "quarantine_by_reason": dict(
            run_sql_file(con, "status/quarantine_by_reason.sql", pending).fetchall()
        ),
        "recent_snapshots": [{k: _json_value(v) for k, v in s.items()} for s in recent],
        "unfinished_loads": unfinished_loads(con),
    }


def unfinished_loads(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Snapshots staged but never published (a load killed between its transactions): their
    rows are in no count; the next ingest removes them. None in an export or an older schema."""
    if not has_table(con, "pending_snapshots"):
        return []
    cursor = run_sql_file(con, "load/pending.sql")
    names = [d[0] for d in cursor.description]
    return [
        {k: _json_value(v) for k, v in zip(names, row, strict=True)} for row in cursor.fetchall()
    ]


def render(s: dict) -> str:
    """The summary as a few lines of text for people; moments in Moscow time to the second."""
    unfinished = [
        f"unfinished load: #{load['snapshot_id']} {visible(load['path'])} started "
        f"{_msk(load['started_at'])} was stopped before it was published; its rows are not "
        "shown and the next `payscope ingest` removes them"
        for load in s.get("unfinished_loads", [])
    ]
    if not s["snapshots"]:
        return "\n".join(
            [*unfinished, "The warehouse is empty: run `payscope demo` or `payscope ingest PATH`."]
        )
    lines = [
        *unfinished,
        f"vacancies: {s['vacancies']} ({s['with_pay']} with pay, {s['pay_in_stats']} usable in "
        f"statistics){'  [synthetic demo data]' if s['synthetic'] else ''}",
        f"observations: {s['observations']} in {s['snapshots']} snapshots; "
        f"raw records: {s['raw_records']}",
        f"published: {_msk(s['first_published'])} … {_msk(s['last_published'])}",
        f"last snapshot fetched: {_msk(s['last_fetched'])} ({s['age_days']} days ago); "
        f"last load: {_msk(s['last_loaded'])}",
        f"quarantined: {s['quarantined']}"
        + "".join(f"\n  {visible(reason)}: {n}" for reason, n in s["quarantine_by_reason"].items()),
        "recent snapshots:",
    ]
    for snap in s["recent_snapshots"]:
        lines.append(
            f"  #{snap['snapshot_id']} {visible(snap['path'])} fetched {_msk(snap['fetched_at'])} "
            f"({snap['fetched_at_basis']}): {snap['records_read']} read = "
            f"{snap['records_loaded']} loaded + {snap['records_quarantined']} quarantined + "
            f"{snap['records_duplicate']} duplicate"
        )
    return "\n".join(lines)


def _msk(value: object) -> str:
    """A moment of the summary (naive UTC, as text or datetime) in Moscow time, e.g.
    '2025-03-10 15:00:00 MSK'; anything else as it is."""
    if isinstance(value, str | datetime) and value:
        try:
            return moscow_text(value, SECONDS, "MSK")
        except ValueError:
            return str(value)
    return "—" if value is None else str(value)


def _json_value(value: object) -> object:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value
