"""Where a snapshot's column mapping is: named by --mapping or `--source csv:NAME`, or beside
the data."""

from __future__ import annotations

from pathlib import Path

from pipelines.sources.csv.mapping import SOURCE_PREFIX, Mapping, MappingError, load_mapping

# Found beside the data when --mapping is not given.
BESIDE = "mapping.toml"
# The mappings of the exports we met, by name for `--source csv:NAME`.
SHIPPED = Path(__file__).resolve().parents[3] / "docs" / "mappings"


def split_source(source: str, given: Path | None) -> tuple[str, Path | None]:
    """`--source csv:NAME` → ('csv', the mapping): NAME is a TOML file, or one of the mappings
    shipped in docs/mappings/ (`csv:hh_csv_api_reduced`); other sources pass unchanged."""
    if not source.startswith(SOURCE_PREFIX):
        return source, given
    name = source.removeprefix(SOURCE_PREFIX)
    if given is not None:
        raise MappingError(f"--source {source} names a mapping and so does --mapping: give one")
    for candidate in (Path(name), SHIPPED / name, SHIPPED / f"{name}.toml"):
        if candidate.is_file():
            return "csv", candidate
    known = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml"))) or "none"
    raise MappingError(
        f"--source {source}: no mapping file {name!r} and none of that name in {SHIPPED} "
        f"(known: {known})"
    )


def mapping_for(data_path: Path, given: Path | None) -> Mapping:
    """The mapping for a snapshot: the one given, else `mapping.toml` beside the data."""
    if given is not None:
        return load_mapping(given)
    folder = data_path if data_path.is_dir() else data_path.parent
    beside = folder / BESIDE
    if not beside.is_file():
        raise MappingError(
            f"{data_path}: --source csv needs a column mapping: pass --mapping FILE.toml or put "
            f"{BESIDE} beside the data (examples: docs/mappings/)"
        )
    return load_mapping(beside)
