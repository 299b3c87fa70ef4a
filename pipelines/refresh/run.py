"""`payscope refresh`: fetch → ingest → features → retrain → promote, without disturbing readers.

DuckDB lets one process write a file, and a writer keeps read-only openers out. So the refresh
writes a copy (<warehouse>.next), checkpoints and closes it, and renames it over the live file:
a reader that opened the old file keeps reading the old inode, a new connection sees the new
file, and nobody sees a half-loaded state. A new model becomes current only when its backtest is
not worse than the current model's beyond a tolerance (promote.py).
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import orjson

from pipelines.core.atomic_write import write_bytes
from pipelines.core.crash_points import crash_point
from pipelines.core.fatal_errors import explain
from pipelines.core.resources import background_threads, background_work, limit_threads
from pipelines.refresh.config import RefreshConfig
from pipelines.refresh.promote import Trainer, promote, train_candidate
from pipelines.sources.snapshot_files import plan_snapshots
from pipelines.warehouse import db, lock, status
from pipelines.warehouse.copy import publish, stage_copy, wal_of

EXIT_OK = 0
EXIT_FAILED = 1  # a step failed; the report says which and why
EXIT_USAGE = 2
EXIT_LOCKED = 3  # another writer of the same warehouse (a refresh, an ingest…) is running

log = logging.getLogger("payscope.refresh")


def offline_batches(paths: list[Path], default_source: str = "hh") -> dict[str, list[Path]]:
    """The snapshots under `paths` grouped by the source their manifest.json names."""
    batches: dict[str, list[Path]] = {}
    for plan in plan_snapshots(paths):
        source = str((plan.manifest or {}).get("source") or default_source)
        batches.setdefault(source, []).append(plan.path)
    return batches


class Run:
    """One refresh as it happens: steps with their timings and outcomes, then the report."""

    def __init__(self, settings: RefreshConfig, mode: str):
        now = datetime.now(UTC)
        self.started = time.perf_counter()
        self.report: dict = {
            "run_id": f"{now:%Y%m%dT%H%M%SZ}-{os.getpid()}",
            "started_at": now.isoformat(timespec="milliseconds"),
            "warehouse": str(settings.warehouse),
            "mode": mode,
            "status": "running",
            "exit_code": None,
            "steps": {},
        }

    @contextmanager
    def step(self, name: str) -> Iterator[dict]:
        """Time a step; an exception marks it (and the run) failed and is logged, not raised."""
        entry = self.report["steps"][name] = {"status": "ok"}
        started = time.perf_counter()
        log.info("%s …", name)
        try:
            yield entry
        except Exception as exc:  # the report and the exit code carry it to the scheduler
            told = explain(exc, [], EXIT_FAILED, EXIT_FAILED)  # disk full, damaged file: a line
            entry.update(status="failed", error=told[0] if told else str(exc) or type(exc).__name__)
            ours = told or isinstance(exc, OSError | RuntimeError)  # for people; others: a bug
            log.error("%s failed: %s", name, entry["error"], exc_info=not ours)
        finally:
            entry["seconds"] = round(time.perf_counter() - started, 3)

    def failed(self, name: str) -> bool:
        return self.report["steps"].get(name, {}).get("status") == "failed"

    def finish(self, changed: bool) -> dict:
        failed = [n for n, s in self.report["steps"].items() if s["status"] == "failed"]
        failed += ["run"] if "error" in self.report else []
        self.report["status"] = "failed" if failed else "ok" if changed else "unchanged"
        self.report["exit_code"] = EXIT_FAILED if failed else EXIT_OK
        self.report["finished_at"] = datetime.now(UTC).isoformat(timespec="milliseconds")
        self.report["seconds"] = round(time.perf_counter() - self.started, 3)
        return self.report




def refresh(
    settings: RefreshConfig,
    offline: list[Path] | None = None,
    force_train: bool = False,
    apis: dict | None = None,
    train: Trainer | None = None,
) -> dict:
    """Run one refresh under the warehouse's writer lock (raises lock.LockHeld at once when
    another command holds it); returns the report, also written to <runs>/<run_id>.json."""
    with lock.writer_lock(settings.warehouse, "refresh"):
        run = Run(settings, "offline" if offline is not None else "fetch")
        changed = False
        try:
            with background_work():  # a dashboard may be serving from the same two cores
                changed = _refresh(run, settings, offline, force_train, apis, train)
        except BaseException as exc:  # interrupted: still leave a report saying so
            run.report["error"] = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            report = run.finish(changed)
            _write_report(settings.runs, report)
    return report


def _refresh(run: Run, settings, offline, force_train, apis, train) -> bool:
    batches: dict[str, list[Path]] = {}
    if offline is not None:
        run.report["offline"] = [str(p) for p in offline]
        with run.step("plan") as entry:
            batches = offline_batches(offline)
            entry["snapshots"] = {source: len(paths) for source, paths in batches.items()}
    else:
        with run.step("fetch") as entry:
            batches = _fetch(entry, settings, apis)
    changed = _load(run, settings, batches) if batches else False
    if not batches:
        log.info("no snapshots to load")
    if not (settings.retrain and (changed or force_train)):
        why = "data unchanged" if settings.retrain else "retrain = false in the config"
        run.report["steps"]["train"] = {"status": "skipped", "reason": why}
        return changed
    with run.step("train") as entry:
        card = train_candidate(entry, settings, train)
    if not run.failed("train") and card is not None:
        with run.step("promote") as entry:
            promote(entry, settings, card)
    return changed


def _fetch(entry: dict, settings: RefreshConfig, apis: dict | None) -> dict[str, list[Path]]:
    """Run the config's fetch jobs; a failed job is reported, the others still loaded."""
    if not settings.fetch:
        raise RuntimeError("the config lists no [[fetch]] jobs; add some or use --offline DIR")
    from pipelines.sources.fetch import FetchError, FetchSettings, SearchQuery, fetch_snapshot

    if apis is None:
        raise RuntimeError("no source clients given to fetch with (pipelines.cli.fetch.apis)")
    today = datetime.now(UTC).date()
    batches: dict[str, list[Path]] = {}
    entry["jobs"], errors = [], []
    for job in settings.fetch:
        folder = job.folder(settings.snapshots, today)
        query = SearchQuery(
            text=job.query, roles=job.roles, area=job.area, since=job.since(today),
            details=job.details,
        )  # fmt: skip
        try:
            pacing = FetchSettings.from_env()
            found = fetch_snapshot(apis[job.source](), query, folder, pacing)
        except FetchError as exc:
            errors.append(f"{' '.join(filter(None, (job.source, job.name)))}: {exc}")
            entry["jobs"].append({"source": job.source, "folder": str(folder), "error": str(exc)})
            continue
        log.info("fetched %s: %s vacancies → %s", job.source, found.items, folder)
        entry["jobs"].append({"source": job.source, "folder": str(folder), "status": found.status,
                              "pages": found.pages, "vacancies": found.items})  # fmt: skip
        batches.setdefault(job.source, []).append(folder)
    if errors:
        entry.update(status="failed", error="; ".join(errors))
    return batches


