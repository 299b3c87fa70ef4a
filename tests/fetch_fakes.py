"""Hand-written stand-ins for the live APIs, served by pytest-httpserver (values invented)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from werkzeug import Request, Response

from pipelines.sources.fetch import FetchSettings
from tests.conftest import hh_item

HH_DEPTH = 2000  # page * per_page cannot go beyond this on hh.ru
# A slice of GET /dictionaries: `rate` is units of the currency per 1 RUR.
HH_DICTIONARIES = {
    "currency": [
        {"code": "RUR", "abbr": "₽", "rate": 1.0, "default": True},
        {"code": "USD", "abbr": "$", "rate": 0.0125},
        {"code": "BYR", "abbr": "Br", "rate": 0.04},
    ],
    "experience": [{"id": "noExperience", "name": "Нет опыта"}],
}


def quick_settings(sleeps: list[float] | None = None, **overrides) -> FetchSettings:
    """No pacing and no real waiting: each wait the session asks for is recorded instead."""
    record = sleeps.append if sleeps is not None else (lambda seconds: None)
    options = {"interval": 0.0, "backoff": 0.5, "attempts": 4, "sleep": record}
    return FetchSettings(**(options | overrides))


def json_response(value: object, status: int = 200, **headers) -> Response:
    body = json.dumps(value, ensure_ascii=False)
    return Response(body, status=status, headers=headers, content_type="application/json")


class FakeHh:
    """hh.ru's GET /vacancies over vacancies published at the given times: filters on
    date_from/date_to, pages, refuses to page beyond 2000 results, like the real one."""

    def __init__(self, published: list[datetime]):
        self.published = sorted(published)
        self.asked: list[dict] = []  # (window, page, found) of every search request

    def __call__(self, request: Request) -> Response:
        args = request.args
        per_page, page = int(args.get("per_page", 20)), int(args.get("page", 0))
        if (page + 1) * per_page > HH_DEPTH:
            return json_response({"errors": [{"type": "bad_argument", "value": "page"}]}, 400)
        start, end = _hh_time(args.get("date_from")), _hh_time(args.get("date_to"))
        selected = [
            (n, t)
            for n, t in enumerate(self.published)
            if (start is None or t >= start) and (end is None or t < end)
        ]
        self.asked.append({"from": start, "to": end, "page": page, "found": len(selected)})
        rows = selected[page * per_page : (page + 1) * per_page]
        # Only what a listing needs to be told apart: pages of full items make the test slow.
        items = [
            {
                "id": str(900000 + n),
                "name": "Оператор чата",
                "published_at": f"{t:%Y-%m-%dT%H:%M:%S}+0000",
            }
            for n, t in rows
        ]
        pages = min(-(-len(selected) // per_page), HH_DEPTH // per_page)
        return json_response(
            {
                "items": items,
                "found": len(selected),
                "pages": pages,
                "per_page": per_page,
                "page": page,
                "clusters": None,
                "arguments": None,
            }
        )


def _hh_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z").replace(tzinfo=None)


def spread(count: int, start: datetime, days: int) -> list[datetime]:
    """`count` publication times evenly over `days` days from `start`."""
    step = timedelta(days=days) / count
    return [start + step * i for i in range(count)]


def hh_page(ids: list[str], page: int, pages: int, found: int | None = None) -> dict:
    """One hand-written search page of hh_item records."""
    return {
        "items": [hh_item(i) for i in ids],
        "found": found if found is not None else 2 * pages,
        "pages": pages,
        "per_page": 2,
        "page": page,
    }


def serve_hh_dictionaries(httpserver) -> None:
    httpserver.expect_request("/dictionaries").respond_with_json(HH_DICTIONARIES)


def searches(httpserver, path: str = "/vacancies") -> list:
    """The requests the server got for `path` (not dictionaries, not details)."""
    return [request for request, _ in httpserver.log if request.path == path]


def by_page(pages: dict[int, dict], parameter: str = "page"):
    """A handler answering `?page=N` (or another parameter) with pages[N]."""

    def handler(request: Request) -> Response:
        return json_response(pages[int(request.args[parameter])])

    return handler
