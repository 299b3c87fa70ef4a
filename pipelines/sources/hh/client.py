"""hh.ru's vacancy search API as fetch_snapshot needs it (source-formats.md §1)."""

from __future__ import annotations

import os
from datetime import timedelta

import httpx
import orjson

from pipelines.normalise.currency import RUB, canonical_currency
from pipelines.sources.fetch import SearchQuery, Window

DEFAULT_URL = "https://api.hh.ru"
# page * per_page cannot go beyond 2000 results (§1.2): larger windows are split by date.
CAP = 2000


class HhApi:
    name = "hh"
    cap = CAP
    max_per_page = 100
    # date_from/date_to are rounded to 5 minutes, so a window shorter than 10 is not split.
    min_slice = timedelta(minutes=10)
    # Search without `period` covers every open vacancy; 30 days back is the usual horizon.
    default_days = 30
    has_details = True
    # The `currency` dictionary's rates go into the manifest, so ingest converts at them.
    dictionaries_path = "dictionaries"

    def __init__(self, env: dict[str, str] | None = None):
        env = os.environ if env is None else env
        self.base_url = env.get("PAYSCOPE_HH_URL") or DEFAULT_URL
        self._token = env.get("HH_TOKEN") or None

    def headers(self, user_agent: str) -> dict[str, str]:
        # HH-User-Agent wins over User-Agent on hh.ru; both are sent for proxies that drop one.
        headers = {"User-Agent": user_agent, "HH-User-Agent": user_agent}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        return headers

    def check_query(self, query: SearchQuery) -> None:
        return None

    def refusal(self, response: httpx.Response) -> str | None:
        """hh.ru's signals that retrying now will not help (§1.1)."""
        if response.status_code not in (400, 403):
            return None
        kinds = _error_kinds(response.content)
        if "captcha_required" in kinds:
            return (
                "hh.ru asks for a captcha (it throttles anonymous searches). Wait an hour or "
                "set HH_TOKEN to an application token, then re-run the same command to continue."
            )
        if "bad_user_agent" in kinds:
            return (
                "hh.ru refuses the User-Agent; set PAYSCOPE_CONTACT to an e-mail address "
                "it can reach you at"
            )
        if response.status_code == 403 and self._token:
            return "hh.ru refuses the token in HH_TOKEN (HTTP 403); check or unset it"
        return None

    def search(self, query: SearchQuery, window: Window | None, page: int) -> tuple[str, dict]:
        params: dict = {
            "per_page": min(query.per_page, self.max_per_page),
            "page": page,
            "order_by": "publication_time",
            # Otherwise hh.ru turns words of `text` into area or salary filters silently.
            "no_magic": "true",
        }
        if query.text:
            params["text"] = query.text
        if query.roles:
            params["professional_role"] = list(query.roles)
        if query.area:
            params["area"] = query.area
        if window is not None:
            params["date_from"] = f"{window.start:%Y-%m-%dT%H:%M:%S}+0000"
            params["date_to"] = f"{window.end:%Y-%m-%dT%H:%M:%S}+0000"
        return "vacancies", params

    def found(self, payload: object) -> int:
        return int(payload.get("found") or 0) if isinstance(payload, dict) else 0

    def items(self, payload: object) -> list:
        items = payload.get("items") if isinstance(payload, dict) else None
        return items if isinstance(items, list) else []

    def is_last(self, payload: object, page: int, per_page: int) -> bool:
        pages = int(payload.get("pages") or 0) if isinstance(payload, dict) else 0
        return not self.items(payload) or page + 1 >= pages or (page + 1) * per_page >= self.cap

    def rates_rub_per_unit(self, dictionaries: object) -> dict[str, float]:
        """{"USD": 80.0, …} from /dictionaries, whose `rate` is units per 1 RUR (§1.4)."""
        currencies = dictionaries.get("currency") if isinstance(dictionaries, dict) else None
        rates = {}
        for entry in currencies if isinstance(currencies, list) else []:
            rate = entry.get("rate") if isinstance(entry, dict) else None
            if isinstance(entry, dict) and isinstance(entry.get("code"), str):
                code = canonical_currency(entry["code"])
                if code != RUB and isinstance(rate, int | float) and rate > 0:
                    rates[code] = round(1 / rate, 6)
        return rates

    def detail_path(self, item: dict) -> str | None:
        vacancy_id = item.get("id")
        return f"vacancies/{vacancy_id}" if vacancy_id not in (None, "") else None


def _error_kinds(body: bytes) -> set[str]:
    """The `type` and `value` strings of an hh.ru error body {"errors": [{"type", "value"}]}."""
    try:
        errors = orjson.loads(body).get("errors")
    except (orjson.JSONDecodeError, AttributeError):
        return set()
    if not isinstance(errors, list):
        return set()
    return {str(e.get(key)) for e in errors if isinstance(e, dict) for key in ("type", "value")}