def _load(run: Run, settings: RefreshConfig, batches: dict[str, list[Path]]) -> bool:
    """Ingest and build features in a copy; publish it when anything changed."""
    live = settings.warehouse
    with run.step("copy") as entry:
        staged, state = stage_copy(live)
        crash_point("refresh.copied")
        entry["bytes"] = staged.stat().st_size if staged.exists() else 0
    if run.failed("copy"):
        return False
    changed = done = False
    con = db.connect(staged)
    limit_threads(con)
    try:
        with run.step("ingest") as entry:
            before, results = status.vacancy_count(con), []
            for source, paths in batches.items():
                results += _ingest_source(con, paths, source, entry)
            _count(entry, results, before, status.vacancy_count(con))
            entry["quarantine_examples"] = status.recent_quarantine(
                con, [r.snapshot_id for r in results]
            )[:10]
            changed = any(r.status == "loaded" for r in results)
            done = True  # a snapshot that failed left no trace; the others stand
        if done:
            with run.step("features") as entry:
                from pipelines.warehouse.feature_store import update_features

                entry["built"] = update_features(con).built
                changed = changed or entry["built"] > 0
                con.execute("checkpoint")  # everything into the file: no WAL goes live
    finally:
        con.close()
    if changed and not run.failed("features"):
        with run.step("publish") as entry:
            crash_point("refresh.publish")
            publish(staged, live, state)
            crash_point("refresh.published")
            entry["bytes"] = live.stat().st_size
            log.info("published %s (%s bytes)", live, entry["bytes"])
        return not run.failed("publish")
    for leftover in (staged, wal_of(staged)):
        leftover.unlink(missing_ok=True)
    return False


def _ingest_source(con, paths: list[Path], source: str, entry: dict) -> list:
    from pipelines.warehouse.load import ingest

    # Links and mart once, after the features step (update_features), not after every source.
    report = ingest(con, paths, source=source, workers=background_threads(), derive=False)
    if report.replaced_demo:  # real snapshots replace the demo, in the copy like the rest
        entry["replaced_demo"] = report.replaced_demo.__dict__
        log.info("%s", report.replaced_demo.line())
    for s in report.snapshots:
        if s.status == "failed":
            log.error("%s: %s (nothing from it was loaded)", s.path, s.error)
        else:
            log.info("%s: %s, %s records loaded", s.path, s.status, s.records_loaded)
    return report.snapshots


def _count(entry: dict, results: list, before: int, after: int) -> None:
    by_status = Counter(r.status for r in results)
    reasons: Counter = Counter()
    for r in results:
        reasons.update(r.quarantine_reasons)
    entry.update(
        snapshots=dict(by_status),
        records_read=sum(r.records_read for r in results),
        records_loaded=sum(r.records_loaded for r in results),
        records_duplicate=sum(r.records_duplicate for r in results),
        quarantined=sum(r.records_quarantined for r in results),
        quarantine_reasons=dict(reasons),
        vacancies_before=before,
        vacancies_after=after,
    )
    failed = [f"{r.path}: {r.error}" for r in results if r.status == "failed"]
    if failed:
        entry.update(status="failed", error="; ".join(failed))


def _write_report(folder: Path, report: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{report['run_id']}.json"
    write_bytes(target, orjson.dumps(report, option=orjson.OPT_INDENT_2, default=str))
    report["report_file"] = str(target)
    return target
