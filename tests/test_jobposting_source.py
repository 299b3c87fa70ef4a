"""schema.org JobPosting source: JSON-LD found in saved HTML pages and .jsonld files."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from datetime import datetime

import pytest

from pipelines.sources.framing import Broken
from pipelines.sources.jobposting.parse import (
    ParseContext,
    candidates,
    employment_of,
    parse_vacancy,
    pay_of,
    postings_in,
    vacancy_id_of,
)
from pipelines.sources.records import RecordError
from pipelines.warehouse import db
from pipelines.warehouse.load import ingest
from tests.conftest import DATA, hh_item, hh_page, write_json

PAGES = DATA / "jobposting" / "pages"
CTX = ParseContext()


def _parsed(name: str) -> list[tuple[str, object]]:
    """(where, Observation or the RecordError's code) for every candidate of a fixture file."""
    out = []
    for where, candidate, _ in candidates((DATA / "jobposting" / name).read_bytes(), CTX):
        try:
            out.append((where, parse_vacancy(candidate, CTX)))
        except RecordError as exc:
            out.append((where, exc.code))
    return out


def test_a_career_page_gives_its_one_job_posting_whole():
    [(where, obs)] = _parsed("pages/career_month.html")  # the Organization script is skipped

    assert where == "script 2"
    assert (obs.source, obs.vacancy_id, obs.url) == (
        "jobposting", "RM-1001", "https://romashka.example/careers/rm-1001",
    )  # fmt: skip
    assert (obs.title, obs.employer_name, obs.area_name) == (
        "Оператор колл-центра", "ООО «Ромашка»", "Казань",
    )  # fmt: skip
    assert obs.published_at == datetime(2026, 11, 2, 6, 30)  # +03:00 → UTC
    assert obs.employment == "full"  # the first known of ["FULL_TIME", "TEMPORARY"]
    assert obs.work_format is None
    assert (obs.currency_original, obs.pay_from_original, obs.pay_to_original) == (
        "RUB", 45000, 60000,
    )  # fmt: skip
    assert (obs.pay_period_original, obs.gross_original, obs.gross_basis) == (
        "month", None, "assumed_gross",
    )  # fmt: skip
    assert (obs.pay_low_rub, obs.pay_high_rub, obs.pay_in_stats) == (45000.0, 60000.0, True)
    assert obs.description_text == "Входящие звонки.\n\n• График 2/2\n• Обучение"
    assert obs.is_detail is True


def test_an_hourly_rate_is_one_value_converted_to_a_month():
    [(_, obs)] = _parsed("pages/hourly.htm")

    assert (obs.vacancy_id, obs.employer_name, obs.area_name) == (
        "courier-7", "Быстрая доставка", "Московская область",
    )  # fmt: skip
    assert (obs.pay_from_original, obs.pay_to_original, obs.pay_period_original) == (
        350, 350, "hour",
    )  # fmt: skip
    assert obs.pay_low_rub == obs.pay_high_rub > 350 * 100
    assert obs.employment == "part"


def test_a_graph_gives_every_posting_telecommute_is_remote():
    [(first_at, first), (second_at, second)] = _parsed("pages/remote_graph.html")

    assert (first_at, second_at) == ("script 1.@graph[1]", "script 1.@graph[2]")
    assert (first.work_format, second.work_format) == ("remote", "remote")
    assert (first.employment, second.employment) == ("project", "probation")
    assert first.vacancy_id == "https://jobs.example/support"  # no identifier: the url
    assert second.vacancy_id.startswith("sha1:")  # neither: a hash of title, employer, date
    assert (first.currency_original, first.pay_period_original) == ("USD", "year")
    assert second.pay_in_stats is False and second.pay_from_original is None


def test_a_jsonld_file_holds_an_array_of_postings():
    [(_, accountant), (_, storekeeper)] = _parsed("postings.jsonld")

    assert accountant.vacancy_id == "5501"  # a numeric PropertyValue
    assert (accountant.pay_from_original, accountant.pay_to_original) == (70000, None)
    assert (storekeeper.pay_period_original, storekeeper.pay_from_original) == ("day", 2500)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("pages/no_posting.html", ("$", "not_a_vacancy")),
     ("pages/broken.html", ("script 1", "invalid_json"))],
)  # fmt: skip
def test_a_page_without_a_posting_or_with_broken_json_ld_is_one_quarantine_row(name, reason):
    assert _parsed(name) == [reason]


