"""Fetching a source's search results into a snapshot folder: paced, retried, resumable."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol

import httpx
import orjson

from pipelines import __version__
from pipelines.sources.fetch_secrets import redact_url
from pipelines.sources.fetch_session import ApiSession, FetchError, FetchSettings
from pipelines.sources.snapshot_files import MANIFEST
from pipelines.sources.snapshot_folder import SnapshotFolder

_EPOCH = datetime(2000, 1, 1)
DICTIONARIES = "dictionaries.json.gz"  # ingest knows this is not vacancies
_SAFE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")  # ids become file names

__all__ = ["ApiSession", "FetchError", "FetchSettings", "SearchQuery", "Window", "fetch_snapshot"]


@dataclass(frozen=True)
class SearchQuery:
    """What to fetch, in PayScope's terms; each client maps it to its API's parameters."""

    text: str | None = None
    roles: tuple[str, ...] = ()
    area: str | None = None
    since: date | None = None
    per_page: int = 100
    details: bool = False

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "roles": list(self.roles),
            "area": self.area,
            "since": self.since.isoformat() if self.since else None,
            "per_page": self.per_page,
            "details": self.details,
        }


@dataclass(frozen=True)
class Window:
    """A publication-time slice [start, end] in UTC; APIs take it as date_from/date_to."""

    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m-%dT%H:%M}/{self.end:%Y-%m-%dT%H:%M}"

    def halves(self, step: timedelta) -> tuple[Window, Window]:
        """Two halves split on a whole multiple of `step` of the clock, so that an API that
        rounds its dates (hh.ru: to 5 minutes) leaves no gap between them."""
        middle = self.start + (self.end - self.start) / 2
        middle -= (middle - _EPOCH) % step
        return Window(self.start, middle), Window(middle, self.end)


class SearchApi(Protocol):
    """What fetch_snapshot needs to know about one source's search API."""

    name: str
    base_url: str
    cap: int | None  # deepest result a query can page to; None = no cap
    max_per_page: int
    min_slice: timedelta  # windows are not split below this
    default_days: int | None  # window when --since is not given; None = no window
    has_details: bool
    dictionaries_path: str | None  # reference data saved beside the pages, e.g. currency rates

    def headers(self, user_agent: str) -> dict[str, str]: ...  # FetchError if a key is missing
    def check_query(self, query: SearchQuery) -> None: ...  # FetchError if it cannot be asked
    def refusal(self, response: httpx.Response) -> str | None: ...
    def search(self, query: SearchQuery, window: Window | None, page: int) -> tuple[str, dict]: ...
    def found(self, payload: object) -> int: ...
    def items(self, payload: object) -> list: ...
    def is_last(self, payload: object, page: int, per_page: int) -> bool: ...
    def detail_path(self, item: dict) -> str | None: ...
    def rates_rub_per_unit(self, dictionaries: object) -> dict[str, float]: ...


@dataclass
class FetchSummary:
    """What one run did; pages/items count everything in the folder, this run's and earlier."""

    source: str
    folder: Path
    status: str = "fetched"  # 'fetched' | 'already_complete'
    pages: int = 0
    items: int = 0
    found: int = 0
    slices: int = 0
    details: int = 0
    details_gone: int = 0
    requests: int = 0
    retries: int = 0
    resumed_pages: int = 0
    truncated: dict[str, int] = field(default_factory=dict)


Progress = Callable[[FetchSummary], None]


def user_agent() -> str:
    """`PayScope/<version> (<contact>)`: hh.ru refuses requests without a contact in the UA."""
    contact = os.environ.get("PAYSCOPE_CONTACT") or "contact-unset@payscope.invalid"
    return f"PayScope/{__version__} ({contact})"


def fetch_snapshot(
    api: SearchApi,
    query: SearchQuery,
    folder: Path,
    settings: FetchSettings | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    transport: httpx.BaseTransport | None = None,
) -> FetchSummary:
    """Fetch every page of `query` (and details when asked) into `folder`, continuing an
    unfinished fetch recorded there; writes manifest.json last. Raises FetchError."""
    summary = FetchSummary(api.name, folder)
    if (folder / MANIFEST).is_file():
        summary.status = "already_complete"
        return summary
    headers = api.headers(user_agent())
    api.check_query(query)
    started = (now or datetime.now(UTC)).astimezone(UTC).replace(second=0, microsecond=0)
    if query.since is not None and query.since >= started.date():
        raise FetchError(f"--since {query.since} is not before today ({started:%Y-%m-%d}, UTC)")
    store = SnapshotFolder.open(folder, api.name, query.as_dict(), started)
    summary.resumed_pages = len(store.pages)
    session = ApiSession(
        api.base_url, headers, settings or FetchSettings(), api.refusal, transport=transport
    )
    with session:
        crawl = _Crawl(api, query, store, session, summary, progress)
        for window in _windows(api, query, store.until):
            crawl.window(window)
        if query.details:
            crawl.details()
        rates = _rates(api, store, session)
    summary.requests, summary.retries = session.requests, session.retries
    manifest = _manifest(api, query, store, summary)
    if rates:
        manifest["rates_rub_per_unit"] = rates
    store.finish(manifest)
    return summary


