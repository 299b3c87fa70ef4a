"""The refresh's settings: a TOML file (docs/operations.md) over defaults and environment."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pipelines import config


class ConfigError(ValueError):
    """A refresh config that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Tolerance:
    """How much worse than the current model a new one may backtest and still replace it."""

    max_mae_worse: float = 0.02  # P50 MAE / baseline MAE at most 2 % above the current model's
    coverage_target: float = 0.80  # P10–P90 should hold 80 % of the test vacancies …
    coverage_band: float = 0.05  # … give or take 5 points


@dataclass(frozen=True)
class FetchJob:
    """One `payscope fetch` the refresh runs: a source and a search."""

    source: str
    name: str | None = None
    query: str | None = None
    roles: tuple[str, ...] = ()
    area: str | None = None
    days: int | None = None  # published in the last N days; None = the source's default
    details: bool = False

    def folder(self, root: Path, day: date) -> Path:
        """<root>/<source>/<day>[-<name>]: a rerun on the same day continues the same folder."""
        return root / self.source / (f"{day:%Y-%m-%d}-{self.name}" if self.name else f"{day}")

    def since(self, day: date) -> date | None:
        return day - timedelta(days=self.days) if self.days else None


@dataclass(frozen=True)
class RefreshConfig:
    warehouse: Path
    models: Path
    snapshots: Path
    runs: Path  # one JSON report per run
    log: Path
    retrain: bool = True  # retrain when the data changed
    data: str = "auto"  # train on 'real', 'demo' or 'auto' (real when there is any)
    tolerance: Tolerance = field(default_factory=Tolerance)
    fetch: tuple[FetchJob, ...] = ()

    @property
    def lock(self) -> Path:
        from pipelines.lock import lock_path

        return lock_path(self.warehouse)


_SECTIONS = {"paths", "model", "fetch"}
_PATHS = {"warehouse", "models", "snapshots", "runs", "log"}
_MODEL = {"retrain", "data", "max_mae_worse", "coverage_target", "coverage_band"}
_JOB = {"source", "name", "query", "roles", "area", "days", "details"}


def load_config(path: Path | None, warehouse: Path | None = None, sources=()) -> RefreshConfig:
    """Settings from a TOML file (None = defaults only); `warehouse` (--db) wins over the file.
    Relative paths are relative to the working folder, like every PayScope path."""
    data: dict = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the refresh config ({exc})") from None
    where = str(path or "defaults")
    _known(data, _SECTIONS, where)
    paths = _known(data.get("paths", {}), _PATHS, f"{where} [paths]")
    model = _known(data.get("model", {}), _MODEL, f"{where} [model]")
    db_file = config.db_path(warehouse or paths.get("warehouse"))
    from models.artifacts import artifacts_root

    tolerance = Tolerance(
        **{k: float(v) for k, v in model.items() if k in Tolerance.__dataclass_fields__}
    )
    if model.get("data", "auto") not in ("auto", "real", "demo"):
        raise ConfigError(f"{where} [model] data: 'auto', 'real' or 'demo', not {model['data']!r}")
    return RefreshConfig(
        warehouse=db_file,
        models=Path(paths.get("models") or artifacts_root(db_file)),
        snapshots=config.snapshots_dir(paths.get("snapshots")),
        runs=Path(paths.get("runs") or db_file.parent / "refresh_runs"),
        log=Path(paths.get("log") or db_file.parent / "logs" / "refresh.log"),
        retrain=bool(model.get("retrain", True)),
        data=model.get("data", "auto"),
        tolerance=tolerance,
        fetch=tuple(_job(job, f"{where} [[fetch]] #{i + 1}", sources)
                    for i, job in enumerate(data.get("fetch", []))),
    )  # fmt: skip


def _job(raw: dict, where: str, sources) -> FetchJob:
    _known(raw, _JOB, where)
    if "source" not in raw or (sources and raw["source"] not in sources):
        raise ConfigError(f"{where}: source must be one of {', '.join(sources) or 'the sources'}")
    roles = raw.get("roles", [])
    if isinstance(roles, str):
        roles = [roles]
    return FetchJob(
        source=raw["source"],
        name=raw.get("name"),
        query=raw.get("query"),
        roles=tuple(str(r) for r in roles),
        area=str(raw["area"]) if raw.get("area") is not None else None,
        days=int(raw["days"]) if raw.get("days") else None,
        details=bool(raw.get("details", False)),
    )


def _known(table: object, allowed: set[str], where: str) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}"
        )
    return table
