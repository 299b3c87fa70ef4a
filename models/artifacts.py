"""Model artifacts: <models>/<version>/{model.joblib, model_card.json} and CURRENT, where
<models> is the folder beside the warehouse (data/warehouse.models/) or $PAYSCOPE_MODELS.

joblib files are pickles: load only artifacts this tool wrote (the folder is the user's own).
A model is loaded only by the library versions it was trained with; anything else is refused
with a message saying how to retrain, because pickled scikit-learn estimators are not portable
across versions.
"""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path

from pipelines.core.atomic_write import staged_folder, write_text

MODEL_FILE = "model.joblib"
CARD_FILE = "model_card.json"
CURRENT_FILE = "CURRENT"


class ModelArtifactError(RuntimeError):
    """No model, a broken one, or one trained with other library versions."""


def artifacts_root(warehouse: str | Path | None = None) -> Path:
    """The models of `warehouse` (default: the configured one): $PAYSCOPE_MODELS, else the
    folder beside it (pipelines.core.config.models_dir)."""
    from pipelines.core.config import models_dir

    return models_dir(warehouse)


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        # From the installed packages' metadata, not their modules: importing scikit-learn and
        # NumPy takes seconds, and the refresh's configuration reads this before any model.
        "scikit-learn": package_version("scikit-learn"),
        "numpy": package_version("numpy"),
        "joblib": package_version("joblib"),
    }


def new_version(now: datetime | None = None, label: str = "") -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{label}" if label else stamp


def save(model: object, card: dict, root: Path | None = None, make_current: bool = True) -> Path:
    """Write the model and its card into a new version folder; point CURRENT at it. The folder
    appears whole or not at all (written hidden beside it, renamed when complete)."""
    # Imported where a model is written or read: the CLI starts without NumPy and joblib.
    import joblib

    from models.frame import FEATURES

    root = root or artifacts_root()
    folder = root / card["version"]
    card = {**card, "features": list(FEATURES), "libraries": library_versions()}
    with staged_folder(folder, replace=False) as staging:
        joblib.dump(model, staging / MODEL_FILE, compress=3)
        (staging / CARD_FILE).write_text(
            json.dumps(card, ensure_ascii=False, indent=2, default=str)
        )
    if make_current:
        set_current(root, card["version"])
    return folder


def set_current(root: Path, version: str) -> None:
    """Point CURRENT at a version, atomically (readers see the old or the new pointer)."""
    write_text(root / CURRENT_FILE, version + "\n")


def current_version(root: Path | None = None) -> str | None:
    pointer = (root or artifacts_root()) / CURRENT_FILE
    try:
        return pointer.read_text().strip() or None
    except FileNotFoundError:
        return None


def load_card(version: str | None = None, root: Path | None = None) -> dict:
    root = root or artifacts_root()
    version = version or current_version(root)
    if version is None:
        raise ModelArtifactError(f"{root}: no trained model yet; run `payscope train`")
    try:
        return json.loads((root / version / CARD_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise ModelArtifactError(f"{root / version}: cannot read the model card ({exc})") from exc


def load(version: str | None = None, root: Path | None = None) -> tuple[object, dict]:
    """(model, card) of a version (default: CURRENT); refuses other library versions and
    models that read other inputs than this code makes."""
    root = root or artifacts_root()
    card = load_card(version, root)
    trained_with, here = card.get("libraries", {}), library_versions()
    for name in ("scikit-learn", "numpy"):
        if _major_minor(trained_with.get(name)) != _major_minor(here[name]):
            raise ModelArtifactError(
                f"model {card['version']} was trained with {name} {trained_with.get(name)}, "
                f"this installation has {here[name]}; retrain it with `payscope train`"
            )
    import joblib

    from models.frame import FEATURES

    if card.get("features") != list(FEATURES):
        raise ModelArtifactError(
            f"model {card['version']} reads the inputs {card.get('features')}, this PayScope "
            f"reads {list(FEATURES)}; retrain it with `payscope train`"
        )
    try:
        model = joblib.load(root / card["version"] / MODEL_FILE)
    except Exception as exc:  # a truncated or foreign file: say which, not a pickle traceback
        raise ModelArtifactError(
            f"{root / card['version'] / MODEL_FILE}: cannot load the model "
            f"({type(exc).__name__}: {exc}); the file is damaged or was not written by this "
            "PayScope: retrain with `payscope train`"
        ) from exc
    return model, card


def _major_minor(version: str | None) -> tuple[str, ...]:
    return tuple((version or "?").split(".")[:2])
