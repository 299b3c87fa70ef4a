"""What `payscope ingest` and `payscope demo` leave behind: a ready warehouse (features and the
dashboard's mart up to date for what was loaded), one summary line, the next step when the
warehouse has no model of its own; and the demo kept out of a warehouse of real data."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from pipelines.core import config
from pipelines.core.safe_terminal import markup
from pipelines.warehouse import data_kind
from pipelines.warehouse.load import IngestReport


def build_features(con, quiet: bool):
    """Features for new and changed vacancies (the mart is rebuilt with them), with progress."""
    from pipelines.cli.app import _count_progress
    from pipelines.warehouse.feature_store import update_features

    with _count_progress("features") as progress:
        done = [0]

        def advance(rows: int) -> None:
            done[0] += rows
            if progress and not quiet:
                progress(done[0])

        return update_features(con, advance)


def report_ingest(report: IngestReport, quarantined: list[str], seconds: float, as_json: bool,
                  features=None, next_step: str | None = None) -> None:  # fmt: skip
    """Errors and quarantine on stderr, then one summary line on stdout and the next step on
    stderr (or all of it as JSON)."""
    from pipelines.cli.app import err

    if as_json:
        payload = {
            "ok": report.ok,
            "seconds": round(seconds, 3),
            "snapshots": [
                {**s.__dict__, "fetched_at": s.fetched_at.isoformat() if s.fetched_at else None}
                for s in report.snapshots
            ],
            "replaced_demo": report.replaced_demo.__dict__ if report.replaced_demo else None,
            "discarded_unfinished": report.discarded,
            "features": features and {"built": features.built,
                                      "seconds": round(features.seconds, 3)},
            "next_step": next_step,
        }  # fmt: skip
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for path in report.discarded:
        err.print(f"removed the rows of an unfinished load of {markup(path)} (it was stopped "
                  "before it was published; nobody saw them)")  # fmt: skip
    for s in report.snapshots:
        if s.status == "failed":
            err.print(
                f"[red]error:[/red] {markup(s.error)} (nothing from {markup(s.path)} was loaded)"
            )
            continue
        for line in s.file_errors:
            err.print(f"[red]error:[/red] {markup(line)} (the file was skipped; the rest loaded)")
        if s.status == "already_loaded":
            err.print(f"{markup(s.path)}: already loaded, nothing to do")
    for line in quarantined[:10]:
        err.print(f"[yellow]quarantined:[/yellow] {markup(line)}")
    if len(quarantined) > 10:
        err.print(f"… and {len(quarantined) - 10} more (see `payscope status`)")
    if report.replaced_demo:
        err.print(markup(report.replaced_demo.line()))
    loaded = [s for s in report.snapshots if s.status == "loaded"]
    read = report.total("records_read")
    rate = f", {read / seconds:.0f} records/s" if seconds > 0 and read else ""
    ready = ""
    if features is not None:
        ready = f"; features built for {features.built} vacancies, dashboard up to date"
    print(
        f"{len(loaded)} snapshot(s) loaded, "
        f"{sum(s.status == 'already_loaded' for s in report.snapshots)} already loaded, "
        f"{sum(s.status == 'failed' for s in report.snapshots)} failed: "
        f"{read} records read = {report.total('records_loaded')} loaded + "
        f"{report.total('records_quarantined')} quarantined + "
        f"{report.total('records_duplicate')} duplicate{ready}, in {seconds:.1f} s{rate}"
    )
    if next_step:
        err.print(markup(next_step))


def next_step(db_file: Path | None) -> str | None:
    """The command to run next when this warehouse has no model trained on its data."""
    from models import artifacts
    from pipelines.warehouse import db
    from pipelines.warehouse.provenance import data_identity, mismatch

    warehouse = config.db_path(db_file)
    command = f"payscope train --db {warehouse}"
    try:
        card = artifacts.load_card(root=artifacts.artifacts_root(warehouse))
    except artifacts.ModelArtifactError:
        return f"no model trained on this warehouse: {command}"
    con = db.connect(warehouse, read_only=True)
    try:
        found = mismatch(card, data_identity(con, warehouse))
    finally:
        con.close()
    if found is not None:
        return (
            f"no model trained on this warehouse (the current one, {card['version']}, learnt "
            f"from other data): {command}"
        )
    return None


def refuse_demo_on_real(target: Path, if_missing: bool) -> bool:
    """`payscope demo` on a warehouse of real data: refused (exit 2) with the command to use
    instead; with --if-missing left as it is (True: nothing to do). False: go ahead."""
    from pipelines.cli.app import _fail, _open_warehouse, err

    if not target.exists():
        return False
    with _open_warehouse(target, read_only=True) as con:  # busy → one line, exit 3
        kind = data_kind.warehouse_kind(con)
    if kind not in (data_kind.REAL, data_kind.MIXED):
        return False
    if if_missing:
        err.print(f"{markup(target)}: holds real data; leaving it as it is (no demo)")
        return True
    raise _fail(
        f"{target} holds real data; the demo never mixes with it. Build the demo in a warehouse "
        f"of its own: payscope demo --db {data_kind.other_db(str(target))}"
    )


def demo_needs_model(target: Path) -> bool:
    """A demo warehouse kept by --if-missing whose models folder has no model for it (e.g. the
    models moved beside the warehouse): `payscope demo --if-missing` trains one."""
    from pipelines.warehouse import db

    con = db.connect(target, read_only=True)
    try:
        demo = data_kind.warehouse_kind(con) == data_kind.DEMO
    finally:
        con.close()
    return demo and next_step(target) is not None


def data_and_model(con, db_file: Path | None) -> dict:
    """For `payscope status`: the kind of data and warehouse id, and whether the warehouse has
    a model of its own (else the command to train one)."""
    from models import artifacts
    from pipelines.warehouse.provenance import data_identity, mismatch

    warehouse = config.db_path(db_file)
    identity = data_identity(con, warehouse)
    root = artifacts.artifacts_root(warehouse)
    out = {"data_kind": identity.kind, "warehouse_id": identity.warehouse_id, "models": str(root)}
    try:
        card = artifacts.load_card(root=root)
    except artifacts.ModelArtifactError:
        return {**out, "model": None, "next_step": f"payscope train --db {warehouse}"}
    found = mismatch(card, identity)
    out["model"] = None if found else card["version"]
    if found:
        out["foreign_model"] = card["version"]
        out["next_step"] = f"payscope train --db {warehouse}"
    return out


def data_and_model_lines(s: dict) -> str:
    kind = {"demo": "synthetic demo", "mixed": "demo AND real (ingest real files to drop the demo)"}
    lines = [f"data: {kind.get(s['data_kind'], s['data_kind'])}, warehouse id {s['warehouse_id']}"]
    if s.get("model"):
        lines.append(f"model: {s['model']} (trained on this warehouse; {s['models']})")
    elif s.get("foreign_model"):
        lines.append(f"model: none of its own ({s['foreign_model']} learnt from other data); "
                     f"{s['next_step']}")  # fmt: skip
    else:
        lines.append(f"model: none trained on this warehouse; {s['next_step']}")
    return "\n".join(lines)
