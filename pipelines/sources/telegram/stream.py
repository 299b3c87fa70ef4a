"""A Telegram channel export too large to read whole, message by message: the elements of its
`messages` array window by window (json_stream.py), classified as posts.py classifies those of
the file read whole; what follows a break is read the careful way, as the whole-file reader
reads a broken export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import orjson

from pipelines.sources.common import id_text
from pipelines.sources.framing import json_values
from pipelines.sources.json_stream import BOM, Rest, elements, openings
from pipelines.sources.streamed import PROBE, PROBE_JSON, careful_bytes, closed, numbered_on
from pipelines.sources.telegram.posts import Classified, classified_message, classified_values

_KEY = "messages"
def classified_stream(f: BinaryIO) -> Iterator[Classified] | None:
    """What classified_values gives for the file read whole; None when the file does not open
    as one export whose `id` comes before its `messages` (as Telegram Desktop writes it): it is
    read whole then."""
    for prefix in openings(f, _KEY):
        head = _export(prefix, b"}")
        if head is not None and "id" in head:
            return _classified(f, prefix, id_text(head["id"]))
    return None


def _export(prefix: bytes, rest: bytes) -> dict | None:
    """The export that `prefix`, a message, `]` and `rest` make, when they make one with that
    message as its only one; else None."""
    try:
        document = orjson.loads(prefix.removeprefix(BOM) + PROBE_JSON + b"]" + rest)
    except orjson.JSONDecodeError:
        return None  # a "messages" array inside another value, or a start orjson refuses
    return document if isinstance(document, dict) and document.get(_KEY) == [PROBE] else None


def _classified(f: BinaryIO, prefix: bytes, channel_id: str | None) -> Iterator[Classified]:
    for item in elements(f, prefix, _KEY):
        if isinstance(item, Rest):
            yield from _after(item, channel_id)
            return
        where, raw = item
        try:
            message = orjson.loads(raw)
        except orjson.JSONDecodeError:  # NaN, a huge number, text not UTF-8: the careful way
            for value in json_values(raw):
                yield classified_message(channel_id, where, value)
            continue
        yield classified_message(channel_id, where, message)


def _after(rest: Rest, channel_id: str | None) -> Iterator[Classified]:
    """Nothing more when the export closes after its messages as the export they were read
    from; NotAPage when what follows makes it another (a second `messages`, another `id`);
    else the rest read the careful way, paths numbered on."""

    def holds(rest: Rest) -> bool:
        document = _export(rest.prefix, rest.data)
        return document is not None and id_text(document.get("id")) == channel_id

    why = 'what follows "messages" makes the export another (a second "messages", or another "id")'
    if closed(rest, holds, why):
        return
    for where, candidate, skip in classified_values(json_values(careful_bytes(rest))):
        yield numbered_on(where, rest.index), candidate, skip
