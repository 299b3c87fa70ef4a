"""SuperJob API v2 JSON → canonical observations (pure: dicts in, typed records out).

Field meanings, units and quirks: ../shared/reference/source-formats.md §2; the mapping is in
docs/sources.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from pipelines.normalise.text import html_to_text
from pipelines.sources import common
from pipelines.sources.common import id_text, obj, text
from pipelines.sources.hh import parse as hh
from pipelines.sources.records import Language, Observation, RecordError, Role

SOURCE = "superjob"
# GET /2.0/vacancies/ answers {"objects": [...], "total": n, "more": bool} (§2.2).
ENVELOPE = common.Envelope(page=("objects",))
_VACANCY_KEYS = ("profession", "payment_from", "payment_to", "firm_name", "date_published")
# Unix seconds before 2000 or after 2100 are not a publication time but a broken value.
_EARLIEST, _LATEST = 946_684_800, 4_102_444_800

# type_of_work id → (hh schedule id, employment) (§2.4: 6 is confirmed, the others are from
# memory, so titles are read first and the ids only back them up).
_WORK_TYPE_IDS = {
    6: ("fullDay", "full"),
    12: ("shift", None),
    10: (None, "part"),
    13: (None, "part"),
    9: ("flyInFlyOut", None),
}
# Lower-case title fragment → (schedule, employment), first match wins.
_WORK_TYPE_TITLES = (
    ("неполн", (None, "part")),
    ("частичн", (None, "part")),
    ("полный", ("fullDay", "full")),
    ("смен", ("shift", None)),
    ("вахт", ("flyInFlyOut", None)),
    ("гибк", ("flexible", None)),
)
# place_of_work: 1 on site, 2 remote (both seen in samples); 3 is «разъездного характера» in
# the docs but «удалённая работа» in one third-party test (§2.4), so the title decides.
_PLACE_IDS = {1: "on_site", 2: "remote", 3: "field_work"}
_PLACE_TITLES = (
    ("удал", "remote"),
    ("на дому", "remote"),
    ("дистанц", "remote"),
    ("разъезд", "field_work"),
    ("территори", "on_site"),
)
_EXPERIENCE_IDS = {1: "noExperience", 2: "between1And3", 3: "between3And6", 4: "moreThan6"}
# SuperJob names languages in Russian; canonical names are lower-case English.
LANGUAGES = {
    "английский": "english",
    "немецкий": "german",
    "французский": "french",
    "испанский": "spanish",
    "итальянский": "italian",
    "португальский": "portuguese",
    "китайский": "chinese",
    "японский": "japanese",
    "корейский": "korean",
    "арабский": "arabic",
    "турецкий": "turkish",
    "польский": "polish",
    "чешский": "czech",
    "финский": "finnish",
    "шведский": "swedish",
    "нидерландский": "dutch",
    "голландский": "dutch",
    "иврит": "hebrew",
    "греческий": "greek",
    "казахский": "kazakh",
    "узбекский": "uzbek",
    "татарский": "tatar",
    "украинский": "ukrainian",
    "белорусский": "belarusian",
    "русский": "russian",
}
# SuperJob's levels are not CEFR; the nearest CEFR level, as docs/sources.md explains.
_LEVELS = (
    ("базов", "a2"),
    ("техническ", "b1"),
    ("разговорн", "b2"),
    ("свободн", "c1"),
    ("родн", "native"),
)


@dataclass(frozen=True, slots=True)
class ParseContext(hh.ParseContext):
    """What the parser knows about the snapshot a record came from (as for every source)."""

    source: str = SOURCE


def records_in(value: object, location: str = "") -> Iterator[tuple[str, object]]:
    """(JSON path, candidate record) for every record: `objects` pages, records, arrays."""
    return common.records_in(value, ENVELOPE, location)


# A file too large to read whole is read as the elements of the array at this path of a page, or
# of a top-level array (sources/streamed.py).
STREAM_PAGE_PATH = ENVELOPE.page


def element_records(raw: bytes, location: str) -> Iterator[tuple[str, bytes]]:
    """(JSON path, record bytes) of one element of a page's array (sources/streamed.py)."""
    return common.element_records(raw, ENVELOPE, location)


def raw_records_in(data: bytes) -> list[tuple[str, bytes]] | None:
    """(JSON path, the record's own JSON bytes) in one valid document; None when unsure."""
    return common.raw_records_in(data, ENVELOPE)


def parse_vacancy(record: object, ctx: ParseContext) -> Observation:
    """One SuperJob vacancy object → Observation; raises RecordError."""
    return common.guarded(record, lambda r, vid: _observation(r, vid, ctx), _VACANCY_KEYS)


