"""CSV and flat JSON exports read through a column mapping (TOML): see docs/sources.md."""