_POSTING = '{"@type": "JobPosting", "title": "Повар", "datePosted": "2026-11-05"}'


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # The MIME type in any letter case; other script types are not JSON-LD.
        (f'<script type="Application/LD+JSON">{_POSTING}</script>', ["script 1"]),
        (f'<script type="text/javascript">{_POSTING}</script>', ["$"]),
        # JSON as sites write it: a comment line first, comments inside, trailing commas.
        (f'<script type="application/ld+json">// job\n{_POSTING}</script>', ["script 1"]),
        (
            '<script type="application/ld+json">{"@type": "JobPosting", /* x */ "title": "a",}'
            "</script>",
            ["script 1"],
        ),
        # Empty objects and scalars in an array are skipped, nested arrays searched.
        (
            f'<script type="application/ld+json">[{_POSTING}, {{}}, null, [{_POSTING}]]</script>',
            ["script 1[0]", "script 1[1][0]"],
        ),
        # Script-like text in comments and text areas is not a script; a page that is only a
        # comment has no posting (a quarantine row, not a file error).
        (f'<!-- <script type="application/ld+json">{_POSTING}</script> -->', ["$"]),
        (f'<textarea><script type="application/ld+json">{_POSTING}</script></textarea>', ["$"]),
        # Text that is not UTF-8 reads as U+FFFD, the posting still found.
        (f'<script type="application/ld+json">{_POSTING}</script>'.encode("cp1251"), ["script 1"]),
    ],
)
def test_json_ld_scripts_are_found_by_an_html_parser(page, expected):
    data = page if isinstance(page, bytes) else page.encode()
    assert [where for where, _, _ in candidates(data, CTX)] == expected


def test_json_ld_text_is_what_the_browser_sees():
    page = (
        b'<script type="application/ld+json">{"@type": "JobPosting", "title": "a &amp; b\r\nc",'
        b' "x": "</b>"}</script>'
    )
    [(_, posting, _)] = candidates(page, CTX)
    assert posting["title"] == "a &amp; b\nc"  # script text: no entities, newlines normalised
    assert posting["x"] == "</b>"


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (None, (None, None, None, "month")),
        ({"currency": "RUB", "value": 50000}, (50000, 50000, "RUB", "month")),
        ({"currency": "RUB", "value": {"value": "50 000"}}, (50000.0, 50000.0, "RUB", "month")),
        ({"currency": "EUR", "value": {"minValue": 100, "unitText": "week"}},
         (100, None, "EUR", "week")),
        ({"currency": "RUB", "value": {"maxValue": 900000, "unitText": "YEAR"}},
         (None, 900000, "RUB", "year")),
    ],
)  # fmt: skip
def test_base_salary_gives_bounds_currency_and_period(salary, expected):
    assert pay_of({"baseSalary": salary}) == expected


def test_an_unknown_salary_unit_is_refused_naming_it():
    with pytest.raises(RecordError, match="unitText 'FORTNIGHT'") as caught:
        pay_of({"baseSalary": {"value": {"value": 1, "unitText": "FORTNIGHT"}}})
    assert caught.value.code == "unknown_pay_period"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("FULL_TIME", "full"),
        ("part-time", "part"),
        (["OTHER", "CONTRACTOR"], "project"),
        ("INTERN", "probation"),
        ("OTHER", None),
        (None, None),
    ],
)
def test_employment_type_maps_to_canonical_employment(value, expected):
    assert employment_of(value) == expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"identifier": "A-1", "url": "https://x"}, "A-1"),
        ({"identifier": [{"@type": "PropertyValue", "value": 7}]}, "7"),
        ({"url": "https://x/1"}, "https://x/1"),
    ],
)
def test_the_vacancy_id_is_the_identifier_else_the_url(record, expected):
    assert vacancy_id_of(record, "t", None) == expected


