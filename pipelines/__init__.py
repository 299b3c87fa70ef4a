"""PayScope: ingestion, normalisation and storage of vacancy snapshots."""

__version__ = "0.1.0"
