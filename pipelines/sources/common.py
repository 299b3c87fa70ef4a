"""What the SuperJob and Trudvsem parsers share: where records sit, the record guard, pay (pure)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import msgspec

from pipelines.normalise.pay import NormalisedPay, PayError, PayInput, normalise_pay
from pipelines.sources.framing import Broken
from pipelines.sources.records import Observation, RecordError


@dataclass(frozen=True, slots=True)
class Envelope:
    """Where a source's records sit in a response: `page` is the path to the array of records in
    a page object (`("objects",)`; `("results", "vacancies")`), `wrapper` the key that wraps each
    record in that array, if any (Trudvsem's `{"vacancy": {...}}`)."""

    page: tuple[str, ...]
    wrapper: str | None = None


def records_in(
    value: object, envelope: Envelope, location: str = ""
) -> Iterator[tuple[str, object]]:
    """(JSON path, candidate record) for every record in a decoded value: pages, wrapped records,
    bare records, arrays of any of these. An empty page (`"results": {}`) holds no record."""
    if isinstance(value, list):
        for i, element in enumerate(value):
            yield from records_in(element, envelope, f"{location}[{i}]")
        return
    children = _children(value, envelope) if isinstance(value, dict) else None
    if children is None:
        yield (location or "$"), value
        return
    prefix = f"{location}." if location else ""
    for where, child in children:
        yield from records_in(child, envelope, prefix + where)


def _children(node: dict, envelope: Envelope) -> list[tuple[str, object]] | None:
    """The records a page or wrapper holds (JSON path, value); None when `node` is a record."""
    if "id" in node:
        return None
    wrapper = envelope.wrapper
    if wrapper and isinstance(node.get(wrapper), dict):
        return [(wrapper, node[wrapper])]
    first = envelope.page[0]
    if first not in node:
        return None
    current: object = node
    for key in envelope.page:
        current = current.get(key) if isinstance(current, dict) else None
        if not current:  # missing, null, {} or []: a page without results
            return []
    if not isinstance(current, list):
        return None
    path = ".".join(envelope.page)
    return [(f"{path}[{i}]", element) for i, element in enumerate(current)]


_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])
_EMPTY = (b"", b"null", b"{}", b"[]")


def raw_records_in(data: bytes, envelope: Envelope) -> list[tuple[str, bytes]] | None:
    """(JSON path, the record's own JSON bytes) as `records_in` finds them in one valid document;
    None when the bytes are not exactly one JSON document of a shape this reader is sure of
    (the caller then decodes the file value by value and uses `records_in`)."""
    if data.lstrip()[:1] not in (b"[", b"{"):
        return None
    try:
        return list(_raw_records(data, envelope, _markers(envelope), ""))
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
        return None


def element_records(raw: bytes, envelope: Envelope, location: str) -> Iterator[tuple[str, bytes]]:
    """(JSON path, record bytes) of one element of an array as raw_records_in splits it: itself
    when it is a record, the records of a page or array it holds otherwise. Raises msgspec's
    errors where unsure (the caller then reads the element the careful way)."""
    yield from _raw_records(raw, envelope, _markers(envelope), location)


def _markers(envelope: Envelope) -> list[bytes]:
    return [f'"{key}"'.encode() for key in (envelope.page[0], envelope.wrapper) if key]


def _raw_records(raw: bytes, envelope, markers, location) -> Iterator[tuple[str, bytes]]:
    first = raw.lstrip()[:1]
    if first == b"[":
        for i, element in enumerate(_ARRAY.decode(raw)):
            yield from _raw_records(bytes(element), envelope, markers, f"{location}[{i}]")
        return
    # An object that names neither the page key nor the wrapper is a record: this saves
    # decoding every record twice.
    if first == b"{" and any(marker in raw for marker in markers):
        node = _OBJECT.decode(raw)
        children = _raw_children(node, envelope)
        if children is not None:
            prefix = f"{location}." if location else ""
            for where, child in children:
                yield from _raw_records(child, envelope, markers, prefix + where)
            return
    yield (location or "$"), raw


def _raw_children(node: dict[str, msgspec.Raw], envelope) -> list[tuple[str, bytes]] | None:
    """As `_children`, on undecoded values; raises ValidationError where unsure."""
    if "id" in node:
        return None
    wrapper = envelope.wrapper
    if wrapper and wrapper in node:
        child = bytes(node[wrapper]).strip()
        if child[:1] == b"{":
            return [(wrapper, child)]
    if envelope.page[0] not in node:
        return None
    current: object = node
    for depth, key in enumerate(envelope.page):
        value = bytes(current.get(key, b"")).strip()
        if value in _EMPTY:
            return []
        last = depth == len(envelope.page) - 1
        if value[:1] != (b"[" if last else b"{"):  # false, 0, "": the careful path decides
            raise msgspec.ValidationError("a page key of an unexpected type")
        current = _ARRAY.decode(value) if last else _OBJECT.decode(value)
    path = ".".join(envelope.page)
    return [(f"{path}[{i}]", bytes(element)) for i, element in enumerate(current)]


