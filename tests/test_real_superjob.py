"""The real SuperJob sample (../shared/data/real/superjob-api) loads, every record accounted for."""

from __future__ import annotations

import json

import pytest

from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import REAL

SUPERJOB_API = REAL / "superjob-api"
pytestmark = pytest.mark.skipif(
    not SUPERJOB_API.is_dir(), reason=f"real samples not found at {SUPERJOB_API}"
)


def independent_ids(path) -> list[str]:
    """Vacancy ids in a file, found with the standard library, not with PayScope's reader."""
    value = json.loads(path.read_text(encoding="utf-8"))
    pages = value if isinstance(value, list) else [value]
    return [str(record["id"]) for page in pages for record in page.get("objects", [page])]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("real") / "warehouse.duckdb")
    yield con, ingest(con, [SUPERJOB_API], source="superjob")
    con.close()


def test_every_real_superjob_record_is_accounted_for(loaded):
    con, report = loaded
    expected = [i for f in sorted(SUPERJOB_API.rglob("*.json")) for i in independent_ids(f)]

    assert report.ok
    assert report.total("records_read") == len(expected) > 0
    assert report.total("records_read") == (
        report.total("records_loaded")
        + report.total("records_quarantined")
        + report.total("records_duplicate")
    )
    assert report.total("records_quarantined") == 0
    loaded_ids = {
        i
        for (i,) in con.execute(
            "select vacancy_id from vacancies where source = 'superjob'"
        ).fetchall()
    }
    assert loaded_ids == set(expected)


def test_real_superjob_fields_reach_the_canonical_columns(loaded):
    con, _ = loaded
    row = con.execute(
        """
        select
            count(*) filter (where title is null or employer_name is null),
            count(*) filter (where area_name is null),
            count(*) filter (where description_text is null),
            count(*) filter (where pay_mid_rub is not null),
            count(*) filter (where pay_mid_rub is null),
            list(distinct currency_original) filter (where currency_original is not null),
            min(published_at)::date::varchar,
            max(published_at)::date::varchar,
            count(*) filter (where experience is null),
            count(*) filter (where work_format = 'remote'),
            count(*) filter (where len(professional_roles) = 0)
        from vacancies
        """
    ).fetchone()
    # Counts of this sample: 10 vacancies of 2023-06-27 … 07-01, 7 with pay (rub), 3 by agreement.
    assert row == (0, 0, 0, 7, 3, ["rub"], "2023-06-27", "2023-07-01", 1, 6, 0)
    median = con.execute("select median(pay_mid_rub) from vacancies where pay_in_stats").fetchone()[
        0
    ]
    assert 15_000 < median < 300_000
