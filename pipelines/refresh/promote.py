"""The refresh's model steps: fit a candidate beside the models, then make it current only when
its backtest is not worse than the current model's beyond a tolerance (config.Tolerance)."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models import artifacts
from pipelines.core.atomic_write import publish_folder
from pipelines.core.resources import limit_threads
from pipelines.refresh.config import RefreshConfig, Tolerance
from pipelines.warehouse import db

log = logging.getLogger("payscope.refresh")
Trainer = Callable[..., dict]  # models.train.train_and_save's signature


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


def train_candidate(entry: dict, settings: RefreshConfig, train: Trainer | None) -> dict | None:
    """Fit a candidate model from the published warehouse into the models folder, not current."""
    from models import dataset

    if train is None:
        from models.train import train_and_save as train
    from pipelines.analytics.model_guard import training_record

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
        publish_folder(staging / card["version"], settings.models / card["version"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    entry.update(version=card["version"], rows=len(rows), backtest=metrics(card))
    log.info("trained %s on %s vacancies", card["version"], len(rows))
    return card


def promote(entry: dict, settings: RefreshConfig, card: dict) -> None:
    from pipelines.analytics.model_guard import own_card

    # A current model trained on other data (the demo this refresh replaced, another warehouse)
    # is no yardstick: the candidate is judged as the first model of this warehouse.
    current = own_card(settings.models, settings.warehouse)
    if current is None and artifacts.current_version(settings.models):
        entry["current_foreign"] = artifacts.current_version(settings.models)
        log.info("the current model %s learnt from other data", entry["current_foreign"])
    decision = promotion_decision(metrics(card), current and metrics(current), settings.tolerance)
    entry.update(
        candidate=card["version"],
        current_before=current and current["version"],
        promoted=decision.promote,
        reason=decision.reason,
        candidate_backtest=metrics(card),
        current_backtest=current and metrics(current),
    )
    if decision.promote:
        artifacts.set_current(settings.models, card["version"])
    log.info("model %s %s: %s", card["version"],
             "promoted" if decision.promote else "not promoted", decision.reason)  # fmt: skip


def metrics(card: dict) -> dict | None:
    backtest = card.get("backtest") or {}
    model = backtest.get("model")
    if not model:
        return None
    metrics = {k: model[k] for k in ("mae", "coverage", "n") if k in model}
    baseline = (backtest.get("baseline_role_sector_median") or {}).get("mae")
    if baseline:
        metrics["baseline_mae"] = baseline
    return metrics
