"""`payscope spark-load` gives what `payscope ingest` + `build-features` + `export` give: the
same vacancies, observations, pay, features, quarantine and snapshots, row by row, on a small
demo and on the real samples. Skips without pyspark or Java 17+ (Spark 4 needs it)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import orjson
import pytest

from pipelines.spark.session import unavailable_reason
from pipelines.warehouse import db
from pipelines.warehouse.export import TABLES, export_parquet
from pipelines.warehouse.feature_store import update_features
from pipelines.warehouse.load import ingest
from tests.conftest import REAL

REASON = unavailable_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"Spark cannot run here: {REASON}")
MAPPINGS = Path(__file__).resolve().parents[1] / "docs" / "mappings"
# Columns that say when the load ran, not what it loaded.
VOLATILE = {"snapshots": ("loaded_at", "load_seconds")}


@pytest.fixture(scope="module")
def spark():
    from pipelines.spark.session import spark_session

    session = spark_session("local[2]", "payscope tests")
    yield session
    session.stop()


def loader_export(tmp: Path, paths, source, mapping=None, as_of=None) -> Path:
    con = db.connect(tmp / "warehouse.duckdb")
    ingest(con, paths, source=source, mapping=mapping, as_of=as_of, workers=1)
    update_features(con, workers=1)
    con.close()
    con = db.connect(tmp / "warehouse.duckdb", read_only=True)
    export_parquet(con, tmp / "export")
    con.close()
    return tmp / "export"


def spark_lake(spark, tmp: Path, paths, source, mapping=None, as_of=None) -> Path:
    from pipelines.spark.job import spark_load

    spark_load(spark, paths, tmp / "lake", source, mapping, as_of)
    return tmp / "lake"


def read(folder: Path, table: str) -> tuple[list[str], list[tuple]]:
    con = duckdb.connect()
    files = str(folder / table / "**" / "*.parquet")
    rel = con.sql(
        "select * from read_parquet($f, hive_partitioning = true, union_by_name = true)",
        params={"f": files},
    )
    drop = ", ".join(VOLATILE.get(table, ()))
    rel = con.sql(f"select * {'exclude (' + drop + ')' if drop else ''} from rel")  # noqa: S608
    if table == "snapshots":  # a snapshot nothing dates is dated by the clock of its load
        rel = con.sql(
            "select * replace (case when fetched_at_basis = 'load_time' then null "
            "else fetched_at end as fetched_at) from rel"
        )
    columns = rel.columns
    rows = con.sql("select * from rel order by all").fetchall()
    return columns, rows


def assert_same(export: Path, lake: Path, label: str) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        columns, want = read(export, table)
        got_columns, got = read(lake, table)
        assert got_columns == columns, (label, table)
        for i, (a, b) in enumerate(zip(want, got, strict=False)):
            assert _same(a, b), (label, table, i, dict(zip(columns, a, strict=True)), b)
        assert len(got) == len(want), (label, table)
        counts[table] = len(want)
    print(f"\n{label}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    return counts


def _same(a: tuple, b: tuple) -> bool:
    # NaN is not equal to itself; the manifests' JSON text may differ in spacing only.
    return all(x == y or (x != x and y != y) for x, y in zip(a, b, strict=True))


@pytest.fixture(scope="module")
def demo_built(spark, tmp_path_factory):
    """A small demo, loaded both ways: (export of ingest, lake of spark-load)."""
    from pipelines.demo import generate_demo

    tmp = tmp_path_factory.mktemp("spark-demo")
    generate_demo(tmp / "demo", vacancies=600, snapshots=3, seed=7, end=date(2026, 9, 28))
    export = loader_export(tmp / "a", [tmp / "demo"], "hh")
    return export, spark_lake(spark, tmp / "b", [tmp / "demo"], "hh")


def test_demo(demo_built):
    export, lake = demo_built
    counts = assert_same(export, lake, "demo")
    assert counts["vacancies"] > 500 and counts["quarantine"] > 0 and counts["snapshots"] == 3
    data = orjson.loads((lake / "_manifest.json").read_bytes())["data"]
    assert data["kind"] == "demo" and data["sources"] == ["hh"]


@pytest.mark.parametrize(
    "page", ["trends", "segments", "profession", "vacancies", "benchmark", "model", "data"]
)
def test_the_dashboard_and_the_model_on_a_spark_lake(monkeypatch, tmp_path, demo_built, page):
    from typer.testing import CliRunner

    from pipelines.cli import app
    from tests.conftest import open_app

    _, lake = demo_built
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)
    models = lake.with_name("lake.models")
    if not models.exists():  # trained once, by the first page's run, beside the lake
        trained = CliRunner().invoke(app, ["train", "--parquet", str(lake), "--no-backtest"])
        assert trained.exit_code == 0, trained.output
    card = orjson.loads(next(models.glob("*/model_card.json")).read_bytes())
    lake_id = orjson.loads((lake / "_manifest.json").read_bytes())["data"]["warehouse_id"]
    assert card["trained_on"]["warehouse_id"] == lake_id
    assert card["trained_on"]["data"] == "demo"

    monkeypatch.setenv("PAYSCOPE_PARQUET", str(lake))
    at = open_app(monkeypatch, tmp_path / "no-warehouse.duckdb", page)
    assert not at.exception
    assert not at.error
    if page == "model":  # the lake's own model answers: no «trained on other data»
        text = " ".join(str(m.value) for m in at.markdown) + " ".join(
            str(w.value) for w in at.warning
        )
        assert "других данных" not in text and "other data" not in text


@pytest.mark.skipif(not REAL.is_dir(), reason=f"real samples not found at {REAL}")
@pytest.mark.parametrize(
    ("folder", "source"),
    [("hh-api", "hh"), ("superjob-api", "superjob"), ("other-formats", "hh")],
)
def test_real_samples(spark, tmp_path, folder, source):
    paths = [REAL / folder]  # every file of the folder: a few MB each
    export = loader_export(tmp_path / "a", paths, source)
    lake = spark_lake(spark, tmp_path / "b", paths, source)
    counts = assert_same(export, lake, folder)
    assert counts["vacancies"] + counts["quarantine"] > 0


@pytest.mark.skipif(not REAL.is_dir(), reason=f"real samples not found at {REAL}")
def test_real_csv_export_through_a_mapping(spark, tmp_path):
    # One of the eight CSV exports (tests/test_real_csv_exports.py loads them all): a date-less
    # file dated by --as-of through its mapping.
    paths = [REAL / "csv-exports" / "hh_A1zhas_hh_API_parser_2025-01_vacancies.csv"]
    mapping, as_of = MAPPINGS / "hh_csv_api_reduced.toml", datetime(2025, 1, 9)
    export = loader_export(tmp_path / "a", paths, "csv", mapping, as_of)
    lake = spark_lake(spark, tmp_path / "b", paths, "csv", mapping, as_of)
    counts = assert_same(export, lake, "csv-exports (A1zhas)")
    assert counts["vacancies"] > 0


def test_a_rerun_writes_the_same_files(spark, tmp_path):
    paths = [REAL / "superjob-api"] if REAL.is_dir() else []
    if not paths:
        pytest.skip(f"real samples not found at {REAL}")
    lake = spark_lake(spark, tmp_path, paths, "superjob")
    before, snapshots = _files(lake), read(lake, "snapshots")[1]
    manifest = orjson.loads((lake / "_manifest.json").read_bytes())
    spark_lake(spark, tmp_path, paths, "superjob")
    again = orjson.loads((lake / "_manifest.json").read_bytes())
    # The same files; only the snapshots' loaded_at (when this run loaded them) and the
    # manifest's exported_at tell the runs apart.
    assert _files(lake) == before
    assert read(lake, "snapshots")[1] == snapshots
    manifest.pop("exported_at"), again.pop("exported_at")
    assert again == manifest


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "_manifest.json" and "snapshots" not in p.parts
    }


def test_files_nobody_can_read_fail_as_in_the_loader_and_leave_an_empty_lake(spark, tmp_path):
    from pipelines.spark.job import spark_load

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page-1.json").write_text("this is not JSON", encoding="utf-8")
    export = loader_export(tmp_path / "a", [tmp_path / "in"], "hh")
    result = spark_load(spark, [tmp_path / "in"], tmp_path / "lake", "hh")
    assert [s.status for s in result.snapshots] == ["failed"]
    assert "page-1.json" in result.snapshots[0].errors[0]
    counts = assert_same(export, tmp_path / "lake", "unreadable")
    assert not any(counts.values())
