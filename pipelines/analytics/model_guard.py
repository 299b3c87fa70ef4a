"""The model of a warehouse, refused when it learnt from other data
(pipelines/warehouse/provenance.py): for `payscope predict`, `payscope train` and the refresh."""

from __future__ import annotations

from pathlib import Path

from models import artifacts
from pipelines.core import config
from pipelines.warehouse import db
from pipelines.warehouse.provenance import (
    DataIdentity,
    Mismatch,
    data_identity,
    mismatch,
    trained_on,
)


class ForeignModel(RuntimeError):
    """The current model was trained on other data than the warehouse that is open."""

    def __init__(self, found: Mismatch):
        super().__init__(found.message("en", market=False).replace("`", ""))
        self.mismatch = found


def identity_of(warehouse: Path) -> DataIdentity | None:
    """The open data's identity; None when there is no warehouse file."""
    if not warehouse.exists():
        return None
    con = db.connect(warehouse, read_only=True)
    try:
        return data_identity(con, warehouse)
    finally:
        con.close()


def own_model(db_file: Path | None) -> tuple[object, dict]:
    """(model, card) of the warehouse's models folder, checked against the warehouse.

    Raises artifacts.ModelArtifactError (no model, unreadable) or ForeignModel. Without a
    warehouse file there is no data to answer, and the model describes offers alone."""
    warehouse = config.db_path(db_file)
    root = artifacts.artifacts_root(warehouse)
    if artifacts.current_version(root) is None:
        raise artifacts.ModelArtifactError(
            f"no model trained on {warehouse} yet (models: {root}); "
            f"run `payscope train --db {warehouse}`"
        )
    model, card = artifacts.load(root=root)
    identity = identity_of(warehouse)
    if identity is not None and (found := mismatch(card, identity)):
        raise ForeignModel(found)
    return model, card


def own_card(root: Path, warehouse: Path) -> dict | None:
    """The current card of `root` when it was trained on `warehouse`'s data, else None."""
    try:
        card = artifacts.load_card(root=root)
    except artifacts.ModelArtifactError:
        return None
    identity = identity_of(warehouse)
    if identity is None or mismatch(card, identity) is not None:
        return None
    return card


def training_record(con, warehouse: Path, rows, synthetic: bool) -> dict:
    """What the card records about the training data (on the connection the rows came from)."""
    return trained_on(data_identity(con, warehouse), rows, synthetic)


def market_line(db_file: Path | None, title: str) -> str | None:
    """The market figures for a described job when the model is refused: P25 / median / P75
    of the vacancies of its role family in the warehouse, with n and its confidence word."""
    from models import dataset
    from pipelines.analytics.stats import confidence
    from pipelines.features.extract import extract_features
    from pipelines.features.records import VacancyInput

    warehouse = config.db_path(db_file)
    if not warehouse.exists():
        return None
    family = extract_features(VacancyInput(title=title)).role_family
    con = db.connect(warehouse, read_only=True)
    try:
        n, quartiles = dataset.market_pay(con, family)
    finally:
        con.close()
    if not quartiles:
        return f"{title}: market data only — no vacancy with pay in the role family {family}"
    low, mid, high = (f"{q:,.0f} ₽".replace(",", " ") for q in quartiles)
    return (
        f"{title}: market data only — vacancies of the same role family ({family}), n={n} "
        f"({confidence(n)} confidence): P25 {low} · median {mid} · P75 {high} (monthly gross)"
    )
