"""Credentials of an API session kept to their own host: secret headers are dropped on a
redirect to another origin, and URLs and messages are scrubbed before anyone prints them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

# One rule for every source: only these headers may follow a redirect to another host; every
# other header a client sets (hh.ru's Authorization, SuperJob's X-Api-App-Id, any future key)
# is treated as a secret of the API's own origin.
PUBLIC_HEADERS = frozenset(
    {"user-agent", "hh-user-agent", "accept", "accept-encoding", "accept-language"}
)
# Query parameters that carry credentials by name: access_token, api_key, X-Api-Key, app_id,
# sig, password … (but not SuperJob's `keyword` or hh.ru's `text`).
_SECRET_PARAM = re.compile(
    r"(?:.*[_-])?(?:token|key|secret|password|passwd|pwd|auth|authorization|sig|signature"
    r"|session(?:_?id)?|credentials?)|apikey|access_?token|app_?id|client_?id",
    re.IGNORECASE,
)
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+")
MASK = "***"


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def same_site(base: httpx.URL, url: httpx.URL) -> bool:
    """Same scheme, host and port, or the same host upgraded from http to https (as httpx
    keeps Authorization for)."""
    if _origin(base) == _origin(url):
        return True
    return (
        base.host == url.host
        and _origin(base) == ("http", base.host, 80)
        and _origin(url) == ("https", url.host, 443)
    )


def secret_guard(base_url: str) -> Callable[[httpx.Request], None]:
    """An httpx request hook: a request leaving `base_url`'s site (a redirect) loses every
    header but PUBLIC_HEADERS. httpx copies headers from one hop to the next, so a header
    dropped once stays dropped for the rest of the redirect chain."""
    base = httpx.URL(base_url)

    def drop_secrets(request: httpx.Request) -> None:
        if not same_site(base, request.url):
            for name in [n for n in request.headers if n.lower() not in _KEPT]:
                del request.headers[name]

    return drop_secrets


# Besides the public ones, the headers httpx manages for the connection itself.
_KEPT = PUBLIC_HEADERS | {"host", "connection", "content-length", "transfer-encoding"}


def redact_url(url: str) -> str:
    """The URL without credentials (user:pass@ → ***@; a token is often the user name) and
    with the values of credential-looking query parameters masked; anything unparsable comes
    back masked whole."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
        query, pairs = parts.query, parse_qsl(parts.query, keep_blank_values=True)
        if any(_SECRET_PARAM.fullmatch(k) for k, _ in pairs):
            masked = [(k, MASK if _SECRET_PARAM.fullmatch(k) else v) for k, v in pairs]
            query = urlencode(masked, safe="*")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return MASK


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every URL in it redacted and every known secret value masked."""
    text = _URL.sub(_redacted_match, text)
    for secret in sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def _redacted_match(match: re.Match) -> str:
    url = match.group()
    core = url.rstrip(".,:;)]")  # punctuation after a URL in a sentence is not part of it
    return redact_url(core) + url[len(core) :]


def secret_values(headers: dict[str, str]) -> list[str]:
    """The values of the headers that are secrets (with 'Bearer xyz' also giving 'xyz')."""
    values = []
    for name, value in headers.items():
        if name.lower() not in PUBLIC_HEADERS and value:
            values += [value, value.partition(" ")[2]]
    return [v for v in values if v]
