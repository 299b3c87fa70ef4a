"""Access control (app_pages/_auth.py): with PAYSCOPE_AUTH=oidc a visitor who has not logged in
gets the login page and no data (no page runs, nothing reads the warehouse); a logged-in user
gets the pages; misconfiguration fails closed; off (the default) changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import _auth, _data
from pipelines.warehouse import db
from tests.ui_text import foreign_words, page_texts, raw_codes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
AUTH = {
    "redirect_uri": "https://payscope.example.org/oauth2callback",
    "cookie_secret": "not-a-real-secret-only-for-the-test",
    "client_id": "payscope",
    "client_secret": "not-a-real-secret-either",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}
ALICE = {"is_logged_in": True, "email": "alice@example.org", "email_verified": True,
         "name": "Alice"}  # fmt: skip


@pytest.fixture
def reads(monkeypatch):
    """Every warehouse read the app makes: calls of _data.load and of db.connect."""
    seen: list[str] = []
    load, connect = _data.load, db.connect

    def spy_load(query, *args, **kwargs):
        seen.append(f"load {getattr(query, '__name__', query)}")
        return load(query, *args, **kwargs)

    def spy_connect(*args, **kwargs):
        seen.append("connect")
        return connect(*args, **kwargs)

    monkeypatch.setattr(_data, "load", spy_load)
    monkeypatch.setattr(db, "connect", spy_connect)
    return seen


def app(monkeypatch, warehouse: Path, *, mode: str | None = "oidc", secrets: dict | None = None,
        user: dict | None = None, page: str | None = None, allow: str = "",
        **query) -> AppTest:  # fmt: skip
    monkeypatch.setenv("PAYSCOPE_DB", str(warehouse))
    monkeypatch.setenv("PAYSCOPE_AUTH_ALLOW", allow)
    if mode is None:
        monkeypatch.delenv("PAYSCOPE_AUTH", raising=False)
    else:
        monkeypatch.setenv("PAYSCOPE_AUTH", mode)
    at = AppTest.from_file(APP, default_timeout=60)
    if secrets is not None:
        at.secrets.update(secrets)
    if user is not None:
        at.user = user
    at.query_params.update(query)
    at.run()
    return at.switch_page(f"app_pages/{page}.py").run() if page else at


def shows_data(at: AppTest) -> bool:
    return bool(at.metric or at.dataframe or at.sidebar.multiselect or at.get("plotly_chart"))


@pytest.mark.parametrize("page", [None, "vacancies", "data", "model"])
def test_a_visitor_who_has_not_logged_in_gets_the_login_page_and_no_data(
    monkeypatch, demo_warehouse, reads, page
):
    at = app(monkeypatch, demo_warehouse, secrets={"auth": AUTH}, user={"is_logged_in": False},
             page=page)  # fmt: skip

    assert not at.exception
    assert at.title[0].value == "Вход в PayScope"
    assert [b.label for b in at.button] == ["Войти"]
    assert not shows_data(at)
    assert not at.warning  # not even the demo banner, which needs a query
    assert reads == []


def test_the_login_page_reads_as_russian_and_switches_to_english(monkeypatch, demo_warehouse):
    at = app(monkeypatch, demo_warehouse, secrets={"auth": AUTH}, user={})
    found = [w for text in page_texts(at) for w in foreign_words(text) + raw_codes(text)]
    assert not found

    english = app(monkeypatch, demo_warehouse, secrets={"auth": AUTH}, user={}, lang="en")
    assert english.title[0].value == "Sign in to PayScope"
    assert [b.label for b in english.button] == ["Sign in"]


def test_one_button_per_named_provider(monkeypatch, demo_warehouse, reads):
    providers = {"cookie_secret": "x", "redirect_uri": AUTH["redirect_uri"],
                 "keycloak": {k: AUTH[k] for k in ("client_id", "client_secret",
                                                   "server_metadata_url")},
                 "google": {k: AUTH[k] for k in ("client_id", "client_secret",
                                                 "server_metadata_url")}}  # fmt: skip
    at = app(monkeypatch, demo_warehouse, secrets={"auth": providers}, user={}, lang="en")

    assert sorted(b.label for b in at.button) == ["Sign in with google", "Sign in with keycloak"]
    assert reads == []


def test_a_logged_in_user_gets_the_pages_and_a_sign_out_button(
    monkeypatch, demo_warehouse, reads
):
    at = app(monkeypatch, demo_warehouse, secrets={"auth": AUTH}, user=ALICE)

    assert not at.exception
    assert at.metric  # the trends page with its figures
    assert "синтетические" in at.warning[0].value
    assert any("alice@example\\.org" in c.value for c in at.sidebar.caption)
    assert "Выйти" in [b.label for b in at.sidebar.button]
    assert reads  # the spy sees the reads it would have caught

    vacancies = app(monkeypatch, demo_warehouse, secrets={"auth": AUTH}, user=ALICE,
                    page="vacancies")  # fmt: skip
    assert not vacancies.exception
    assert vacancies.dataframe


def test_an_account_outside_the_allow_list_gets_no_data(monkeypatch, demo_warehouse, reads):
    allow = "@payscope.example.org, bob@example.org"
    at = app(monkeypatch, demo_warehouse, secrets={"auth": AUTH}, user=ALICE, allow=allow)

    assert not at.exception
    assert "alice@example\\.org" in at.error[0].value
    assert not shows_data(at)
    assert reads == []

    carol = {**ALICE, "email": "carol@payscope.example.org"}
    at = app(monkeypatch, demo_warehouse, secrets={"auth": AUTH}, user=carol, allow=allow)
    assert not at.exception
    assert not at.error
    assert shows_data(at)


@pytest.mark.parametrize(
    ("mode", "secrets"),
    [("oidc", None), ("oidc", {"other": {"token": "x"}}), ("basic", {"auth": AUTH})],
)
def test_misconfigured_login_fails_closed(monkeypatch, demo_warehouse, reads, mode, secrets):
    at = app(monkeypatch, demo_warehouse, mode=mode, secrets=secrets, user=ALICE)

    assert not at.exception
    assert "PAYSCOPE_AUTH" in at.error[0].value
    assert not shows_data(at)
    assert reads == []


@pytest.mark.parametrize("mode", [None, "", "off", "OFF"])
def test_off_by_default_the_dashboard_is_open_as_before(monkeypatch, demo_warehouse, mode):
    at = app(monkeypatch, demo_warehouse, mode=mode)

    assert not at.exception
    assert at.metric
    assert not [b for b in at.sidebar.button if b.label in ("Выйти", "Sign out")]


@pytest.mark.parametrize(
    ("email", "verified", "rules", "expected"),
    [
        ("a@x.org", None, (), True),
        (None, None, (), True),  # no rules: whoever the provider logs in
        ("A@X.org", True, ("a@x.org",), True),
        ("b@x.org", True, ("@x.org",), True),
        ("b@sub.x.org", True, ("@x.org",), False),
        ("b@evilx.org", True, ("@x.org",), False),
        ("a@x.org", False, ("a@x.org",), False),  # the provider did not verify the address
        (None, None, ("@x.org",), False),
        ("not-an-address", None, ("@x.org",), False),
    ],
)
def test_allowed(email, verified, rules, expected):
    assert _auth.allowed(email, verified, rules) is expected