def test_postings_are_found_by_type_in_any_spelling():
    value = [
        {"@type": "https://schema.org/JobPosting", "title": "a"},
        {"@type": ["Thing", "JobPosting"], "title": "b"},
        {"@type": "Organization"},
    ]
    assert [where for where, _ in postings_in(value)] == ["[0]", "[1]"]


def test_a_posting_without_title_or_date_is_refused():
    with pytest.raises(RecordError) as no_title:
        parse_vacancy({"@type": "JobPosting", "datePosted": "2026-11-01"}, CTX)
    with pytest.raises(RecordError) as no_date:
        parse_vacancy({"@type": "JobPosting", "title": "Повар"}, CTX)
    assert (no_title.value.code, no_date.value.code) == ("missing_title", "bad_date")
    with pytest.raises(RecordError):
        parse_vacancy(Broken("invalid_json", "x", 0, ""), CTX)


def test_a_folder_of_pages_loads_every_record_accounted_for(tmp_path):
    con = db.connect(tmp_path / "warehouse.duckdb")
    folder = tmp_path / "pages"
    shutil.copytree(PAGES, folder)
    write_json(folder / "manifest.json", {"fetched_at": "2026-11-20T00:00:00Z"})
    (folder / "notes.md").write_text("not a page")
    (folder / "more.jsonld.gz").write_bytes(
        gzip.compress((DATA / "jobposting" / "postings.jsonld").read_bytes())
    )

    report = ingest(con, [folder], source="jobposting")
    again = ingest(con, [folder], source="jobposting")

    [snapshot] = report.snapshots
    assert snapshot.files == 6
    assert snapshot.records_read == (
        snapshot.records_loaded + snapshot.records_quarantined + snapshot.records_duplicate
    )
    assert (snapshot.records_read, snapshot.records_loaded, snapshot.records_quarantined) == (
        8, 6, 2,
    )  # fmt: skip
    assert snapshot.quarantine_reasons == {"not_a_vacancy": 1, "invalid_json": 1}
    messages = [m for (m,) in con.execute("select message from quarantine").fetchall()]
    assert any("broken.html: record 1 (script 1): broken JSON-LD" in m for m in messages)
    sources = con.execute("select distinct source from vacancies").fetchall()
    assert sources == [("jobposting",)]
    assert con.execute("select count(*) from vacancies").fetchone()[0] == 6
    assert [s.status for s in again.snapshots] == ["already_loaded"]
    assert con.execute("select count(*) from vacancies").fetchone()[0] == 6
    con.close()


def test_zarplata_is_read_by_the_hh_parser_and_stored_as_its_own_source(tmp_path):
    con = db.connect(tmp_path / "warehouse.duckdb")
    page = write_json(tmp_path / "zarplata.json", hh_page(hh_item("501"), hh_item("502")))

    [snapshot] = ingest(con, [page], source="zarplata").snapshots

    assert (snapshot.status, snapshot.records_loaded) == ("loaded", 2)
    rows = con.execute("select source, vacancy_id from vacancies order by 2").fetchall()
    assert rows == [("zarplata", "501"), ("zarplata", "502")]
    con.close()


def test_the_parser_does_not_pull_in_a_web_scraping_stack():
    """extruct brought rdflib, html5lib, requests and lxml into every import of the CLI."""
    heavy = ("extruct", "rdflib", "html5lib", "requests", "lxml", "bs4")
    probe = (
        "import sys, pipelines.sources.jobposting.parse; "
        f"print(*[name for name in {heavy!r} if name in sys.modules])"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )

    assert found.stdout.split() == []
