"""Other people's CSV exports of hh.ru vacancies (../shared/data/real/csv-exports) load through
the mappings in docs/mappings/, every row accounted for; they are the largest real material."""

from __future__ import annotations

import csv
import gzip
import io
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import REAL

CSV_EXPORTS = REAL / "csv-exports"
MAPPINGS = Path(__file__).resolve().parents[1] / "docs" / "mappings"
pytestmark = pytest.mark.skipif(
    not CSV_EXPORTS.is_dir(), reason=f"real samples not found at {CSV_EXPORTS}"
)

# (file, mapping, --as-of for files without dates: the day the export was committed, from the
# folder's README, an upper bound on publication).
FILES = [
    ("hh_A1zhas_hh_API_parser_2025-01_vacancies.csv", "hh_csv_api_reduced", "2025-01-09"),
    ("hh_Capym9h_hh_project_2025-07_full_df.csv.gz", "hh_csv_analyst_dataset", None),
    ("hh_Ch3ekiBr3eki_hh_scraper_2023-08_scraped.csv", "hh_csv_scraped_tags", "2023-08-28"),
    ("hh_EugenePy3_hh-vacancy-bot_2025-04_scraped.csv", "hh_csv_scraped_pay_text", None),
    ("hh_Kilion74_hh_ru_webparser_2024-11_scraped.csv", "hh_csv_scraped_link_ids", "2024-11-29"),
    ("hh_T1m222_analyst-vacancies_2025-03_vacancies.csv", "hh_csv_russian_headers", "2025-03-06"),
    ("hh_Zhanahmet01p_Job_analyze_2024-12_api_flattened.csv.gz", "hh_csv_api_items_repr", None),
    ("hh_catprokhorova_hh_API_new_2022-09_dev_vac.csv.gz", "hh_csv_id_title_created", None),
]


def rows_in(path: Path, mapping: str) -> int:
    """Data rows, read with the standard library rather than PayScope's reader."""
    delimiter = tomllib.loads((MAPPINGS / f"{mapping}.toml").read_text("utf-8")).get(
        "delimiter", ","
    )
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8-sig")
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    return sum(1 for row in reader if any(cell.strip() for cell in row))


def load_all(con):
    return {
        name: ingest(
            con, [CSV_EXPORTS / name], source="csv", mapping=MAPPINGS / f"{mapping}.toml",
            as_of=datetime.fromisoformat(as_of) if as_of else None,
        ).snapshots[0]
        for name, mapping, as_of in FILES
    }  # fmt: skip


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("csv-exports") / "warehouse.duckdb")
    return con, load_all(con)


def test_every_file_has_a_mapping():
    assert {name for name, _, _ in FILES} == {p.name for p in CSV_EXPORTS.glob("*.csv*")}


@pytest.mark.parametrize(("name", "mapping", "as_of"), FILES, ids=[f[0] for f in FILES])
def test_an_export_loads_with_every_row_accounted_for(loaded, name, mapping, as_of):
    con, snapshots = loaded
    snapshot = snapshots[name]

    assert snapshot.status == "loaded", snapshot.error
    assert snapshot.records_read == rows_in(CSV_EXPORTS / name, mapping) > 0
    assert snapshot.records_read == (
        snapshot.records_loaded + snapshot.records_quarantined + snapshot.records_duplicate
    )
    assert snapshot.records_quarantined <= 0.01 * snapshot.records_read
    reasons = con.execute(
        "select reason, message from quarantine q join snapshots s using (snapshot_id) "
        "where s.snapshot_id = ?",
        [snapshot.snapshot_id],
    ).fetchall()
    assert all(f"{name}: record " in message for _, message in reasons)
    estimated = con.execute(
        "select bool_and(published_estimated), bool_or(published_estimated) from vacancy_current "
        "where last_snapshot_id = ?",
        [snapshot.snapshot_id],
    ).fetchall()[0]
    assert estimated == ((True, True) if as_of else (False, False))


def test_more_than_twenty_thousand_rows_have_pay_in_statistics(loaded):
    con, _ = loaded
    [(with_pay, total, support)] = con.execute(
        "select count(*) filter (where pay_in_stats), count(*), "
        "count(*) filter (where pay_in_stats and regexp_matches(lower(title), "
        "'оператор|поддержк|support|call|колл')) from vacancy_current"
    ).fetchall()
    assert with_pay >= 20_000 and total > 37_000 and support > 0


def test_pay_is_plausible_monthly_gross_roubles(loaded):
    con, _ = loaded
    [(p10, p50, p90)] = con.execute(
        "select quantile_cont(pay_mid_rub, [0.1, 0.5, 0.9]) from vacancy_current where pay_in_stats"
    ).fetchall()[0]
    assert 30_000 < p10 < p50 < p90 < 800_000 and 70_000 < p50 < 200_000


def test_the_same_ingest_twice_changes_nothing(loaded):
    con, _ = loaded
    before = con.execute("select count(*), sum(hash(vacancy_id)) from vacancy_current").fetchall()

    again = load_all(con)

    assert {s.status for s in again.values()} == {"already_loaded"}
    after = con.execute("select count(*), sum(hash(vacancy_id)) from vacancy_current").fetchall()
    assert after == before
