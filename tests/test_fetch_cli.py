"""`payscope fetch hh|superjob|trudvsem` against local stand-in servers, and the folder it
writes loaded by `payscope ingest`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.fetch_fakes import by_page, hh_page, searches, serve_hh_dictionaries

runner = CliRunner()


@pytest.fixture
def api_env(httpserver, monkeypatch):
    """Every source's base URL pointed at the local server; no pacing, no back-off waits."""
    base = f"http://127.0.0.1:{httpserver.port}"
    monkeypatch.setenv("PAYSCOPE_HH_URL", base)
    monkeypatch.setenv("PAYSCOPE_SUPERJOB_URL", f"{base}/2.0")
    monkeypatch.setenv("PAYSCOPE_TRUDVSEM_URL", f"{base}/api/v1")
    monkeypatch.setenv("PAYSCOPE_FETCH_INTERVAL", "0")
    monkeypatch.setenv("PAYSCOPE_FETCH_BACKOFF", "0")
    monkeypatch.setenv("PAYSCOPE_CONTACT", "data@example.org")
    monkeypatch.delenv("SUPERJOB_APP_ID", raising=False)
    monkeypatch.delenv("HH_TOKEN", raising=False)
    serve_hh_dictionaries(httpserver)
    return httpserver


def ingest(folder, tmp_path, source: str) -> dict:
    result = runner.invoke(
        app,
        ["ingest", str(folder), "--db", str(tmp_path / "w.duckdb"), "--source", source, "--json"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["snapshots"][0]


def test_hh_fetch_then_ingest_loads_every_vacancy_at_the_manifest_time(api_env, tmp_path):
    pages = {0: hh_page(["1", "2"], 0, 2), 1: hh_page(["3"], 1, 2)}
    api_env.expect_request("/vacancies").respond_with_handler(by_page(pages))
    folder = tmp_path / "snap"

    fetched = runner.invoke(
        app,
        [
            "fetch",
            "hh",
            "--query",
            "оператор",
            "--role",
            "83",
            "--role",
            "121",
            "--since",
            "2026-11-01",
            "--per-page",
            "2",
            "--out",
            str(folder),
        ],
    )

    assert fetched.exit_code == 0, fetched.output
    assert "hh: 2 pages, 3 vacancies of 4 found in 1 slice(s)" in fetched.stdout
    assert api_env.log[0][0].args.getlist("professional_role") == ["83", "121"]
    manifest = json.loads((folder / "manifest.json").read_text())
    snapshot = ingest(folder, tmp_path, "hh")
    assert (snapshot["status"], snapshot["records_loaded"]) == ("loaded", 3)
    assert snapshot["fetched_at_basis"] == "manifest"
    assert snapshot["fetched_at"] == manifest["fetched_at"].replace("+00:00", "")


def test_a_failed_fetch_says_what_was_kept_and_that_the_same_command_continues(api_env, tmp_path):
    api_env.expect_oneshot_request("/vacancies").respond_with_json(hh_page(["1", "2"], 0, 2))
    api_env.expect_request("/vacancies").respond_with_data("down", status=503)
    command = ["fetch", "hh", "--per-page", "2", "--out", str(tmp_path / "snap")]

    failed = runner.invoke(app, command)

    assert failed.exit_code == 1
    assert "gave up after 6 attempts, last: HTTP 503" in failed.output
    assert "the same command continues from there" in failed.output
    api_env.clear()
    serve_hh_dictionaries(api_env)
    api_env.expect_request("/vacancies").respond_with_json(hh_page(["3"], 1, 2))
    resumed = runner.invoke(app, command)
    assert resumed.exit_code == 0, resumed.output
    assert "2 pages (1 from an earlier run), 3 vacancies" in resumed.stdout
    again = runner.invoke(app, command)
    assert "already complete" in again.stdout


SUPERJOB_VACANCY = {
    "id": 51234567,
    "profession": "Оператор колл-центра (удалённо)",
    "firm_name": "ООО Пример",
    "payment_from": 45000,
    "payment_to": 0,
    "currency": "rub",
    "agreement": False,
    "date_published": 1763971200,
    "town": {"id": 4, "title": "Москва"},
    "type_of_work": {"id": 12, "title": "Сменный график"},
    "place_of_work": {"id": 2, "title": "На дому"},
    "experience": {"id": 1, "title": "Без опыта"},
    "link": "https://www.superjob.ru/vakansii/operator-51234567.html",
}


def test_superjob_without_an_app_key_says_how_to_get_one(api_env, tmp_path):
    result = runner.invoke(app, ["fetch", "superjob", "--out", str(tmp_path / "snap")])

    assert result.exit_code == 1
    assert "SUPERJOB_APP_ID" in result.output and "api.superjob.ru/register" in result.output
    assert not (tmp_path / "snap").exists() and not api_env.log


def test_superjob_sends_the_key_pages_while_more_and_keeps_the_key_out_of_files(
    api_env, tmp_path, monkeypatch
):
    monkeypatch.setenv("SUPERJOB_APP_ID", "v3.r.secret-key")
    pages = {
        0: {"objects": [SUPERJOB_VACANCY], "total": 2, "more": True},
        1: {"objects": [SUPERJOB_VACANCY | {"id": 51234568}], "total": 2, "more": False},
    }
    api_env.expect_request("/2.0/vacancies/").respond_with_handler(by_page(pages))
    folder = tmp_path / "snap"

    result = runner.invoke(
        app,
        [
            "fetch",
            "superjob",
            "--query",
            "оператор",
            "--area",
            "4",
            "--per-page",
            "1",
            "--since",
            "2026-11-01",
            "--out",
            str(folder),
        ],
    )

    assert result.exit_code == 0, result.output
    assert "superjob: 2 pages, 2 vacancies of 2 found" in result.stdout
    request = api_env.log[0][0]
    assert request.headers["X-Api-App-Id"] == "v3.r.secret-key"
    assert request.args["keyword"] == "оператор" and request.args["town"] == "4"
    assert request.args["date_published_from"] == "1793491200"  # 2026-11-01T00:00Z
    assert "secret-key" not in result.output
    assert not any(b"secret-key" in p.read_bytes() for p in folder.iterdir())
    assert ingest(folder, tmp_path, "superjob")["records_loaded"] == 2


def test_details_are_for_hh_only(api_env, tmp_path):
    result = runner.invoke(app, ["fetch", "trudvsem", "--details", "--out", str(tmp_path)])

    assert result.exit_code == 2 and "--details is for hh only" in result.output


def trudvsem_page(ids: list[str], total: int) -> dict:
    vacancies = [
        {
            "vacancy": {
                "id": vacancy_id,
                "job-name": "Оператор контакт-центра",
                "creation-date": "2026-11-18",
                "salary_min": 35000,
                "salary_max": 0,
                "currency": "«руб.»",
                "region": {"region_code": "6600000000000", "name": "Свердловская область"},
                "company": {"name": "ООО Пример"},
                "schedule": "Сменный график",
                "employment": "Полная занятость",
            }
        }
        for vacancy_id in ids
    ]
    results = {"vacancies": vacancies} if vacancies else {}  # an empty result has no list
    return {"status": "200", "meta": {"total": total, "limit": 2}, "results": results}


def test_trudvsem_pages_by_offset_in_a_region_until_the_results_run_out(api_env, tmp_path):
    pages = {
        0: trudvsem_page(["a-1", "a-2"], 5),
        1: trudvsem_page(["a-3"], 5),
        2: trudvsem_page([], 5),
    }
    path = "/api/v1/vacancies/region/6600000000000"
    api_env.expect_request(path).respond_with_handler(
        by_page(pages, "offset")  # Trudvsem's `offset` is a page number
    )
    folder = tmp_path / "snap"

    result = runner.invoke(
        app,
        ["fetch", "trudvsem", "--area", "6600000000000", "--per-page", "2", "--out", str(folder)],
    )

    assert result.exit_code == 0, result.output
    assert "trudvsem: 3 pages, 3 vacancies of 5 found" in result.stdout
    assert [r.args["offset"] for r in searches(api_env, path)] == ["0", "1", "2"]
    assert api_env.log[0][0].args["limit"] == "2" and "modifiedFrom" not in api_env.log[0][0].args
    assert ingest(folder, tmp_path, "trudvsem")["records_loaded"] == 3


def test_trudvsem_refuses_a_role_filter_it_has_no_equivalent_for(api_env, tmp_path):
    result = runner.invoke(app, ["fetch", "trudvsem", "--role", "83", "--out", str(tmp_path)])

    assert result.exit_code == 1 and "no profession filter" in result.output
