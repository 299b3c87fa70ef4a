"""Telegram Desktop channel export (result.json) → observations of its vacancy posts (pure).

Which messages are vacancy posts, and how fields are read from the text, is in docs/sources.md.
Pay is read with pay_text.parse_pay_text and normalised like every source (common.monthly_pay).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from pipelines.normalise.pay import PayError
from pipelines.normalise.pay_text import parse_pay_text
from pipelines.sources import common
from pipelines.sources.common import text
from pipelines.sources.framing import Broken, decompress, json_values, opened_unpacked
from pipelines.sources.hh import parse as hh
from pipelines.sources.records import Observation, RecordError
from pipelines.sources.superjob.parse import parse_unix_time
from pipelines.sources.telegram.posts import (  # noqa: F401 - re-exported: the source's rules
    MIN_CHARS,
    Classified,
    classified_values,
    plain_text,
    skip_reason,
)
from pipelines.sources.telegram.stream import classified_stream

SOURCE = "telegram"
_TITLE_CHARS = 120
_LABEL = re.compile(r"^(?P<label>[а-яёa-z ]{3,20})\s*[:—–-]\s*(?P<value>.+)$", re.IGNORECASE)
_EMPLOYER_LABELS = {"компания", "работодатель", "организация", "company", "employer"}
_PLACE_LABELS = {"город", "локация", "регион", "место работы", "location", "city"}
_TITLE_LABELS = {"вакансия", "должность", "позиция", "position", "vacancy"}
_EMOJI = re.compile(r"[\U0001F000-\U0001FFFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]")
_MARKS = re.compile(r"\*\*|__|~~|`")  # markdown-ish emphasis that people type into posts
_BULLETS = " \t•·▪▫►▶➤*>|—–:-"
_HASHTAG = re.compile(r"#\w+")
_CITIES = ("Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань", "Нижний Новгород")
_FORMATS = (
    ("hybrid", re.compile(r"гибрид|hybrid", re.IGNORECASE)),
    ("remote", re.compile(r"удал[её]нн|удал[её]нк|дистанц|remote", re.IGNORECASE)),
    ("on_site", re.compile(r"в офисе|офис в |on[- ]site", re.IGNORECASE)),
)


@dataclass(frozen=True, slots=True)
class ParseContext(hh.ParseContext):
    """What the parser knows about the export: `channel` is the channel's username (from the
    manifest beside the file), which post links need; the export itself names only its title."""

    source: str = SOURCE
    channel: str | None = None


def context_from_manifest(manifest: dict) -> dict:
    """The ParseContext fields a manifest.json states ({"channel": "remote_jobs"})."""
    channel = text(manifest.get("channel"))
    return {"channel": channel.lstrip("@") if channel else None}


def candidates(data: bytes, ctx: ParseContext) -> Iterator[tuple[str, object, bytes | None]]:
    """(where, {"channel_id", "message"} or Broken, None) for every vacancy post of an export and
    every message too broken to tell; other messages are skipped (see `skipped`)."""
    return _posts(_classified(data))


def stream_candidates(
    f: BinaryIO, ctx: ParseContext | None = None
) -> Iterator[tuple[str, object, bytes | None]] | None:
    """`candidates` of an export too large to read whole, message by message (stream.py); None
    when its shape asks for the whole-file reader."""
    found = classified_stream(f)
    return None if found is None else _posts(found)


def _posts(found: Iterator[Classified]) -> Iterator[tuple[str, object, bytes | None]]:
    for where, candidate, skip in found:
        if skip is None:
            yield where, candidate, None


def skipped(data: bytes) -> Counter:
    """Messages of an export that are not vacancy posts, by why: 'service', 'no_text', 'repost',
    'advert', 'no_vacancy_cue', 'too_short'. They are not records of this source."""
    return _skips(_classified(data))


def skipped_in(path: Path) -> Counter:
    """`skipped` of an export file, read message by message where it can be (a large gzip
    file unpacked to disk first, as the loader reads it)."""
    with opened_unpacked(path) as (f, _):
        found = classified_stream(f)
        if found is None:
            f.seek(0)
            return skipped(f.read())
        return _skips(found)


def _skips(found: Iterator[Classified]) -> Counter:
    return Counter(skip for _, _, skip in found if skip is not None)


def _classified(data: bytes) -> Iterator[Classified]:
    text_bytes, gzip_problem = decompress(data)
    yield from classified_values(json_values(text_bytes))
    if gzip_problem is not None:
        yield "end of file", gzip_problem, None


def parse_vacancy(record: object, ctx: ParseContext) -> Observation:
    """One vacancy post ({"channel_id", "message"} as `candidates` yields) → Observation."""
    if isinstance(record, Broken):
        raise RecordError(record.reason, f"line {record.line}: {record.message}")
    message = record.get("message") if isinstance(record, dict) else None
    if not isinstance(message, dict):
        raise RecordError(
            "not_a_vacancy", f"expected a message object, found {common.kind(message)}"
        )
    message_id = message.get("id")
    if (
        isinstance(message_id, bool)
        or not isinstance(message_id, int | str)
        or not str(message_id).strip()
    ):
        raise RecordError("missing_id", "the message has no id (was the export edited by hand?)")
    if not record.get("channel_id"):
        raise RecordError("missing_id", "the export has no channel id (top-level `id`)")
    vacancy_id = f"{record['channel_id']}:{str(message_id).strip()}"
    try:
        return _observation(message, vacancy_id, str(message_id).strip(), ctx)
    except RecordError as exc:
        exc.vacancy_id = vacancy_id
        raise
    except PayError as exc:
        raise RecordError(exc.code, exc.message, vacancy_id) from exc


def _observation(message: dict, vacancy_id: str, message_id: str, ctx) -> Observation:
    body = plain_text(message.get("text")).strip()
    title = title_of(body)
    if title is None:
        raise RecordError("missing_title", "the post has no line that could be its title")
    published_at = published_at_of(message)
    if published_at is None:
        raise RecordError(
            "bad_date", f"date_unixtime and date are missing or not dates: {message.get('date')!r}"
        )
    pay = parse_pay_text(body)
    pay_fields = {"pay_in_stats": False} if pay is None else common.monthly_pay(
        pay.low, pay.high, pay.currency, published_at, ctx.snapshot_rates,
        gross=pay.gross, period=pay.period,
    )  # fmt: skip
    labels = _labelled(body)
    return common.observation(
        source=ctx.source,
        vacancy_id=vacancy_id,
        is_detail=True,
        is_synthetic=ctx.is_synthetic,
        url=f"https://t.me/{ctx.channel}/{message_id}" if ctx.channel else None,
        title=title,
        employer_name=next((v for k, v in labels if k in _EMPLOYER_LABELS), None),
        area_name=area_of(body, labels),
        published_at=published_at,
        **pay_fields,
        work_format=work_format_of(body),
        description_text=body,
    )


def title_of(body: str) -> str | None:
    """The first line that says something once emoji, hashtags and bullets are gone; a
    «Вакансия: X» line gives X."""
    for line in body.splitlines():
        line = _clean(line)
        label = _LABEL.match(line)
        if label and label["label"].strip().lower() in _TITLE_LABELS:
            line = label["value"].strip()
        if line.rstrip(":!").lower() in _TITLE_LABELS or len(line) < 3:
            continue
        return line[:_TITLE_CHARS].rstrip()
    return None


def published_at_of(message: dict) -> datetime | None:
    """`date_unixtime` as naive UTC; else `date` (older exports have only that), the exporting
    computer's local time without an offset, read as Moscow time like hh.ru's."""
    return parse_unix_time(message.get("date_unixtime")) or hh.parse_timestamp(message.get("date"))


def area_of(body: str, labels: list[tuple[str, str]]) -> str | None:
    """«Город: X» (or Локация/Регион); else the first of a few large cities named."""
    labelled = next((v for k, v in labels if k in _PLACE_LABELS), None)
    if labelled:
        return labelled.split(",")[0].strip()  # «Санкт-Петербург, гибрид»
    return next((city for city in _CITIES if city.lower() in body.lower()), None)


def work_format_of(body: str) -> str | None:
    """'hybrid', 'remote' or 'on_site' as the post says; None when it does not."""
    return next((name for name, pattern in _FORMATS if pattern.search(body)), None)


def _labelled(body: str) -> list[tuple[str, str]]:
    """(lower-case label, value) of «Label: value» lines."""
    found = (_LABEL.match(_clean(line)) for line in body.splitlines())
    return [(m["label"].strip().lower(), m["value"].strip()) for m in found if m]


def _clean(line: str) -> str:
    line = _MARKS.sub("", _EMOJI.sub(" ", _HASHTAG.sub(" ", line)))
    return " ".join(line.split()).strip(_BULLETS)
