"""A model belongs to its data: what a model was trained on (recorded in its card) against what
data is open (a warehouse or a Parquet export of one). A model answers only the warehouse it
learnt from, and only while that warehouse holds the same kind of data (demo or real)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.warehouse.db import run_sql_file

DEMO, REAL = "demo", "real"
_KIND_WORDS = {
    "demo": ("синтетические демо-данные", "synthetic demo data"),
    "real": ("реальные вакансии", "real vacancies"),
    "mixed": ("смесь демо и реальных данных", "a mix of demo and real data"),
    "empty": ("пустой склад", "an empty warehouse"),
    None: ("неизвестные данные", "unknown data"),
}


@dataclass(frozen=True)
class DataIdentity:
    """The data that is open: warehouse id (None when the file or export predates ids), kind
    ('demo', 'real', 'mixed', 'empty'), sources and publication window."""

    warehouse_id: str | None
    kind: str
    sources: tuple[str, ...] = ()
    published_from: str | None = None
    published_until: str | None = None
    location: str | None = None  # the warehouse file or export folder, for messages


def data_identity(
    con: duckdb.DuckDBPyConnection, location: str | Path | None = None
) -> DataIdentity:
    """The identity of what `con` reads (a warehouse, or the views over a Parquet export)."""
    try:
        row = run_sql_file(con, "data_kind/identity.sql").fetchall()[0]
    except duckdb.CatalogException:  # made by an older PayScope, opened read-only: no id yet
        row = (None, *run_sql_file(con, "data_kind/kinds.sql").fetchall()[0], None, None, None)
    warehouse_id, synthetic, real, sources, first, last = row
    kind = "mixed" if synthetic and real else DEMO if synthetic else REAL if real else "empty"
    return DataIdentity(
        warehouse_id, kind, tuple(sources or ()), _iso(first), _iso(last),
        str(location) if location else None,
    )  # fmt: skip


def identity_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """data_identity as a one-row frame, for the app's cached loader."""
    found = data_identity(con)
    return pd.DataFrame([{**found.__dict__, "sources": list(found.sources)}])


def trained_on(identity: DataIdentity, rows: pd.DataFrame, synthetic: bool) -> dict:
    """The card's record of the training data: warehouse, kind, sources, window, rows."""
    published = pd.to_datetime(rows["published_at"]) if len(rows) else pd.Series([], dtype=object)
    sources = sorted(rows["source"].dropna().unique().tolist()) if "source" in rows else []
    return {
        "warehouse_id": identity.warehouse_id,
        "warehouse": identity.location,
        "data": DEMO if synthetic else REAL,
        "sources": sources,
        "published_from": _iso(published.min()) if len(rows) else None,
        "published_until": _iso(published.max()) if len(rows) else None,
        "rows": int(len(rows)),
    }


@dataclass(frozen=True)
class Mismatch:
    """Why a model must not answer the open data."""

    reason: str  # 'no_record' | 'no_identity' | 'other_warehouse' | 'other_kind'
    model: dict  # the card's trained_on (may be empty)
    open: DataIdentity
    version: str

    def train_command(self) -> str:
        where = self.open.location
        return f"payscope train --db {where}" if where else "payscope train"

    def message(self, lang: str = "en", market: bool = True) -> str:
        """Plain words: which data the model learnt from, which data is open, what to do;
        `market`: the page or command shows the market-data figures instead."""
        i = 0 if lang == "ru" else 1
        trained = describe(self.model, lang) if self.model else _UNKNOWN[i]
        opened = describe_identity(self.open, lang)
        cause = _CAUSES[self.reason][i]
        return _TEMPLATE[i].format(
            version=self.version, trained=trained, opened=opened, cause=cause,
            command=self.train_command(), market=_MARKET[i] if market else "",
        )  # fmt: skip


_TEMPLATE = (
    "Модель {version} обучена на других данных ({trained}), а открыты {opened}: {cause} "
    "Она не отвечает по этим данным{market}. Обучите модель для этих данных: `{command}`.",
    "Model {version} was trained on other data ({trained}); the open data is {opened}: {cause} "
    "It does not answer for this data{market}. Train a model for this data: `{command}`.",
)
_MARKET = ("; ниже — только рыночные данные", "; only the market data figures are shown")
_UNKNOWN = ("неизвестно каких: модель обучена до того, как это записывалось",
            "unknown: it was trained before models recorded their data")  # fmt: skip
_CAUSES = {
    "no_record": ("модель не записала, на чём обучена.",
                  "the model does not record what it learnt from."),
    "no_identity": ("у открытых данных нет идентификатора склада (склад или выгрузка сделаны "
                    "старой версией PayScope).",
                    "the open data has no warehouse id (made by an older PayScope)."),
    "other_warehouse": ("это другой склад.", "it is another warehouse."),
    "other_kind": ("в складе теперь другие данные (демо заменено реальными или наоборот).",
                   "the warehouse now holds another kind of data (demo replaced by real)."),
}  # fmt: skip


def mismatch(card: dict, identity: DataIdentity) -> Mismatch | None:
    """None when the model was trained on this very data (same warehouse, same kind); else
    why not. A model that does not say what it learnt from is refused too."""
    record = card.get("trained_on") or {}
    version = str(card.get("version", "?"))
    if not record.get("warehouse_id"):
        return Mismatch("no_record", record, identity, version)
    if identity.warehouse_id is None:
        return Mismatch("no_identity", record, identity, version)
    if record["warehouse_id"] != identity.warehouse_id:
        return Mismatch("other_warehouse", record, identity, version)
    if record.get("data") != identity.kind:
        return Mismatch("other_kind", record, identity, version)
    return None


def describe(record: dict, lang: str = "en") -> str:
    """«synthetic demo data, hh, 2025-01-06 – 2025-03-24, warehouse 795b815d»."""
    return _described(record.get("data"), record.get("sources") or (),
                      record.get("published_from"), record.get("published_until"),
                      record.get("warehouse_id"), record.get("warehouse"), lang)  # fmt: skip


def describe_identity(identity: DataIdentity, lang: str = "en") -> str:
    return _described(identity.kind, identity.sources, identity.published_from,
                      identity.published_until, identity.warehouse_id, identity.location,
                      lang)  # fmt: skip


def _described(kind, sources, first, last, warehouse_id, location, lang) -> str:
    i = 0 if lang == "ru" else 1
    parts = [_KIND_WORDS.get(kind, _KIND_WORDS[None])[i]]
    if sources:
        parts.append(", ".join(sources))
    if first and last:
        parts.append(f"{first[:10]} – {last[:10]}")
    store = ("склад", "warehouse")[i]
    if location:
        parts.append(f"{store} {location}")
    if warehouse_id:
        parts.append(f"{('код', 'id')[i]} {warehouse_id[:8]}")
    return ", ".join(parts)


def _iso(value) -> str | None:
    if value is None or value is pd.NaT:
        return None
    try:
        return pd.Timestamp(value).isoformat()
    except (TypeError, ValueError):
        return None
