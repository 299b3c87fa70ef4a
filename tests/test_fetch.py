"""Fetching hh.ru search results from a local stand-in server: pages, retries, refusals,
the 2000-result cap split by date, resuming an interrupted fetch. No test touches the internet."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from pipelines.sources.fetch import FetchError, SearchQuery, Window, fetch_snapshot
from pipelines.sources.fetch_session import ApiSession
from pipelines.sources.hh.client import HhApi
from tests.fetch_fakes import (
    FakeHh,
    by_page,
    hh_page,
    json_response,
    quick_settings,
    searches,
    serve_hh_dictionaries,
    spread,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def hh(httpserver):
    serve_hh_dictionaries(httpserver)
    return HhApi({"PAYSCOPE_HH_URL": f"http://127.0.0.1:{httpserver.port}"})


def fetch(api, folder, sleeps=None, **query):
    return fetch_snapshot(api, SearchQuery(**query), folder, quick_settings(sleeps), now=NOW)


def saved(folder, name: str) -> dict:
    return json.loads(gzip.decompress((folder / name).read_bytes()))


def test_pages_are_fetched_to_the_last_and_kept_gzipped_as_received(hh, httpserver, tmp_path):
    pages = {0: hh_page(["1", "2"], 0, 3), 1: hh_page(["3", "4"], 1, 3), 2: hh_page(["5"], 2, 3)}
    httpserver.expect_request("/vacancies").respond_with_handler(by_page(pages))

    summary = fetch(hh, tmp_path, text="оператор чата", area="1", per_page=2)

    assert (summary.pages, summary.items, summary.slices, summary.retries) == (3, 5, 1, 0)
    assert sorted(p.name for p in tmp_path.glob("page-*")) == [
        "page-0001.json.gz",
        "page-0002.json.gz",
        "page-0003.json.gz",
    ]
    assert saved(tmp_path, "page-0003.json.gz") == pages[2]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["source"] == "hh" and manifest["synthetic"] is False
    assert manifest["fetched_at"] == "2026-11-25T12:00:00+00:00"
    assert manifest["query"]["text"] == "оператор чата"
    assert manifest["query"]["since"] is None  # the default window: 30 days before the fetch
    assert manifest["counts"]["items"] == 5 and manifest["pages"] == 3
    assert manifest["rates_rub_per_unit"] == {"USD": 80.0, "BYN": 25.0}  # ingest converts at these
    assert saved(tmp_path, "dictionaries.json.gz")["currency"][1]["code"] == "USD"
    request = httpserver.log[0][0]
    assert request.args["text"] == "оператор чата" and request.args["area"] == "1"
    assert request.args["date_from"] == "2026-10-26T12:00:00+0000"
    assert request.args["date_to"] == "2026-11-25T12:00:00+0000"
    assert request.args["no_magic"] == "true"


def test_the_user_agent_names_payscope_and_the_contact_and_a_token_is_sent(
    httpserver, tmp_path, monkeypatch
):
    monkeypatch.setenv("PAYSCOPE_CONTACT", "data@example.org")
    api = HhApi({"PAYSCOPE_HH_URL": httpserver.url_for("/"), "HH_TOKEN": "t0ken"})
    serve_hh_dictionaries(httpserver)
    httpserver.expect_request("/vacancies").respond_with_json(hh_page(["1"], 0, 1))

    fetch(api, tmp_path)

    headers = httpserver.log[0][0].headers
    assert headers["User-Agent"] == "PayScope/0.1.0 (data@example.org)"
    assert headers["HH-User-Agent"] == headers["User-Agent"]
    assert headers["Authorization"] == "Bearer t0ken"
    assert "t0ken" not in (tmp_path / "manifest.json").read_text()


def test_429_waits_as_long_as_retry_after_says_then_succeeds(hh, httpserver, tmp_path):
    httpserver.expect_oneshot_request("/vacancies").respond_with_response(
        json_response({"errors": [{"type": "too_many_requests"}]}, 429, **{"Retry-After": "7"})
    )
    httpserver.expect_request("/vacancies").respond_with_json(hh_page(["1"], 0, 1))
    sleeps: list[float] = []

    summary = fetch(hh, tmp_path, sleeps)

    assert (summary.requests, summary.retries, summary.items) == (3, 1, 1)  # + dictionaries
    assert sleeps == [7.0]  # the back-off (≤ 0.5 s here) is shorter than the server's ask


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_retried_with_growing_jittered_waits(hh, httpserver, tmp_path, status):
    for _ in range(2):
        httpserver.expect_oneshot_request("/vacancies").respond_with_data("oops", status=status)
    httpserver.expect_request("/vacancies").respond_with_json(hh_page(["1"], 0, 1))
    sleeps: list[float] = []

    summary = fetch(hh, tmp_path, sleeps)

    assert summary.retries == 2 and summary.items == 1
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0  # backoff 0.5 · 2^n · (½…1)


def test_a_server_that_keeps_failing_stops_the_fetch_with_the_url(hh, httpserver, tmp_path):
    httpserver.expect_request("/vacancies").respond_with_data("down", status=503)

    with pytest.raises(FetchError, match=r"/vacancies\?.*gave up after 4 attempts, last: HTTP 503"):
        fetch(hh, tmp_path)
    assert not (tmp_path / "manifest.json").exists()


def test_a_transport_error_is_retried():
    calls = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json={"ok": True})

    with ApiSession("http://api.test", {}, quick_settings(), None, httpx.MockTransport(flaky)) as s:
        assert s.get_json("vacancies", {"page": 0})[0] == {"ok": True}
    assert (len(calls), s.retries) == (2, 1)


def test_malformed_json_is_retried_then_fails_naming_the_url(hh, httpserver, tmp_path):
    httpserver.expect_request("/vacancies").respond_with_data('{"items": [', status=200)

    with pytest.raises(FetchError) as caught:
        fetch(hh, tmp_path)

    message = str(caught.value)
    assert f"127.0.0.1:{httpserver.port}/vacancies?" in message and "not valid JSON" in message
    assert "tried 3 times" in message and len(searches(httpserver)) == 3


def test_malformed_json_once_is_just_retried(hh, httpserver, tmp_path):
    httpserver.expect_oneshot_request("/vacancies").respond_with_data("<html>", status=200)
    httpserver.expect_request("/vacancies").respond_with_json(hh_page(["1"], 0, 1))

    assert fetch(hh, tmp_path).items == 1


def test_an_empty_page_ends_the_listing(hh, httpserver, tmp_path):
    pages = {0: hh_page(["1", "2"], 0, 5), 1: hh_page([], 1, 5)}
    httpserver.expect_request("/vacancies").respond_with_handler(by_page(pages))

    summary = fetch(hh, tmp_path, per_page=2)

    assert (summary.pages, summary.items, len(searches(httpserver))) == (2, 2, 2)


def test_a_captcha_stops_at_once_with_what_to_do(hh, httpserver, tmp_path):
    captcha = {
        "errors": [
            {
                "type": "captcha_required",
                "value": "captcha_required",
                "captcha_url": "https://hh.ru/account/captcha?state=x",
            }
        ]
    }
    httpserver.expect_request("/vacancies").respond_with_json(captcha, status=403)

    with pytest.raises(FetchError, match="captcha.*HH_TOKEN.*re-run the same command"):
        fetch(hh, tmp_path)
    assert len(httpserver.log) == 1  # not retried hot


def test_a_retry_after_beyond_ten_minutes_stops_instead_of_waiting(hh, httpserver, tmp_path):
    httpserver.expect_request("/vacancies").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    sleeps: list[float] = []

    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        fetch(hh, tmp_path, sleeps)
    assert sleeps == []


def test_more_than_2000_found_splits_the_period_until_each_slice_is_under_the_cap(
    hh, httpserver, tmp_path
):
    server = FakeHh(spread(4500, datetime(2026, 11, 1), days=24))
    httpserver.expect_request("/vacancies").respond_with_handler(server)

    summary = fetch(hh, tmp_path, since=date(2026, 11, 1))

    ids = set()
    for page in tmp_path.glob("page-*.json.gz"):
        ids |= {item["id"] for item in saved(tmp_path, page.name)["items"]}
    assert len(ids) == summary.found == 4500  # every vacancy, though one query reaches 2000
    assert summary.slices == 4 and not summary.truncated
    probes = [a for a in server.asked if a["found"] > 2000]
    assert [a["page"] for a in probes] == [0, 0, 0]  # the whole period, then each big half
    assert all(a["page"] * 100 < 2000 for a in server.asked)
    checkpoint = json.loads((tmp_path / "checkpoint.json").read_text())
    assert sorted(checkpoint["split"].values()) == [2203, 2297, 4500]  # period, then halves


def test_a_slice_too_short_to_split_is_fetched_to_the_cap_and_reported(hh, httpserver, tmp_path):
    server = FakeHh([datetime(2026, 11, 24, 10, 0)] * 2100)  # one burst, one 5-minute slot
    httpserver.expect_request("/vacancies").respond_with_handler(server)

    summary = fetch(hh, tmp_path, since=date(2026, 11, 24))

    assert summary.items == 2000
    assert list(summary.truncated.values()) == [2100]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert list(manifest["truncated_slices"].values()) == [2100]


def test_an_interrupted_fetch_continues_where_it_stopped(hh, httpserver, tmp_path):
    pages = {n: hh_page([f"{n}a", f"{n}b"], n, 4) for n in range(4)}
    httpserver.expect_ordered_request("/vacancies").respond_with_json(pages[0])
    httpserver.expect_ordered_request("/vacancies").respond_with_json(pages[1])
    httpserver.expect_ordered_request("/vacancies").respond_with_json(
        {"errors": [{"type": "bad_argument", "value": "page"}]}, status=400
    )
    with pytest.raises(FetchError, match="HTTP 400"):
        fetch(hh, tmp_path, per_page=2)
    assert not (tmp_path / "manifest.json").exists()
    assert len(json.loads((tmp_path / "checkpoint.json").read_text())["pages"]) == 2

    httpserver.clear()
    serve_hh_dictionaries(httpserver)
    httpserver.expect_request("/vacancies").respond_with_handler(by_page(pages))
    later = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    summary = fetch_snapshot(hh, SearchQuery(per_page=2), tmp_path, quick_settings(), now=later)

    assert [int(r.args["page"]) for r in searches(httpserver)] == [2, 3]
    assert (summary.pages, summary.resumed_pages, summary.items) == (4, 2, 8)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["fetched_at"] == "2026-11-25T12:00:00+00:00"  # the first run's time
    assert httpserver.log[0][0].args["date_to"] == "2026-11-25T12:00:00+0000"


def test_an_unfinished_fetch_of_another_query_is_not_mixed_in(hh, httpserver, tmp_path):
    httpserver.expect_request("/vacancies").respond_with_data("down", status=503)
    with pytest.raises(FetchError):
        fetch(hh, tmp_path, text="бухгалтер")

    with pytest.raises(FetchError, match="other parameters.*text=бухгалтер.*another --out"):
        fetch(hh, tmp_path, text="оператор")


def test_a_complete_folder_is_left_as_it_is(hh, httpserver, tmp_path):
    httpserver.expect_request("/vacancies").respond_with_json(hh_page(["1"], 0, 1))
    fetch(hh, tmp_path)
    before = (tmp_path / "manifest.json").read_bytes()

    again = fetch(hh, tmp_path)

    assert again.status == "already_complete" and len(searches(httpserver)) == 1
    assert (tmp_path / "manifest.json").read_bytes() == before


def test_details_fetch_each_listed_vacancy_once_and_count_the_removed(hh, httpserver, tmp_path):
    pages = {0: hh_page(["11", "12"], 0, 2), 1: hh_page(["12", "13"], 1, 2)}
    httpserver.expect_request("/vacancies").respond_with_handler(by_page(pages))
    for vacancy_id in ("11", "12"):
        detail = hh_page([vacancy_id], 0, 1)["items"][0] | {"description": "<p>Чат</p>"}
        httpserver.expect_request(f"/vacancies/{vacancy_id}").respond_with_json(detail)
    httpserver.expect_request("/vacancies/13").respond_with_json(
        {"errors": [{"type": "not_found"}]}, status=404
    )

    summary = fetch(hh, tmp_path, per_page=2, details=True)

    assert (summary.details, summary.details_gone) == (2, 1)
    assert sorted(p.name for p in (tmp_path / "vacancies").iterdir()) == [
        "11.json.gz",
        "12.json.gz",
    ]
    assert saved(tmp_path / "vacancies", "12.json.gz")["description"] == "<p>Чат</p>"


@pytest.mark.parametrize(
    ("start", "end", "middle"),
    [
        ("2026-11-01T00:00", "2026-11-25T12:00", "2026-11-13T06:00"),
        ("2026-11-01T00:03", "2026-11-01T00:17", "2026-11-01T00:10"),  # on the 5-minute clock
        ("2026-11-01T00:00", "2026-11-01T00:10", "2026-11-01T00:05"),
    ],
)
def test_a_window_is_halved_on_the_5_minute_clock_hh_rounds_to(start, end, middle):
    window = Window(datetime.fromisoformat(start), datetime.fromisoformat(end))

    first, second = window.halves(timedelta(minutes=5))

    assert (first.start, first.end, second.end) == (window.start, second.start, window.end)
    assert first.end == datetime.fromisoformat(middle)


def test_a_since_date_that_is_not_in_the_past_is_refused_before_anything_is_written(hh, tmp_path):
    with pytest.raises(FetchError, match="--since 2026-11-25 is not before today"):
        fetch(hh, tmp_path / "snap", since=date(2026, 11, 25))
    assert not (tmp_path / "snap").exists()
