"""Which messages of a Telegram channel export are vacancy posts, and the export's messages as
the records and skips the loader sees (pure): the rule is in docs/sources.md."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pipelines.sources import common
from pipelines.sources.common import id_text
from pipelines.sources.framing import Broken, has_bad_encoding

# (where, {"channel_id", "message"} or Broken, why it is skipped or None for a record)
Classified = tuple[str, object, str | None]

MIN_CHARS = 80  # shorter posts are chat, not a vacancy with duties and terms
# A vacancy post names the job and its terms: it has at least two of these cues (one alone is
# as likely a digest, a greeting or a question).
_CUES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"ваканси|vacancy|hiring",
        r"требу[ею]тся|ищем|в команд[уы]|we are looking",
        r"обязанност|задачи|responsibilit",
        r"требовани|опыт работы|requirements",
        r"условия|график|занятость|оформлени",
        r"зарплат|(?<![а-я])зп(?![а-я])|з/п|оплата|оклад|доход|salary",
    )
)
# Paid placements carry a marker by law since 2022 («erid»), or say so themselves.
_ADVERT = re.compile(r"#реклама|(?<![а-я])реклама(?![а-я])|erid", re.IGNORECASE)


def classified_values(values: Iterable[object]) -> Iterator[Classified]:
    """Every message of the exports among `values` (the file's JSON values, as the careful
    reader gives them), each a record or a skip; a value that is no export is a broken record."""
    for value in values:
        messages = value.get("messages") if isinstance(value, dict) else None
        if not isinstance(messages, list):
            if isinstance(value, Broken):
                yield "$", value, None
            else:
                found = f"found {common.kind(value)}"
                message = f"not a Telegram channel export (no `messages` array; {found})"
                yield "$", Broken("not_a_vacancy", message, 0, str(value)[:2000]), None
            continue
        channel_id = id_text(value.get("id"))
        for i, message in enumerate(messages):
            yield classified_message(channel_id, f"messages[{i}]", message)


def classified_message(channel_id: str | None, where: str, message: object) -> Classified:
    if isinstance(message, Broken):  # the export was cut or broken here
        return where, message, None
    return where, {"channel_id": channel_id, "message": message}, skip_reason(message)


def skip_reason(message: object) -> str | None:
    """Why a message is not a vacancy post; None when it is one (or is too broken to tell:
    a message whose text is not UTF-8 cannot be read for cues, so it is a record that goes to
    quarantine as bad_encoding rather than a post silently passed over)."""
    if not isinstance(message, dict):
        return None
    if message.get("type", "message") != "message":
        return "service"
    body = plain_text(message.get("text"))
    if not body.strip():
        return "no_text"
    if has_bad_encoding(body):
        return None
    if message.get("forwarded_from") is not None:
        return "repost"
    if _ADVERT.search(body):
        return "advert"
    if sum(bool(cue.search(body)) for cue in _CUES) < 2:
        return "no_vacancy_cue"
    if len(body.strip()) < MIN_CHARS:
        return "too_short"
    return None


def plain_text(value: object) -> str:
    """A message's `text`: a string, or a list of strings and entities {type, text, …}."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(plain_text(part.get("text")) if isinstance(part, dict) else plain_text(part)
                       for part in value)  # fmt: skip
    return ""

