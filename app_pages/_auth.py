"""Access control for a deployed dashboard: Streamlit's OpenID Connect login (st.login).

Off by default (`make run`, a laptop). `PAYSCOPE_AUTH=oidc` switches it on; the provider is
configured in an `[auth]` section of a secrets.toml that is mounted at run time, never in the
repository (docs/operations.md). app.py calls gate() before the sidebar, so a visitor who is
not logged in gets the login page and nothing else: no page runs and no query reads the
warehouse. Every doubt fails closed: an unknown PAYSCOPE_AUTH value or a missing `[auth]`
section shows a message for the operator instead of the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import streamlit as st

from app_pages._i18n import LANGUAGES, tr
from pipelines.core import config

T = {
    "title": ("Вход в PayScope", "Sign in to PayScope"),
    "why": (
        "Эта панель открыта только для своих. Войдите через учётную запись организации.",
        "This dashboard is private. Sign in with your organisation's account.",
    ),
    "login": ("Войти", "Sign in"),
    "login_with": ("Войти через {provider}", "Sign in with {provider}"),
    "logout": ("Выйти", "Sign out"),
    "signed_in": ("Вы вошли как {who}", "Signed in as {who}"),
    "denied": (
        "Учётной записи {who} доступ к панели не открыт. Попросите администратора добавить её "
        "в `PAYSCOPE_AUTH_ALLOW` или войдите под другой.",
        "The account {who} has no access to this dashboard. Ask the administrator to add it to "
        "`PAYSCOPE_AUTH_ALLOW`, or sign in with another one.",
    ),
    "unverified": ("адрес не подтверждён", "address not verified"),
    "bad_mode": (
        "Неизвестное значение `PAYSCOPE_AUTH={mode}`: допустимы `off` и `oidc`. Данные не "
        "показаны.",
        "Unknown `PAYSCOPE_AUTH={mode}`: use `off` or `oidc`. No data is shown.",
    ),
    "no_secrets": (
        "Вход включён (`PAYSCOPE_AUTH=oidc`), но в `secrets.toml` нет раздела `[auth]`: вход "
        "не настроен, данные не показаны. См. `docs/operations.md`.",
        "Login is on (`PAYSCOPE_AUTH=oidc`) but `secrets.toml` has no `[auth]` section: login "
        "is not configured and no data is shown. See `docs/operations.md`, “Access control”.",
    ),
}


def allowed(email: object, verified: object, rules: Iterable[str]) -> bool:
    """May this logged-in account see data? `rules` are e-mail addresses and @domains (lower
    case); none: everyone the provider logs in. An address the provider says is not verified
    (email_verified false) never matches a rule: anyone can type any address into some
    providers' sign-up forms."""
    rules = tuple(rules)
    if not rules:
        return True
    if not isinstance(email, str) or "@" not in email or verified is False:
        return False
    email = email.strip().lower()
    domain = "@" + email.rsplit("@", 1)[1]
    return email in rules or domain in rules


def _plain(text: str) -> str:
    """A name or address from the provider shown as typed: Markdown and HTML characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$&])", r"\\\1", text)


def _auth_section() -> Mapping | None:
    """The `[auth]` section of the app's secrets, or None (no secrets file, or no section)."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no secrets.toml at all
        return None
    return section if isinstance(section, Mapping) and section else None


def _providers(section: Mapping) -> list[str]:
    """Named providers ([auth.google], [auth.keycloak] …); empty: one provider in [auth]."""
    return [name for name, value in section.items() if isinstance(value, Mapping)]


def _set_language() -> None:
    # The sidebar does this too, but the login page is drawn before it.
    if "ui_lang" not in st.session_state:
        wanted = st.query_params.get("lang", "ru")
        st.session_state["ui_lang"] = wanted if wanted in LANGUAGES else "ru"


def _login_page(section: Mapping) -> None:
    st.title(tr("title", T))
    st.write(tr("why", T))
    providers = _providers(section)
    if not providers:
        st.button(tr("login", T), type="primary", on_click=st.login)
    for name in providers:
        st.button(tr("login_with", T, provider=name), type="primary", on_click=st.login,
                  args=(name,), key=f"login_{name}")  # fmt: skip


def gate() -> None:
    """Return when the visitor may see data; otherwise draw the login page (or say what is
    misconfigured) and stop the script run here."""
    mode = config.auth_mode()
    if mode == "off":
        return
    _set_language()
    if mode != "oidc":
        st.error(tr("bad_mode", T, mode=mode), icon=":material/lock:")
        st.stop()
    section = _auth_section()
    if section is None:
        st.error(tr("no_secrets", T), icon=":material/lock:")
        st.stop()
    if st.user.get("is_logged_in") is not True:
        _login_page(section)
        st.stop()
    who = _plain(str(st.user.get("email") or st.user.get("name") or "?"))
    if not allowed(st.user.get("email"), st.user.get("email_verified"), config.auth_allow()):
        if st.user.get("email_verified") is False:
            who = f"{who} ({tr('unverified', T)})"
        st.error(tr("denied", T, who=who), icon=":material/block:")
        st.button(tr("logout", T), on_click=st.logout)
        st.stop()
    with st.sidebar:
        st.caption(tr("signed_in", T, who=who))
        st.button(tr("logout", T), on_click=st.logout, key="logout")