def guarded(
    record: object,
    build: Callable[[dict, str], Observation],
    vacancy_keys: tuple[str, ...],
) -> Observation:
    """Check that `record` is a vacancy with an id, then `build(record, vacancy_id)`; every
    failure becomes a RecordError naming the vacancy. `vacancy_keys` tell an object that is a
    vacancy without an id ('missing_id') from one that is no vacancy at all ('not_a_vacancy')."""
    if isinstance(record, Broken):
        raise RecordError(record.reason, f"line {record.line}: {record.message}")
    if not isinstance(record, dict):
        raise RecordError("not_a_vacancy", f"expected a vacancy object, found {kind(record)}")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, int | str) or not str(raw_id).strip():
        if any(key in record for key in vacancy_keys):
            shown = "" if raw_id is None else f" (id is {kind(raw_id)}: {str(raw_id)[:40]})"
            raise RecordError("missing_id", f"the vacancy has no usable id{shown}")
        raise RecordError(
            "not_a_vacancy", f"an object without a vacancy id (keys: {_keys(record)})"
        )
    vacancy_id = str(raw_id).strip()
    try:
        return build(record, vacancy_id)
    except RecordError as exc:
        exc.vacancy_id = vacancy_id
        raise
    except PayError as exc:
        raise RecordError(exc.code, exc.message, vacancy_id) from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # A field of an unexpected type: say which, rather than crash the load.
        raise RecordError("bad_field", f"unexpected field shape: {exc}", vacancy_id) from exc


def monthly_pay(
    amount_from: object,
    amount_to: object,
    currency: object,
    published_at: datetime,
    snapshot_rates: tuple[tuple[str, float], ...] | None,
    gross: bool | None = None,
    period: str = "month",
) -> dict[str, object]:
    """Observation pay fields, monthly gross RUB; 0 = no bound. SuperJob and Trudvsem post per
    month without a gross/net flag (the defaults); the CSV source says both per its mapping.

    Raises PayError (→ quarantine) for bounds that are not numbers, negative, inverted or absurd.
    """
    low, high = no_bound_if_zero(amount_from), no_bound_if_zero(amount_to)
    if low is None and high is None:
        return {"pay_in_stats": False}
    pay = normalise_pay(
        PayInput(
            amount_from=low,
            amount_to=high,
            currency=currency,
            gross=gross,  # neither SuperJob nor Trudvsem says; see docs/sources.md
            period=period,
            published_at=published_at,
            snapshot_rates=dict(snapshot_rates) if snapshot_rates else None,
        )
    )
    return {
        "currency_original": currency if isinstance(currency, str) else None,
        "pay_from_original": low,
        "pay_to_original": high,
        "gross_original": gross,
        "pay_period_original": period,
        **_pay_fields(pay),
    }


def _pay_fields(pay: NormalisedPay) -> dict[str, object]:
    return {
        "pay_low_rub": pay.low_rub,
        "pay_high_rub": pay.high_rub,
        "pay_mid_rub": pay.mid_rub,
        "pay_flag": pay.flag,
        "pay_in_stats": pay.in_stats,
        "fx_rate": pay.fx_rate,
        "fx_source": pay.fx_source,
        "gross_basis": pay.gross_basis,
        "pay_conversion": pay.conversion,
    }


def no_bound_if_zero(value: object) -> object:
    """None for a missing bound or 0 (both sources write 0 for "not stated"); else the value,
    which normalise_pay checks."""
    if value is None or (type(value) in (int, float) and value == 0):
        return None
    return value


_NONE = dict.fromkeys(f for f in Observation._fields if f not in Observation._field_defaults)


def observation(**fields: object) -> Observation:
    """An Observation from keyword fields; fields not given are None."""
    return Observation(**{**_NONE, **fields})


def obj(value: object) -> dict:
    """The value when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def text(value: object) -> str | None:
    """A stripped non-empty string, else None."""
    return (value.strip() or None) if isinstance(value, str) else None


def id_text(value: object) -> str | None:
    """A dictionary id (number or string) as text; None when absent."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    return str(value)


def kind(value: object) -> str:
    return {list: "an array", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _keys(record: dict) -> str:
    keys = list(record)[:6]
    return ", ".join(map(str, keys)) + (" …" if len(record) > 6 else "")
