"""One HTTP session to a source's API: a minimum interval between requests, retries with
jittered exponential back-off (honouring Retry-After), and errors that say what to do."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx
import orjson

from pipelines.sources.fetch_secrets import redact, redact_url, secret_guard, secret_values


class FetchError(Exception):
    """A fetch that cannot go on; the message names the URL and what to do."""


@dataclass(frozen=True)
class FetchSettings:
    """Pacing and retry policy; seconds throughout. `sleep` and `jitter` are injectable."""

    interval: float = 0.5  # minimum time between the starts of two requests
    attempts: int = 6  # tries per request on 429, 5xx and transport errors
    backoff: float = 1.0  # first back-off; doubles per attempt, times a 0.5–1 jitter
    backoff_cap: float = 60.0
    json_attempts: int = 3  # tries when the body is not JSON
    max_retry_after: float = 600.0  # a longer Retry-After stops the fetch instead of waiting
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random

    @classmethod
    def from_env(cls, interval: float | None = None) -> FetchSettings:
        """Defaults, overridden by $PAYSCOPE_FETCH_INTERVAL, _ATTEMPTS and _BACKOFF,
        then by `interval` (the --interval option)."""
        return cls(
            interval=interval if interval is not None else _number("INTERVAL", 0.5),
            attempts=max(1, int(_number("ATTEMPTS", 6))),
            backoff=_number("BACKOFF", 1.0),
        )

    def backoff_for(self, attempt: int) -> float:
        full = min(self.backoff_cap, self.backoff * 2 ** (attempt - 1))
        return full * (0.5 + 0.5 * self.jitter())


def _number(name: str, default: float) -> float:
    text = os.environ.get(f"PAYSCOPE_FETCH_{name}")
    if not text:
        return default
    try:
        return max(0.0, float(text))
    except ValueError:
        raise FetchError(f"PAYSCOPE_FETCH_{name}={text!r} is not a number of seconds") from None


Refusal = Callable[[httpx.Response], "str | None"]


class ApiSession:
    """GET JSON from one base URL. Credentials never leave it and are never printed: secret
    headers are dropped on a redirect to another host, and every error is scrubbed of them
    (pipelines/sources/fetch_secrets.py)."""

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        settings: FetchSettings,
        refusal: Refusal | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.settings = settings
        self.refusal = refusal
        self.requests = 0
        self.retries = 0
        self._last_start: float | None = None
        self._secrets = secret_values(headers)
        self._client = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            headers=headers,
            timeout=settings.timeout,
            transport=transport,
            follow_redirects=True,
            event_hooks={"request": [secret_guard(base_url)]},
        )

    def __enter__(self) -> ApiSession:
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def get_json(
        self, path: str, params: dict, missing_ok: bool = False
    ) -> tuple[object, bytes] | None:
        """(decoded JSON, the body as received); None for a 404 when `missing_ok`.
        Raises FetchError when the server refuses or keeps failing."""
        try:
            return self._get_json(path, params, missing_ok)
        except FetchError as exc:
            raise FetchError(redact(str(exc), self._secrets)) from None

    def _get_json(self, path: str, params: dict, missing_ok: bool):
        s = self.settings
        url = str(self._client.build_request("GET", path.lstrip("/"), params=params).url)
        url = redact_url(url)
        bad_json = 0
        for attempt in range(1, s.attempts + 1):
            self._pace()
            self.requests += 1
            try:
                response = self._client.get(path.lstrip("/"), params=params)
            except httpx.TransportError as exc:
                problem, wait = f"{type(exc).__name__}: {exc}", s.backoff_for(attempt)
            except httpx.HTTPError as exc:  # e.g. too many redirects: retrying will not help
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
            else:
                if response.status_code == 404 and missing_ok:
                    return None
                problem = self._problem(response, url)
                if problem is not None:
                    wait = max(self._retry_after(response, url), s.backoff_for(attempt))
                else:
                    try:
                        return orjson.loads(response.content), response.content
                    except orjson.JSONDecodeError as exc:
                        bad_json += 1
                        problem = f"not valid JSON ({exc}): {_excerpt(response.content)}"
                        if bad_json >= s.json_attempts:
                            raise FetchError(
                                f"{url}: the response is {problem}; tried {bad_json} times"
                            ) from None
                        wait = s.backoff_for(attempt)
            if attempt == s.attempts:
                raise FetchError(
                    f"{url}: gave up after {attempt} attempts, last: {problem}. "
                    "Re-run the same command later to continue where it stopped."
                )
            self.retries += 1
            s.sleep(wait)
        raise AssertionError("unreachable")

    def _problem(self, response: httpx.Response, url: str) -> str | None:
        """What is wrong with a response worth retrying (429, 5xx); None when it is a success.
        Raises FetchError for refusals that retrying would not change."""
        refused = self.refusal(response) if self.refusal else None
        if refused:
            raise FetchError(f"{url}: {refused}")
        status = response.status_code
        if status == 429 or status >= 500:
            return f"HTTP {status}"
        if status >= 400:
            raise FetchError(f"{url}: HTTP {status}: {_excerpt(response.content)}")
        return None

    def _pace(self) -> None:
        now = time.monotonic()
        if self._last_start is not None:
            wait = self._last_start + self.settings.interval - now
            if wait > 0:
                self.settings.sleep(wait)
                now += wait
        self._last_start = now

    def _retry_after(self, response: httpx.Response, url: str) -> float:
        """Seconds the server asks to wait (Retry-After: seconds or an HTTP date); 0 if none."""
        value = response.headers.get("Retry-After")
        if not value:
            return 0.0
        try:
            seconds = float(value)
        except ValueError:
            try:
                moment = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return 0.0
            seconds = moment.timestamp() - time.time()
        seconds = max(0.0, seconds)
        if seconds > self.settings.max_retry_after:
            raise FetchError(
                f"{url}: HTTP {response.status_code}, the server asks to wait {seconds:.0f} s; "
                "re-run the same command later to continue where it stopped"
            )
        return seconds


def _excerpt(body: bytes, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace").strip().replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + " …"
