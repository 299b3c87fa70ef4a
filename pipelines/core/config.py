"""Every path and setting PayScope uses, each with an environment override."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("data/warehouse.duckdb")
DEFAULT_DEMO_DIR = Path("data/demo-snapshots")
DEFAULT_SNAPSHOTS_DIR = Path("data/snapshots")


def db_path(override: str | Path | None = None) -> Path:
    """The warehouse: `--db`, else $PAYSCOPE_DB, else data/warehouse.duckdb (relative to cwd)."""
    return Path(override or os.environ.get("PAYSCOPE_DB") or DEFAULT_DB)


def models_dir(warehouse: str | Path | None = None) -> Path:
    """Where the models of a warehouse live: $PAYSCOPE_MODELS, else beside the warehouse
    (data/warehouse.duckdb → data/warehouse.models/), so each warehouse has its own models and
    a demo model and a real one never share a CURRENT."""
    override = os.environ.get("PAYSCOPE_MODELS")
    if override:
        return Path(override)
    path = db_path(warehouse)
    return path.with_name(f"{path.stem}.models")


def demo_dir(override: str | Path | None = None) -> Path:
    """Where `payscope demo` writes its synthetic snapshots: `--out`, else $PAYSCOPE_DEMO_DIR."""
    return Path(override or os.environ.get("PAYSCOPE_DEMO_DIR") or DEFAULT_DEMO_DIR)


def snapshots_dir(override: str | Path | None = None) -> Path:
    """Where `payscope fetch` writes <source>/<date>/: $PAYSCOPE_SNAPSHOTS, else data/snapshots."""
    return Path(override or os.environ.get("PAYSCOPE_SNAPSHOTS") or DEFAULT_SNAPSHOTS_DIR)


def min_sample(override: int | None = None) -> int:
    """Smallest sample an aggregate is shown (and ranked) for without a warning:
    $PAYSCOPE_MIN_N, default 10."""
    if override is not None:
        return max(1, int(override))
    try:
        return max(1, int(os.environ.get("PAYSCOPE_MIN_N", "10")))
    except ValueError:
        return 10


def parquet_dir() -> Path | None:
    """A Parquet export the dashboard reads instead of the warehouse: $PAYSCOPE_PARQUET."""
    value = os.environ.get("PAYSCOPE_PARQUET")
    return Path(value) if value else None


def public_url() -> str | None:
    """The dashboard's public address (e.g. https://payscope.example.org) for shared links, when
    the address the browser used is not the one to share (a proxy); None: the browser's."""
    return os.environ.get("PAYSCOPE_PUBLIC_URL", "").strip() or None


AUTH_MODES = ("off", "oidc")


def auth_mode() -> str:
    """Who may open the dashboard: $PAYSCOPE_AUTH, 'off' (default: anyone who reaches the port,
    as with `make run`) or 'oidc' (Streamlit's OpenID Connect login, app_pages/_auth.py). Any
    other value is returned as given, and the app refuses to serve data with it (fail closed)."""
    return os.environ.get("PAYSCOPE_AUTH", "").strip().lower() or "off"


def auth_allow() -> tuple[str, ...]:
    """Who may see data once logged in: $PAYSCOPE_AUTH_ALLOW, comma-separated e-mail addresses
    and @domains (e.g. 'ops@example.org,@example.org'); empty: anyone the provider logs in."""
    raw = os.environ.get("PAYSCOPE_AUTH_ALLOW", "")
    return tuple(part.strip().lower() for part in raw.split(",") if part.strip())
