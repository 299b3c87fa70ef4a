"""Trudvsem («Работа России») open-data vacancy API as fetch_snapshot needs it
(source-formats.md §3). No key; `offset` is a page number, not a row offset."""

from __future__ import annotations

import os
from datetime import timedelta

import httpx

from pipelines.sources.fetch import FetchError, SearchQuery, Window

DEFAULT_URL = "http://opendata.trudvsem.ru/api/v1"


class TrudvsemApi:
    name = "trudvsem"
    cap = None  # no depth cap is known: page until the results run out
    max_per_page = 100
    min_slice = timedelta(minutes=10)
    default_days = None  # without --since, every vacancy the portal lists
    dictionaries_path = None  # no exchange rates to record
    has_details = False  # the listing carries duty, requirement and term texts

    def __init__(self, env: dict[str, str] | None = None):
        env = os.environ if env is None else env
        self.base_url = env.get("PAYSCOPE_TRUDVSEM_URL") or DEFAULT_URL

    def headers(self, user_agent: str) -> dict[str, str]:
        return {"User-Agent": user_agent}

    def check_query(self, query: SearchQuery) -> None:
        if query.roles:
            raise FetchError(
                "Trudvsem has no profession filter to map --role to; use --query instead"
            )
        if query.area and not (query.area.isdigit() and len(query.area) == 13):
            raise FetchError(
                f"--area {query.area!r}: Trudvsem regions are 13-digit codes, "
                "e.g. 7700000000000 for Moscow"
            )

    def refusal(self, response: httpx.Response) -> str | None:
        return None

    def search(self, query: SearchQuery, window: Window | None, page: int) -> tuple[str, dict]:
        path = f"vacancies/region/{query.area}" if query.area else "vacancies"
        params: dict = {"offset": page, "limit": min(query.per_page, self.max_per_page)}
        if query.text:
            params["text"] = query.text
        if window is not None:  # modifiedFrom is from memory (§3.1): check on a live response
            params["modifiedFrom"] = f"{window.start:%Y-%m-%dT%H:%M:%S}Z"
        return path, params

    def found(self, payload: object) -> int:
        meta = payload.get("meta") if isinstance(payload, dict) else None
        return int(meta.get("total") or 0) if isinstance(meta, dict) else 0

    def items(self, payload: object) -> list:
        # An empty result may come as "results": {} (§3.2).
        results = payload.get("results") if isinstance(payload, dict) else None
        vacancies = results.get("vacancies") if isinstance(results, dict) else None
        return vacancies if isinstance(vacancies, list) else []

    def is_last(self, payload: object, page: int, per_page: int) -> bool:
        return not self.items(payload) or (page + 1) * per_page >= self.found(payload)

    def rates_rub_per_unit(self, dictionaries: object) -> dict[str, float]:
        return {}

    def detail_path(self, item: dict) -> str | None:
        return None
