"""The app's data layer: read-only warehouse access with results cached per warehouse state.

A result is cached under (query, arguments, warehouse state); the state changes whenever a load
commits, so a refresh shows up on the next interaction without restarting the app.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from app_pages._i18n import lang
from pipelines.analytics import queries
from pipelines.core import config
from pipelines.warehouse import db
from pipelines.warehouse.parquet_source import (
    ParquetSourceError,
    connect_parquet,
    export_data,
    manifest_path,
)

_NO_MODEL = {
    "ru": "{root}: модель ещё не обучена; запустите `{command}`",
    "en": "{root}: no trained model yet; run `{command}`",
}
_PARQUET = "parquet:"  # a cache target that is a Parquet export (PAYSCOPE_PARQUET), not a file

_BUSY = {
    "ru": "Склад {path} сейчас занят загрузкой данных; обновите страницу через минуту. ({reason})",
    "en": "The warehouse {path} is busy with a data load; reload the page in a minute. ({reason})",
}
_OLD = {
    "ru": "Склад {path} создан старой версией PayScope. Обновите его: `payscope build-features` "
    "(миграции применяются при записи). ({reason})",
    "en": "The warehouse {path} was made by an older PayScope. Upgrade it with `payscope "
    "build-features` (migrations run on write). ({reason})",
}


def warehouse_path() -> Path:
    """The DuckDB warehouse (PAYSCOPE_DB); with PAYSCOPE_PARQUET set, an export is read instead."""
    return config.db_path()


def warehouse_state(path: Path) -> tuple[int, int, int] | None:
    """(size, mtime, WAL mtime) of the warehouse file; None when there is none."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    wal = path.with_name(path.name + ".wal")
    wal_mtime = wal.stat().st_mtime_ns if wal.exists() else 0
    return stat.st_size, stat.st_mtime_ns, wal_mtime


# One read-only connection per script run, opened on the first cache miss and closed when the
# run ends (app.py calls close_run_connection): opening costs ~40 ms on a big warehouse, a page
# makes several queries, and a run sees one consistent state. It is never held between runs, so
# a `payscope ingest` can take the file's write lock whenever no page is being drawn.
_run = threading.local()


def _run_connection(target: str) -> duckdb.DuckDBPyConnection:
    held = getattr(_run, "connection", None)
    if held is not None and held[0] == target:
        return held[1]
    close_run_connection()
    if target.startswith(_PARQUET):
        con = connect_parquet(Path(target.removeprefix(_PARQUET)))
    else:
        con = db.connect(target, read_only=True)
    _run.connection = (target, con)
    return con


def close_run_connection() -> None:
    held = getattr(_run, "connection", None)
    _run.connection = None
    if held is not None:
        held[1].close()


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(query: str, path: str, state: tuple, args: tuple, kwargs: tuple):
    module, name = query.rsplit(".", 1)
    function = getattr(importlib.import_module(module), name)
    return function(_run_connection(path).cursor(), *args, **dict(kwargs))


def load(query: str | Callable, *args, **kwargs) -> pd.DataFrame | None:
    """query(con, *args, **kwargs) on a read-only connection, cached; None when there is no
    warehouse yet. `query` is a function taking the connection first (any module), or the name
    of one in pipelines/analytics/queries.py. Arguments must be hashable (Filters is a frozen
    dataclass).
    """
    parquet = config.parquet_dir()
    path = manifest_path(parquet) if parquet else warehouse_path()
    state = warehouse_state(path)  # an export changes with its manifest, written last
    if state is None:
        return None
    target = f"{_PARQUET}{parquet}" if parquet else str(path)
    if isinstance(query, str):
        query = getattr(queries, query)
    key = f"{query.__module__}.{query.__qualname__}"
    try:
        return _cached(key, target, state, args, tuple(sorted(kwargs.items())))
    except ParquetSourceError as exc:
        st.error(str(exc))
        st.stop()
    except duckdb.IOException as exc:  # a load holds the file's write lock right now
        st.info(_BUSY[lang()].format(path=path, reason=exc), icon=":material/hourglass_empty:")
        st.stop()
    # Made by an older PayScope (readers don't migrate): a missing table, or a missing column
    # of a later migration (007's profession lists in dashboard_vacancies).
    except (duckdb.CatalogException, duckdb.BinderException) as exc:
        st.info(_OLD[lang()].format(path=path, reason=exc), icon=":material/build:")
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=4)
def _model(root: str, version: str):
    from models import artifacts

    return artifacts.load(version, Path(root))


class ForeignModel(str):
    """Why the current model is not used: it learnt from other data (a sentence in the UI's
    language naming both data and the command to train); pages show it instead of the model.
    `alone` is the same without «only the market data figures are shown» (the Model page)."""

    alone: str = ""


def models_root() -> Path:
    """The models of the open data: $PAYSCOPE_MODELS, else the folder beside the warehouse (for
    a Parquet export, beside the warehouse its manifest names)."""
    from models import artifacts

    parquet = config.parquet_dir()
    if parquet and not os.environ.get("PAYSCOPE_MODELS"):
        about = export_data(parquet)
        if about.get("warehouse"):
            return artifacts.artifacts_root(about["warehouse"])
        if about:  # a lake no warehouse made (spark-load): its models beside it, LAKE.models/
            return artifacts.artifacts_root(parquet)
    return artifacts.artifacts_root(warehouse_path())


def data_identity():
    """What data is open (models/provenance.DataIdentity); None when there is none."""
    from pipelines.warehouse.provenance import DataIdentity, identity_frame

    found = load(identity_frame)
    if found is None or found.empty:
        return None
    row = found.iloc[0].to_dict()
    parquet = config.parquet_dir()
    # An export is trained for through the warehouse it came from (None: not recorded).
    location = export_data(parquet).get("warehouse") if parquet else str(warehouse_path())
    sources = tuple(row.get("sources") if row.get("sources") is not None else ())
    first, last = row.get("published_from"), row.get("published_until")
    return DataIdentity(row.get("warehouse_id") or None, row["kind"], sources,
                        first if isinstance(first, str) else None,
                        last if isinstance(last, str) else None, location)  # fmt: skip


def model() -> tuple[object | None, dict | None, str | None]:
    """(model, model card, None) of the current trained model, or (None, None, why not); a
    model trained on other data than the open data is refused (why: a ForeignModel).

    Cached per version: a retrain that moves CURRENT shows up on the next interaction.
    """
    from models import artifacts
    from pipelines.warehouse.provenance import mismatch

    root = models_root()
    version = artifacts.current_version(root)
    if version is None:
        command = f"payscope train --db {warehouse_path()}"
        why = _NO_MODEL[lang()].format(root=root, command=command)
        return None, None, why
    try:
        fitted, card = _model(str(root), version)
    except artifacts.ModelArtifactError as exc:
        return None, None, str(exc)
    identity = data_identity()
    if identity is not None and (found := mismatch(card, identity)):
        why = ForeignModel(found.message(lang()))
        why.alone = found.message(lang(), market=False)
        return None, None, why
    return fitted, card, None