def _windows(api: SearchApi, query: SearchQuery, until: datetime) -> list[Window | None]:
    if query.since is None and api.default_days is None:
        return [None]
    if query.since is not None:
        start = datetime(query.since.year, query.since.month, query.since.day, tzinfo=UTC)
    else:
        start = until - timedelta(days=api.default_days or 0)
    return [Window(start.replace(tzinfo=None), until.replace(tzinfo=None))]


class _Crawl:
    def __init__(self, api, query, store, session, summary, progress):
        self.api, self.query, self.store, self.session = api, query, store, session
        self.summary, self.progress = summary, progress
        self.per_page = min(query.per_page, api.max_per_page)

    def window(self, window: Window | None) -> None:
        """Page through one window, halving it first while it finds more than the cap."""
        key = window.key if window else "all"
        if key not in self.store.split and not self.store.has_page(key, 0):
            payload, body = self._request(window, 0)
            found = self.api.found(payload)
            if self.api.cap is not None and found > self.api.cap and window is not None:
                if window.end - window.start >= self.api.min_slice:
                    self.store.mark_split(key, found)
                else:  # cannot split further: the first `cap` results are all there is
                    self.store.mark_truncated(key, found)
            if key not in self.store.split:
                self._save(key, 0, payload, body)
        if key in self.store.split:
            for half in window.halves(self.api.min_slice / 2):
                self.window(half)
            return
        self.summary.slices += 1
        self.summary.found += self.store.found(key)
        self.summary.truncated = dict(self.store.truncated)
        self._count()
        page = 0
        while not self.store.is_last(key, page):
            page += 1
            if not self.store.has_page(key, page):
                self._save(key, page, *self._request(window, page))
            self._count()

    def _request(self, window: Window | None, page: int) -> tuple[object, bytes]:
        path, params = self.api.search(self.query, window, page)
        return self.session.get_json(path, params)

    def _save(self, key: str, page: int, payload: object, body: bytes) -> None:
        items = self.api.items(payload)
        last = self.api.is_last(payload, page, self.per_page)
        self.store.save_page(key, page, body, len(items), self.api.found(payload), last)

    def _count(self) -> None:
        self.summary.pages = len(self.store.pages)
        self.summary.items = sum(p["items"] for p in self.store.pages.values())
        if self.progress:
            self.progress(self.summary)

    def details(self) -> None:
        """Each listed vacancy's own document, for the fields search results leave out."""
        if not self.api.has_details:
            return
        for item in self._listed_items():
            path = self.api.detail_path(item)
            vacancy_id = str(item.get("id"))
            if path is None or not _SAFE_ID.fullmatch(vacancy_id):
                continue
            name = f"vacancies/{vacancy_id}.json.gz"
            if not self.store.has_file(name):
                payload = self.session.get_json(path, {}, missing_ok=True)
                if payload is None:  # removed since it was listed
                    self.summary.details_gone += 1
                    continue
                self.store.write(name, payload[1])
            self.summary.details += 1
            if self.progress:
                self.progress(self.summary)

    def _listed_items(self) -> Iterator[dict]:
        seen: set[str] = set()
        for name in self.store.page_files():
            for item in self.api.items(orjson.loads(self.store.read(name))):
                if isinstance(item, dict) and str(item.get("id")) not in seen:
                    seen.add(str(item.get("id")))
                    yield item


def _rates(api: SearchApi, store: SnapshotFolder, session: ApiSession) -> dict[str, float]:
    """Exchange rates of the fetch's day, from the API's dictionaries (kept as fetched)."""
    if api.dictionaries_path is None:
        return {}
    if not store.has_file(DICTIONARIES):
        store.write(DICTIONARIES, session.get_json(api.dictionaries_path, {})[1])
    return api.rates_rub_per_unit(orjson.loads(store.read(DICTIONARIES)))


def _manifest(api: SearchApi, query: SearchQuery, store: SnapshotFolder, s: FetchSummary) -> dict:
    return {
        "source": api.name,
        "fetched_at": store.started.isoformat(),
        "finished_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "client": f"payscope/{__version__}",
        "base_url": redact_url(api.base_url),  # a URL may carry a key; the manifest is shared
        "query": {**query.as_dict(), "until": store.until.isoformat()},
        "pages": s.pages,
        "files": store.page_files(),
        "counts": {
            "items": s.items,
            "found": s.found,
            "slices": s.slices,
            "details": s.details,
            "details_gone": s.details_gone,
        },
        "truncated_slices": store.truncated,
        "synthetic": False,
    }