def _observation(r: dict, vacancy_id: str, ctx: ParseContext) -> Observation:
    title = r.get("profession")
    if not isinstance(title, str) or not title.strip():
        raise RecordError("missing_title", "the vacancy has no profession (title)")
    published_at = parse_unix_time(r.get("date_published"))
    if published_at is None:
        raise RecordError(
            "bad_date",
            f"date_published is missing or not unix seconds: {r.get('date_published')!r}",
        )
    # `agreement` («по договорённости») comes with 0/0 bounds, which monthly_pay reads as no
    # pay; the rare posting with both keeps its bounds.
    pay = common.monthly_pay(
        r.get("payment_from"), r.get("payment_to"), r.get("currency"), published_at,
        ctx.snapshot_rates,
    )  # fmt: skip
    client, town = obj(r.get("client")), obj(r.get("town"))
    schedule, employment = work_type_of(obj(r.get("type_of_work")))
    description = html_to_text(text(r.get("vacancyRichText"))) or _plain_text(r)
    return common.observation(
        source=ctx.source,
        vacancy_id=vacancy_id,
        is_detail=description is not None,
        is_synthetic=ctx.is_synthetic,
        url=text(r.get("link")),
        title=title.strip(),
        employer_name=text(r.get("firm_name")) or text(client.get("title")),
        employer_id=id_text(r.get("id_client")) or id_text(client.get("id")),
        area_name=text(town.get("title")),
        area_id=id_text(town.get("id")),
        published_at=published_at,
        archived=r.get("is_archive") if isinstance(r.get("is_archive"), bool) else None,
        **pay,
        schedule=schedule,
        employment=employment,
        experience=_EXPERIENCE_IDS.get(_dictionary_id(r.get("experience"))),
        work_format=place_of_work(obj(r.get("place_of_work"))),
        professional_roles=roles_of(r.get("catalogues")),
        languages=languages_of(r.get("languages")),
        description_text=description,
    )


def parse_unix_time(value: object) -> datetime | None:
    """Unix seconds (int, or a whole-number string) → naive UTC; None when not plausible."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not _EARLIEST <= value < _LATEST:  # also refuses NaN
        return None
    return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)


def work_type_of(item: dict) -> tuple[str | None, str | None]:
    """type_of_work {id, title} → (hh schedule id, employment); the title first, then the id."""
    title = str(item.get("title") or "").lower()
    for fragment, value in _WORK_TYPE_TITLES:
        if fragment in title:
            return value
    return _WORK_TYPE_IDS.get(_dictionary_id(item), (None, None))


def place_of_work(item: dict) -> str | None:
    """place_of_work {id, title} → 'remote', 'on_site', 'field_work'; None when it does not
    matter («не имеет значения», id 0)."""
    title = str(item.get("title") or "").lower()
    for fragment, value in _PLACE_TITLES:
        if fragment in title:
            return value
    return None if title else _PLACE_IDS.get(_dictionary_id(item))


def roles_of(catalogues: object) -> list[Role]:
    """catalogues[].positions[] → roles; a catalogue without positions stands for itself.

    Ids are prefixed `superjob:` so that they never match hh.ru's professional role ids,
    which the feature extractors read (pipelines/features/roles.py).
    """
    roles = []
    for catalogue in catalogues if isinstance(catalogues, list) else ():
        if not isinstance(catalogue, dict):
            continue
        positions = [p for p in catalogue.get("positions") or () if isinstance(p, dict)]
        for item in positions or [catalogue]:
            item_id = id_text(item.get("id"))
            roles.append(Role(f"{SOURCE}:{item_id}" if item_id else None, text(item.get("title"))))
    return roles


def languages_of(items: object) -> list[Language] | None:
    """languages: [[{id, title: «Английский»}, {id, title: «Разговорный»}], …] → Languages.

    Also takes {title, level} objects. None when the record has no languages field.
    """
    if not isinstance(items, list):
        return None
    out = []
    for item in items:
        if isinstance(item, list) and item:
            language, level = obj(item[0]), obj(item[1] if len(item) > 1 else None)
        elif isinstance(item, dict):
            language, level = item, obj(item.get("level"))
        else:
            continue
        name = text(language.get("title"))
        if name is None:
            continue
        name = name.lower()
        level_title = str(level.get("title") or "").lower()
        cefr = next((cefr for fragment, cefr in _LEVELS if fragment in level_title), None)
        out.append(Language(LANGUAGES.get(name, name), cefr))
    return out


def _dictionary_id(item: object) -> int | None:
    """The integer id of a {id, title} dictionary value (ids may come as strings)."""
    value = obj(item).get("id")
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _plain_text(r: dict) -> str | None:
    """Duties, requirements and conditions when the rich text is absent."""
    parts = [text(r.get(key)) for key in ("work", "candidat", "compensation")]
    return "\n".join(p for p in parts if p) or None
