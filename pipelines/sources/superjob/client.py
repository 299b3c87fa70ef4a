"""SuperJob's vacancy search API (v2.0) as fetch_snapshot needs it (source-formats.md §2)."""

from __future__ import annotations

import calendar
import os
from datetime import timedelta

import httpx
import orjson

from pipelines.sources.fetch import FetchError, SearchQuery, Window

DEFAULT_URL = "https://api.superjob.ru/2.0"
# At most 500 results per query (page * count), from memory of the method page (§2.2):
# larger windows are split by date_published_from/to like hh.ru's.
CAP = 500


class SuperJobApi:
    name = "superjob"
    cap = CAP
    max_per_page = 100
    min_slice = timedelta(minutes=10)
    default_days = 30
    dictionaries_path = None  # no exchange rates to record
    has_details = False  # search objects already carry the full text (vacancyRichText)

    def __init__(self, env: dict[str, str] | None = None):
        env = os.environ if env is None else env
        self.base_url = env.get("PAYSCOPE_SUPERJOB_URL") or DEFAULT_URL
        self._app_id = env.get("SUPERJOB_APP_ID") or None

    def headers(self, user_agent: str) -> dict[str, str]:
        if not self._app_id:
            raise FetchError(
                "SuperJob needs an application key: register an app at "
                "https://api.superjob.ru/register and set SUPERJOB_APP_ID to its secret key"
            )
        return {"User-Agent": user_agent, "X-Api-App-Id": self._app_id}

    def check_query(self, query: SearchQuery) -> None:
        return None

    def refusal(self, response: httpx.Response) -> str | None:
        if response.status_code in (401, 403):
            return (
                f"SuperJob refuses the application key (HTTP {response.status_code}: "
                f"{_error_message(response.content)}); check SUPERJOB_APP_ID"
            )
        return None

    def search(self, query: SearchQuery, window: Window | None, page: int) -> tuple[str, dict]:
        # The trailing slash is part of SuperJob's method URLs (§2.1).
        params: dict = {
            "count": min(query.per_page, self.max_per_page),
            "page": page,
            "order_field": "date",
            "order_direction": "asc",
        }
        if query.text:
            params["keyword"] = query.text
        if query.roles:
            params["catalogues[]"] = list(query.roles)
        if query.area:
            params["town"] = query.area
        if window is not None:  # unix seconds
            params["date_published_from"] = calendar.timegm(window.start.timetuple())
            params["date_published_to"] = calendar.timegm(window.end.timetuple())
        return "vacancies/", params

    def found(self, payload: object) -> int:
        return int(payload.get("total") or 0) if isinstance(payload, dict) else 0

    def items(self, payload: object) -> list:
        objects = payload.get("objects") if isinstance(payload, dict) else None
        return objects if isinstance(objects, list) else []

    def is_last(self, payload: object, page: int, per_page: int) -> bool:
        more = bool(payload.get("more")) if isinstance(payload, dict) else False
        return not self.items(payload) or not more or (page + 1) * per_page >= self.cap

    def rates_rub_per_unit(self, dictionaries: object) -> dict[str, float]:
        return {}

    def detail_path(self, item: dict) -> str | None:
        return None


def _error_message(body: bytes) -> str:
    try:
        error = orjson.loads(body).get("error")
        return str(error.get("message")) if isinstance(error, dict) else "no message"
    except (orjson.JSONDecodeError, AttributeError):
        return "no message"
