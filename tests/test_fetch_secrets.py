"""API credentials stay with their host: secret headers are dropped on a redirect to another
host (two local servers on different ports are different hosts), and no error prints them."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from pipelines.sources.fetch import FetchError, user_agent
from pipelines.sources.fetch_secrets import redact, redact_url
from pipelines.sources.fetch_session import ApiSession
from pipelines.sources.hh.client import HhApi
from pipelines.sources.superjob.client import SuperJobApi
from pipelines.sources.trudvsem.client import TrudvsemApi
from tests.fetch_fakes import quick_settings

SECRETS = {"HH_TOKEN": "hh-t0ken-secret", "SUPERJOB_APP_ID": "v3.r.sj-app-secret"}


@pytest.fixture
def other_host():
    """A second server: another port is another origin, as another host would be."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def _redirect(to: str, status: int = 302) -> Response:
    return Response("", status=status, headers={"Location": to})


def _client_headers() -> list[tuple[str, dict[str, str]]]:
    """Each source client's own headers, credentials included, plus an invented key header."""
    ua = user_agent()
    return [
        ("hh", HhApi(dict(SECRETS)).headers(ua)),
        ("superjob", SuperJobApi(dict(SECRETS)).headers(ua)),
        ("trudvsem", TrudvsemApi({}).headers(ua)),
        ("any key", {"User-Agent": ua, "X-Partner-Key": "partner-secret", "Cookie": "sid=abc1"}),
    ]


@pytest.mark.parametrize(("source", "headers"), _client_headers(), ids=lambda v: str(v)[:8])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_host_drops_every_secret_header(
    httpserver, other_host, source, headers, status
):
    httpserver.expect_request("/vacancies").respond_with_response(
        _redirect(other_host.url_for("/moved"), status)
    )
    other_host.expect_request("/moved").respond_with_json({"items": []})

    with ApiSession(httpserver.url_for("/"), headers, quick_settings()) as session:
        payload, _ = session.get_json("vacancies", {"page": 0})

    assert payload == {"items": []}
    sent_here = httpserver.log[0][0].headers
    sent_there = other_host.log[0][0].headers
    secret = [k for k in headers if k.lower() not in ("user-agent", "hh-user-agent")]
    for name in secret:
        assert sent_here.get(name) == headers[name]  # the API itself gets its key
        assert name not in sent_there, f"{source}: {name} went to another host"
    assert sent_there.get("User-Agent") == headers["User-Agent"]
    for value in headers.values():
        if value not in (headers.get("User-Agent"), headers.get("HH-User-Agent")):
            assert value not in str(sent_there)


def test_a_redirect_on_the_same_host_keeps_the_key(httpserver):
    headers = SuperJobApi(dict(SECRETS)).headers(user_agent())
    httpserver.expect_request("/old").respond_with_response(_redirect(httpserver.url_for("/new")))
    httpserver.expect_request("/new").respond_with_json({"objects": []})

    with ApiSession(httpserver.url_for("/"), headers, quick_settings()) as session:
        session.get_json("old", {})

    sent = [request.headers.get("X-Api-App-Id") for request, _ in httpserver.log]
    assert sent == [SECRETS["SUPERJOB_APP_ID"]] * 2


def test_a_key_dropped_on_the_way_out_does_not_come_back(httpserver, other_host):
    headers = {"User-Agent": "t", "Authorization": "Bearer hh-t0ken-secret"}
    httpserver.expect_request("/start").respond_with_response(
        _redirect(other_host.url_for("/bounce"))
    )
    other_host.expect_request("/bounce").respond_with_response(
        _redirect(httpserver.url_for("/back"))
    )
    httpserver.expect_request("/back").respond_with_json({})

    with ApiSession(httpserver.url_for("/"), headers, quick_settings()) as session:
        session.get_json("start", {})

    assert "Authorization" not in other_host.log[0][0].headers
    assert "Authorization" not in httpserver.log[1][0].headers


def test_fetch_errors_never_print_url_credentials_or_keys(httpserver):
    user_pass = f"http://scraper:pa55word@127.0.0.1:{httpserver.port}/"
    headers = {"User-Agent": "t", "X-Api-App-Id": SECRETS["SUPERJOB_APP_ID"]}
    echo = f"invalid app id {SECRETS['SUPERJOB_APP_ID']}"
    httpserver.expect_request("/vacancies").respond_with_data(echo, status=400)

    with ApiSession(user_pass, headers, quick_settings()) as session:
        with pytest.raises(FetchError) as caught:
            session.get_json("vacancies", {"api_key": "k3y-secret", "access_token": "tok-secret"})

    message = str(caught.value)
    for secret in ("pa55word", "scraper", "k3y-secret", "tok-secret", SECRETS["SUPERJOB_APP_ID"]):
        assert secret not in message
    assert f"http://***@127.0.0.1:{httpserver.port}/vacancies?" in message
    assert "api_key=***" in message and "HTTP 400" in message


def test_a_transport_error_names_the_url_without_its_credentials():
    with ApiSession(
        "http://u:secret-pw@127.0.0.1:9/?token=abcd1234", {"User-Agent": "t"},
        quick_settings(attempts=1),
    ) as session:  # fmt: skip
        with pytest.raises(FetchError) as caught:
            session.get_json("vacancies", {})

    assert "secret-pw" not in str(caught.value) and "abcd1234" not in str(caught.value)
    assert "127.0.0.1:9" in str(caught.value)


def test_too_many_redirects_is_a_fetch_error(httpserver):
    httpserver.expect_request("/loop").respond_with_response(_redirect(httpserver.url_for("/loop")))

    with ApiSession(httpserver.url_for("/"), {"User-Agent": "t"}, quick_settings()) as session:
        with pytest.raises(FetchError, match="TooManyRedirects"):
            session.get_json("loop", {})


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://api.hh.ru/vacancies?text=a", "https://api.hh.ru/vacancies?text=a"),
        ("https://user:pw@h.example/x", "https://***@h.example/x"),
        ("https://t0ken@h.example/x", "https://***@h.example/x"),
        (
            "https://h.example/x?access_token=abc&page=2",
            "https://h.example/x?access_token=***&page=2",
        ),
        (
            "https://h.example/?app_id=1&sig=2&text=k",
            "https://h.example/?app_id=***&sig=***&text=k",
        ),
        (
            "https://h.example/?keyword=chat&X-Api-Key=9",
            "https://h.example/?keyword=chat&X-Api-Key=***",
        ),
    ],
)
def test_redact_url(url, shown):
    assert redact_url(url) == shown


def test_redact_masks_urls_and_known_values_in_any_text():
    text = "GET https://a:b@h.example/?key=zz: failed, token s3cr3t-value refused"
    assert redact(text, ["s3cr3t-value"]) == (
        "GET https://***@h.example/?key=***: failed, token *** refused"
    )
