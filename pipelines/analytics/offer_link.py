"""The offer benchmark's answer as a link: an Offer ⇄ URL query parameters, and the link to
share (pure). The sidebar filters keep their own keys (pipelines/analytics/filters.py); the
offer's keys all start with `offer_`, so the two never collide (the filters own `title`, for
one)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from urllib.parse import urlencode, urlsplit, urlunsplit

from pipelines.analytics.offer import ENGLISH_LEVELS, OFFER_PERIODS, Offer
from pipelines.normalise.payroll import SHIFT_PATTERNS

PREFIX = "offer_"
KEYS = tuple(PREFIX + f.name for f in fields(Offer))
EXPERIENCE = ("noExperience", "between1And3", "between3And6", "moreThan6")
WORK_FORMATS = ("remote", "hybrid", "on_site")
MAX_AMOUNT = 100_000_000.0  # above any pay rule's ceiling: a typo, not an offer
_TRUE, _FALSE = ("1", "true", "yes", "да"), ("0", "false", "no", "нет")
_DEFAULT = Offer(1.0)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}" if value == value else ""
    return "" if value is None else str(value)


def to_query(offer: Offer) -> dict[str, str]:
    """The URL query parameters of an offer: the amount always, other fields when they differ
    from Offer's defaults (a short link; from_query fills the defaults back)."""
    out = {f"{PREFIX}amount": _text(float(offer.amount))}
    for f in fields(Offer):
        value = getattr(offer, f.name)
        if f.name != "amount" and value != getattr(_DEFAULT, f.name):
            out[PREFIX + f.name] = _text(value)
    return out


def _number(raw: str | None, low: float, high: float) -> float | None:
    try:
        value = float((raw or "").replace(" ", "").replace(",", "."))
    except ValueError:
        return None
    return value if low <= value <= high else None


def from_query(query: Mapping[str, str]) -> Offer | None:
    """The offer a link describes, or None when it has no valid amount. Values that do not parse
    or are not among the choices fall back to the defaults: a shared link opens even when hand-
    edited or older than the app (the form shows what was taken)."""
    get = lambda name: (query.get(PREFIX + name) or "").strip()  # noqa: E731
    amount = _number(get("amount"), 1.0, MAX_AMOUNT)
    if amount is None:
        return None
    values: dict[str, object] = {"amount": amount}
    if (basis := get("gross").lower()) in (*_TRUE, *_FALSE):
        values["gross"] = basis in _TRUE
    if (night := get("night_shifts").lower()) in (*_TRUE, *_FALSE):
        values["night_shifts"] = night in _TRUE
    choices = {"period": OFFER_PERIODS, "shift_pattern": SHIFT_PATTERNS,
               "english": ENGLISH_LEVELS, "experience": EXPERIENCE,
               "work_format": WORK_FORMATS}  # fmt: skip
    for name, allowed in choices.items():
        if get(name) in allowed:
            values[name] = get(name)
    if (hours := _number(get("hours_per_shift"), 1.0, 24.0)) is not None:
        values["hours_per_shift"] = hours
    # Free values (checked against the warehouse's options by the form): short, trimmed text.
    for name in ("role_family", "title", "sector", "schedule", "region"):
        if get(name):
            values[name] = get(name)[:200]
    return Offer(**values)


def share_url(base: str | None, query: Mapping[str, str]) -> str | None:
    """`base` (the app page's address) with these query parameters, or None unless `base` is an
    absolute http(s) address: a link is shown and exported only when it is safe to follow."""
    if not base:
        return None
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(dict(query)), ""))
