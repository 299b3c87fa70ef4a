"""`payscope refresh`: fetch → ingest → features → retrain → promote, without disturbing readers.

DuckDB lets one process write a file, and a writer keeps read-only openers out. So the refresh
writes a copy (<warehouse>.next), checkpoints and closes it, and renames it over the live file:
a reader that opened the old file keeps reading the old inode, a new connection sees the new
file, and nobody sees a half-loaded state. A new model becomes current only when its backtest is
not worse than the current model's beyond a tolerance (refresh_config.Tolerance).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from models import artifacts
from pipelines import db, lock, status
from pipelines.crash_points import crash_point
from pipelines.fatal_errors import explain
from pipelines.refresh_config import RefreshConfig, Tolerance
from pipelines.resources import background_threads, background_work, limit_threads
from pipelines.snapshot_files import plan_snapshots
from pipelines.warehouse_copy import publish, stage_copy, wal_of

EXIT_OK = 0
EXIT_FAILED = 1  # a step failed; the report says which and why
EXIT_USAGE = 2
EXIT_LOCKED = 3  # another refresh of the same warehouse is running

log = logging.getLogger("payscope.refresh")


@dataclass(frozen=True)
class Decision:
    promote: bool
    reason: str


def promotion_decision(candidate: dict | None, current: dict | None, tol: Tolerance) -> Decision:
    """Whether a new model replaces the current one, from the 'model' metrics of their
    backtests (`mae` in RUB, `coverage` of P10–P90 as a share, and `baseline_mae`, the role ×
    sector median's MAE in the same backtest, when known); current None = no model yet.

    The two backtests test different periods, so raw MAEs mix model quality with how hard each
    period was; when both know their baseline, the models are compared by MAE relative to it."""
    if candidate is None:
        return Decision(False, "the new model has no backtest to judge it by")
    coverage = candidate["coverage"]
    if abs(coverage - tol.coverage_target) > tol.coverage_band + 1e-12:
        return Decision(
            False,
            f"P10–P90 coverage {coverage:.1%} is outside "
            f"{tol.coverage_target:.0%} ± {tol.coverage_band:.0%}",
        )
    if current is None:
        return Decision(True, f"no current model to compare with; coverage {coverage:.1%}")
    if candidate.get("baseline_mae") and current.get("baseline_mae"):
        relative = candidate["mae"] / candidate["baseline_mae"]
        change = relative / (current["mae"] / current["baseline_mae"]) - 1
        what = "P50 MAE relative to the role × sector baseline"
    else:
        change = candidate["mae"] / current["mae"] - 1
        what = "P50 MAE"
    verdict = f"{what} {change:+.1%} vs the current model, coverage {coverage:.1%}"
    if change > tol.max_mae_worse + 1e-12:
        return Decision(False, f"{verdict}: more than {tol.max_mae_worse:.0%} worse")
    return Decision(True, verdict)


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


Trainer = Callable[..., dict]  # models.train.train_and_save's signature


def refresh(
    settings: RefreshConfig,
    offline: list[Path] | None = None,
    force_train: bool = False,
    apis: dict | None = None,
    train: Trainer | None = None,
) -> dict:
    """Run one refresh under the warehouse's lock (raises lock.LockHeld at once when another
    holds it); returns the report, also written to <runs>/<run_id>.json."""
    with lock.exclusive(settings.lock, "another refresh of this warehouse"):
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
        card = _train(entry, settings, train)
    if not run.failed("train") and card is not None:
        with run.step("promote") as entry:
            _promote(entry, settings, card)
    return changed


def _fetch(entry: dict, settings: RefreshConfig, apis: dict | None) -> dict[str, list[Path]]:
    """Run the config's fetch jobs; a failed job is reported, the others still loaded."""
    if not settings.fetch:
        raise RuntimeError("the config lists no [[fetch]] jobs; add some or use --offline DIR")
    from pipelines.fetch import FetchError, FetchSettings, SearchQuery, fetch_snapshot

    if apis is None:
        raise RuntimeError("no source clients given to fetch with (pipelines.cli_fetch.APIS)")
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
                from pipelines.feature_store import update_features

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
    from pipelines.load import ingest

    report = ingest(con, paths, source=source, workers=background_threads())
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


def _train(entry: dict, settings: RefreshConfig, train: Trainer | None) -> dict | None:
    """Fit a candidate model from the published warehouse into the models folder, not current."""
    from models import dataset

    if train is None:
        from models.train import train_and_save as train
    from pipelines.model_guard import training_record

    con = db.connect(settings.warehouse, read_only=True)
    limit_threads(con)
    try:
        synthetic = dataset.data_kind(con, settings.data)
        rows = dataset.training_rows(con, synthetic)
        record = training_record(con, settings.warehouse, rows, synthetic)
    except dataset.NoTrainingData as exc:
        entry.update(status="skipped", reason=str(exc))
        return None
    finally:
        con.close()
    settings.models.mkdir(parents=True, exist_ok=True)
    # Trained beside the models, moved in when complete: CURRENT never names a half-written one.
    staging = Path(tempfile.mkdtemp(prefix=".refresh-", dir=settings.models))
    try:
        card = train(rows, synthetic, None, root=staging, backtest=True, trained_on=record)
        os.replace(staging / card["version"], settings.models / card["version"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    entry.update(version=card["version"], rows=len(rows), backtest=_metrics(card))
    log.info("trained %s on %s vacancies", card["version"], len(rows))
    return card


def _promote(entry: dict, settings: RefreshConfig, card: dict) -> None:
    from pipelines.model_guard import own_card

    # A current model trained on other data (the demo this refresh replaced, another warehouse)
    # is no yardstick: the candidate is judged as the first model of this warehouse.
    current = own_card(settings.models, settings.warehouse)
    if current is None and artifacts.current_version(settings.models):
        entry["current_foreign"] = artifacts.current_version(settings.models)
        log.info("the current model %s learnt from other data", entry["current_foreign"])
    decision = promotion_decision(_metrics(card), current and _metrics(current), settings.tolerance)
    entry.update(
        candidate=card["version"],
        current_before=current and current["version"],
        promoted=decision.promote,
        reason=decision.reason,
        candidate_backtest=_metrics(card),
        current_backtest=current and _metrics(current),
    )
    if decision.promote:
        artifacts.set_current(settings.models, card["version"])
    log.info("model %s %s: %s", card["version"],
             "promoted" if decision.promote else "not promoted", decision.reason)  # fmt: skip


def _metrics(card: dict) -> dict | None:
    backtest = card.get("backtest") or {}
    model = backtest.get("model")
    if not model:
        return None
    metrics = {k: model[k] for k in ("mae", "coverage", "n") if k in model}
    baseline = (backtest.get("baseline_role_sector_median") or {}).get("mae")
    if baseline:
        metrics["baseline_mae"] = baseline
    return metrics


def _write_report(folder: Path, report: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{report['run_id']}.json"
    body = orjson.dumps(report, option=orjson.OPT_INDENT_2, default=str)
    with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as handle:
        handle.write(body)
    os.chmod(handle.name, 0o644)  # a report, not a secret (NamedTemporaryFile makes it 0600)
    os.replace(handle.name, target)
    report["report_file"] = str(target)
    return target
