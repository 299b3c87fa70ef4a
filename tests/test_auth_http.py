"""The OIDC login end to end: `streamlit run app.py` with PAYSCOPE_AUTH=oidc and its [auth]
secrets in a file named by STREAMLIT_SECRETS_FILES (as compose.yaml mounts them), a fake OpenID
provider (discovery, JWKS, authorize, token with a signed ID token), and headless Chromium.

Before login the health check answers and the page is the login page, with no figure and no
sidebar; the button goes through the provider and back, and then the data shows, with the user
in the sidebar. Screenshots land in tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    IDLE_FOR_A_SECOND,
    TIMEOUT_MS,
    free_port,
    streamlit_server,
    sync_api,
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: apt-get install chromium")
pytest.importorskip("authlib", reason="Authlib is not installed: pip install -e '.[deploy]'")
httpserver = pytest.importorskip("pytest_httpserver", reason="pytest-httpserver (dev extra)")

CLIENT_ID = "payscope-test"
EMAIL = "alice@example.org"


class FakeProvider:
    """An OpenID provider that logs in one user at once (no form) and signs her ID token."""

    def __init__(self):
        from joserfc.jwk import RSAKey

        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig",
                                                         "alg": "RS256"})  # fmt: skip
        self.server = httpserver.HTTPServer(host="127.0.0.1", port=free_port())
        self.nonce: str | None = None
        self.token_requests = 0

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def start(self) -> None:
        from werkzeug import Response

        issuer = self.issuer
        self.server.expect_request("/.well-known/openid-configuration").respond_with_json({
            "issuer": issuer, "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token", "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        })  # fmt: skip
        self.server.expect_request("/jwks").respond_with_json(
            {"keys": [self.key.as_dict(private=False)]}
        )

        def authorize(request):
            assert request.args["client_id"] == CLIENT_ID
            self.nonce = request.args.get("nonce")
            back = {"code": "the-code", "state": request.args["state"]}
            return Response(status=302, headers={
                "Location": f"{request.args['redirect_uri']}?{urlencode(back)}"})  # fmt: skip

        def token(request):
            assert request.form["code"] == "the-code"
            self.token_requests += 1
            return Response(json.dumps({
                "access_token": "opaque", "token_type": "Bearer", "expires_in": 300,
                "id_token": self.id_token(),
            }), content_type="application/json")  # fmt: skip

        self.server.expect_request("/authorize").respond_with_handler(authorize)
        self.server.expect_request("/token", method="POST").respond_with_handler(token)
        self.server.start()

    def id_token(self) -> str:
        from joserfc import jwt

        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "sub": "u-1", "email": EMAIL,
                  "email_verified": True, "name": "Alice", "iat": now, "exp": now + 300,
                  "nonce": self.nonce}  # fmt: skip
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)


@pytest.fixture(scope="module")
def provider():
    fake = FakeProvider()
    fake.start()
    yield fake
    fake.server.stop()


@pytest.fixture(scope="module")
def server(demo_warehouse, provider, tmp_path_factory):
    """`streamlit run app.py` with login on, configured as compose.yaml does it."""
    port = free_port()
    folder = tmp_path_factory.mktemp("auth")
    secrets = folder / "payscope_auth.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-of-some-length"\n'
        f'client_id = "{CLIENT_ID}"\n'
        'client_secret = "a-test-client-secret"\n'
        f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "PAYSCOPE_DB": str(demo_warehouse), "PAYSCOPE_AUTH": "oidc",
           "PAYSCOPE_AUTH_ALLOW": "@example.org",
           "STREAMLIT_SECRETS_FILES": str(secrets)}  # fmt: skip
    log_path = folder / "streamlit.log"
    with streamlit_server(port, env, log_path) as base:
        yield base, log_path


def test_the_health_check_answers_with_login_on(server):
    base, _ = server
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as answer:
        assert answer.status == 200
        assert answer.read().strip() == b"ok"


def test_login_page_first_then_the_data_after_the_provider_says_who(server, provider):
    base, log_path = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(base)
            page.get_by_text("Вход в PayScope").wait_for()
            page.wait_for_function(IDLE_FOR_A_SECOND, polling=250)
            page.screenshot(path=ARTIFACTS / "auth-login.png")
            assert page.locator('[data-testid="stMetric"]').count() == 0
            assert page.locator('[data-testid="stSidebar"]').count() == 0
            assert "синтетические" not in page.content()  # not even the demo banner

            page.get_by_role("button", name="Войти").click()
            page.locator('[data-testid="stMetric"]').first.wait_for()
            page.wait_for_function(IDLE_FOR_A_SECOND, polling=250)
            page.screenshot(path=ARTIFACTS / "auth-logged-in.png")
            sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        finally:
            browser.close()
    assert provider.token_requests == 1, log_path.read_text()
    assert EMAIL in sidebar and "Выйти" in sidebar
