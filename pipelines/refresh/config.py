"""The refresh's settings: a TOML file (docs/operations.md) over defaults and environment.

The file is decoded into msgspec structs that refuse unknown keys and wrong types, so a typo or a
quoted `retrain = "false"` is an error (exit 2), never a silent default or a true. Every error
is one line: the file, the key (`model.retrain`, `fetch[1].name`), what is wrong and the fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import msgspec
import msgspec.toml

from pipelines.core import config


class ConfigError(ValueError):
    """A refresh config that cannot be used; the message names the file, the key and the fix."""


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
        from pipelines.warehouse.lock import lock_path

        return lock_path(self.warehouse)


# The file as written: every key optional, nothing else allowed.
class _Paths(msgspec.Struct, forbid_unknown_fields=True):
    warehouse: str | None = None
    models: str | None = None
    snapshots: str | None = None
    runs: str | None = None
    log: str | None = None


Share = float | str  # 0.02, or "2%" / "2 %"


class _Model(msgspec.Struct, forbid_unknown_fields=True):
    retrain: bool = True
    data: Literal["auto", "real", "demo"] = "auto"
    max_mae_worse: Share = Tolerance.max_mae_worse
    coverage_target: Share = Tolerance.coverage_target
    coverage_band: Share = Tolerance.coverage_band


class _Job(msgspec.Struct, forbid_unknown_fields=True):
    source: str
    name: str | None = None
    query: str | None = None
    roles: list[str | int] | str | int = []
    area: str | int | None = None
    days: int = 0
    details: bool = False


class _File(msgspec.Struct, forbid_unknown_fields=True):
    paths: _Paths = msgspec.field(default_factory=_Paths)
    model: _Model = msgspec.field(default_factory=_Model)
    fetch: list[_Job] = []


# How each key is written, for the fix in an error message.
_EXAMPLES = {
    "warehouse": 'warehouse = "data/warehouse.duckdb"',
    "models": 'models = "data/warehouse.models"',
    "snapshots": 'snapshots = "data/snapshots"',
    "runs": 'runs = "data/refresh_runs"',
    "log": 'log = "data/logs/refresh.log"',
    "retrain": "retrain = false (true or false, no quotes)",
    "data": 'data = "auto" (or "real", "demo")',
    "max_mae_worse": 'max_mae_worse = 0.02 (a share; or "2%")',
    "coverage_target": 'coverage_target = 0.80 (a share; or "80%")',
    "coverage_band": 'coverage_band = 0.05 (a share; or "5%")',
    "source": 'source = "hh"',
    "name": 'name = "chat-moscow"',
    "query": 'query = "оператор чата"',
    "roles": 'roles = ["40"]',
    "area": 'area = "1"',
    "days": "days = 7",
    "details": "details = true (true or false, no quotes)",
    "paths": '[paths] as a table: [paths] then warehouse = "…" on the next line',
    "model": "[model] as a table: [model] then retrain = true on the next line",
    "fetch": '[[fetch]] tables: [[fetch]] then source = "hh" on the next line',
}
_TOML_TYPES = {
    "bool": "true or false",
    "str": "a quoted string",
    "int": "a whole number",
    "float": "a number",
    "object": "a table",
    "array": "a list",
}
_NAME = re.compile(r"[\w.-]+")  # a folder name part: no slashes, spaces or ..
_PERCENT = re.compile(r"\s*([+-]?\d+(?:[.,]\d+)?)\s*%\s*")


def load_config(path: Path | None, warehouse: Path | None = None, sources=()) -> RefreshConfig:
    """Settings from a TOML file (None = defaults only); `warehouse` (--db) wins over the file.
    Relative paths are relative to the working folder, like every PayScope path. `sources`: the
    source names a [[fetch]] job may name (empty: any)."""
    where = str(path) if path is not None else "defaults"
    file = _File()
    if path is not None:
        try:
            file = msgspec.toml.decode(path.read_bytes(), type=_File)
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read the refresh config ({exc})") from None
        except msgspec.ValidationError as exc:
            raise ConfigError(f"{where}: {_explain(str(exc), path)}") from None
        except msgspec.DecodeError as exc:
            raise ConfigError(f"{where}: not valid TOML ({exc}); fix the syntax there") from None
    db_file = config.db_path(warehouse or file.paths.warehouse)
    paths, model = file.paths, file.model
    tolerance = Tolerance(
        max_mae_worse=_share(model.max_mae_worse, where, "max_mae_worse", -1, 1),
        coverage_target=_share(model.coverage_target, where, "coverage_target", 0, 1),
        coverage_band=_share(model.coverage_band, where, "coverage_band", 0, 1),
    )
    jobs = tuple(_job(job, where, f"fetch[{i}]", sources) for i, job in enumerate(file.fetch))
    _no_shared_folders(jobs, where)
    return RefreshConfig(
        warehouse=db_file,
        models=Path(paths.models) if paths.models else config.models_dir(db_file),
        snapshots=config.snapshots_dir(paths.snapshots),
        runs=Path(paths.runs or db_file.parent / "refresh_runs"),
        log=Path(paths.log or db_file.parent / "logs" / "refresh.log"),
        retrain=model.retrain,
        data=model.data,
        tolerance=tolerance,
        fetch=jobs,
    )


def _share(value: float | str, where: str, key: str, low: float, high: float) -> float:
    """A share given as a number (0.02) or a percentage string ("2%"), within [low, high]."""
    if isinstance(value, str):
        found = _PERCENT.fullmatch(value)
        if not found:
            raise ConfigError(
                f"{where}: model.{key}: {value!r} is not a share; write {_EXAMPLES[key]}"
            )
        value = float(found.group(1).replace(",", ".")) / 100
    if not low <= value <= high:
        raise ConfigError(
            f"{where}: model.{key}: {value:g} is not a share between {low:g} and {high:g} "
            f"(0.02 = 2 %); "
            f"write {_EXAMPLES[key]}"
        )
    return float(value)


def _job(raw: _Job, where: str, key: str, sources) -> FetchJob:
    if sources and raw.source not in sources:
        raise ConfigError(
            f"{where}: {key}.source: unknown source {raw.source!r}; write source = one of "
            f"{', '.join(repr(s) for s in sources)}"
        )
    if raw.name and not _NAME.fullmatch(raw.name):
        raise ConfigError(
            f"{where}: {key}.name: {raw.name!r} cannot be part of a folder name; use letters, "
            f"digits, '-', '_' or '.', e.g. {_EXAMPLES['name']}"
        )
    if raw.days < 0:
        raise ConfigError(f"{where}: {key}.days: {raw.days} is negative; write {_EXAMPLES['days']}")
    roles = raw.roles if isinstance(raw.roles, list) else [raw.roles]
    return FetchJob(
        source=raw.source,
        name=raw.name or None,
        query=raw.query,
        roles=tuple(str(r) for r in roles),
        area=str(raw.area) if raw.area is not None else None,
        days=raw.days or None,
        details=raw.details,
    )


def _no_shared_folders(jobs: tuple[FetchJob, ...], where: str) -> None:
    """Two jobs writing one folder: the second would find it «already complete» and fetch
    nothing, while the refresh reports success."""
    seen: dict[tuple[str, str | None], int] = {}
    for i, job in enumerate(jobs):
        first = seen.setdefault((job.source, job.name), i)
        if first != i:
            named = f'both name = "{job.name}"' if job.name else "neither has a name"
            raise ConfigError(
                f"{where}: fetch[{i}].name: the same {job.source} folder as fetch[{first}] "
                f"({named}), so it would be skipped as already fetched; give each {job.source} "
                f"job its own name, e.g. {_EXAMPLES['name']}"
            )


def _explain(message: str, path: Path) -> str:
    """msgspec's «Expected `bool`, got `str` - at `$.model.retrain`» as «key: what; fix»."""
    what, _, at = message.partition(" - at `$")
    at = at.rstrip("`")
    key = at.lstrip(".")
    last = re.sub(r"\[\d+\]$", "", key.rsplit(".", 1)[-1])
    if unknown := re.fullmatch(r"Object contains unknown field `(.+)`", what):
        name = unknown.group(1)
        known = _known_keys(key)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        place = f"{key}.{name}" if key else name
        return f"{place}: unknown key; {hint}known here: {', '.join(known)}"
    if missing := re.fullmatch(r"Object missing required field `(.+)`", what):
        name = missing.group(1)
        return f"{key}: {name} is missing; add {_EXAMPLES.get(name, name)}"
    if expected := re.fullmatch(r"Expected `(.+)`, got `(.+)`", what):
        wanted = " or ".join(
            _TOML_TYPES.get(t, t) for t in expected.group(1).split(" | ") if t != "null"
        )
        got = _raw_value(path, at)
        shown = f'the string "{got}"' if isinstance(got, str) else _toml(got)
        fix = _EXAMPLES.get(last, f"{last} = …")
        return f"{key}: expected {wanted}, got {shown}; write {fix}"
    if what.startswith("Invalid enum value"):
        return f"{key}: {what.removeprefix('Invalid enum value ')} is not allowed; write " + (
            _EXAMPLES.get(last, last)
        )
    return f"{key or 'the file'}: {what}"


def _known_keys(key: str) -> list[str]:
    struct = {"": _File, "paths": _Paths, "model": _Model}.get(key, _Job)
    return list(struct.__struct_fields__)


def _raw_value(path: Path, at: str) -> object:
    """The value at msgspec's path (`.model.retrain`, `.fetch[1].days`) as the file has it."""
    import tomllib

    value: object = tomllib.loads(path.read_text(encoding="utf-8"))
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", at):
        try:
            value = value[int(index)] if index else value[name]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "a table" if isinstance(value, dict) else "a list"
    return repr(value)
