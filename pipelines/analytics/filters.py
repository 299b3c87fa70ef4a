"""The dashboard's filters: one frozen value, its URL form and its SQL parameters (pure).

Every page reads the same Filters; the app keeps them in the URL (`st.query_params`) so a view
can be bookmarked and shared. Choices are strings as the warehouse stores them (role families,
sectors, … as in vacancy_features); the SQL binds them as parameters (queries/filtered.sql).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date

# Multi-choice filters: URL key = field name, values joined by commas.
CHOICES = (
    "role_family",
    "sector",
    "region",
    "schedule",
    "work_format",
    "language",
    "experience",
    "source",
)
_NET = ("net", "нетто", "на руки")
_TRUE, _FALSE = ("1", "true", "yes", "да"), ("0", "false", "no", "нет")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the vacancies to; the defaults select everything."""

    period_from: date | None = None  # published on or after
    period_to: date | None = None  # published on or before (whole day)
    title: str = ""  # words the title contains, case-insensitive
    role_family: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    schedule: tuple[str, ...] = ()
    work_format: tuple[str, ...] = ()  # remote / hybrid / on_site
    language: tuple[str, ...] = ()  # any of these languages asked for
    experience: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    night: bool | None = None  # night shifts: only with (True), only without (False)
    # Pay shown «на руки» (net of НДФЛ by each vacancy's date) instead of gross: not a filter
    # of rows but of every pay figure, kept here so that it is in the URL like the filters.
    net: bool = False

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def is_empty(self) -> bool:
        return self == Filters()

    def sql_params(self) -> dict[str, object]:
        """Named parameters for queries/filtered.sql (None = no restriction)."""
        params: dict[str, object] = {name: list(getattr(self, name)) or None for name in CHOICES}
        params.update(
            period_from=self.period_from,
            period_to=self.period_to,
            title=self.title.strip().lower() or None,
            night=self.night,
            net=self.net or None,  # None: gross, like every default
        )
        return params

    def to_query(self) -> dict[str, str]:
        """The URL query parameters of these filters (defaults left out)."""
        out: dict[str, str] = {}
        for name in CHOICES:
            if values := getattr(self, name):
                out[name] = ",".join(values)
        if self.period_from:
            out["from"] = self.period_from.isoformat()
        if self.period_to:
            out["to"] = self.period_to.isoformat()
        if self.title.strip():
            out["title"] = self.title.strip()
        if self.night is not None:
            out["night"] = "1" if self.night else "0"
        if self.net:
            out["pay"] = "net"
        return out

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        """Filters from URL query parameters; values that do not parse are ignored, since a
        shared link must open even when hand-edited or older than the app."""
        values: dict[str, object] = {}
        for name in CHOICES:
            raw = query.get(name) or ""
            values[name] = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
        values["period_from"] = _date(query.get("from"))
        values["period_to"] = _date(query.get("to"))
        values["title"] = (query.get("title") or "").strip()[:200]
        night = (query.get("night") or "").strip().lower()
        values["night"] = True if night in _TRUE else False if night in _FALSE else None
        values["net"] = (query.get("pay") or "").strip().lower() in _NET
        return cls(**values)


FIELDS = tuple(f.name for f in fields(Filters))


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text else None
    except ValueError:
        return None
