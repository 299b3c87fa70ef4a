"""Property-based tests: no parser or normaliser raises anything but its own documented error on
any input (arbitrary JSON shapes, strings, numbers and encodings).

The number of examples comes from the hypothesis profile (tests/conftest.py): ~100 per test in
`make test`, 10 000 in `make test-long` (PAYSCOPE_HYPOTHESIS_PROFILE=long)."""

from __future__ import annotations

import copy
import json
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.normalise.errors import PayError
from pipelines.normalise.pay import PERIODS, PayInput, normalise_pay
from pipelines.normalise.pay_text import parse_pay_text
from pipelines.normalise.text import html_to_text
from pipelines.sources.batches import PARSERS, parse_snapshot_file
from pipelines.sources.csv.mapping import load_mapping
from pipelines.sources.framing import UnreadableFile, json_values
from pipelines.sources.hh.parse import parse_timestamp
from pipelines.sources.records import Observation, RecordError
from pipelines.sources.snapshot_files import SnapshotFileError, parse_as_of
from tests.conftest import DATA

# Every parser test may be slow on its first examples (imports, regexes): no deadline.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=10**17, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e308, -0.0, 2**63, 10**4000]),
)
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "RUR", "rub", "USD", "2025-03-10T12:00:00+0300", "0000-01-01",
                     "10000-01-01", "от 40 000 до 50 000 ₽", "[/bold]", "\x1b[2J", "\udcce"]),
)  # fmt: skip
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)
ENCODINGS = st.sampled_from(["utf-8", "cp1251", "utf-16", "latin-1", "koi8-r"])


def _record(name: str) -> dict:
    if name == "hh":
        return json.loads((DATA / "hh" / "search_page.json").read_text("utf-8"))["items"][0]
    if name == "superjob":
        page = json.loads((DATA / "superjob" / "snapshot" / "page-0.json").read_text("utf-8"))
        return page["objects"][0]
    if name == "trudvsem":
        page = json.loads((DATA / "trudvsem" / "snapshot" / "page-0.json").read_text("utf-8"))
        return page["results"]["vacancies"][0]["vacancy"]
    if name == "telegram":
        path = DATA / "telegram" / "remote_jobs" / "result.json"
        return json.loads(path.read_text("utf-8"))["messages"][1]
    return json.loads((DATA / "jobposting" / "postings.jsonld").read_text("utf-8"))[0]


WRAP = {
    "hh": lambda records: {"items": records},
    "superjob": lambda records: {"objects": records},
    "trudvsem": lambda records: {"results": {"vacancies": [{"vacancy": r} for r in records]}},
    "telegram": lambda records: {"id": 17, "name": "c", "messages": records},
    "jobposting": lambda records: records,
}
BASE = {name: _record(name) for name in WRAP}


def _context(source: str):
    if source == "csv":
        mapping = load_mapping(DATA / "csv" / "board" / "mapping.toml")
        return PARSERS["csv"].ParseContext(mapping=mapping)
    return PARSERS[source].ParseContext()


CONTEXTS = {source: _context(source) for source in (*WRAP, "csv")}


@st.composite
def mutated(draw, source: str) -> dict:
    """The source's real record with some fields replaced by, or added as, arbitrary JSON."""
    record = copy.deepcopy(BASE[source])
    keys = sorted(record)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        key = draw(st.one_of(st.sampled_from(keys), st.text(max_size=8)))
        record[key] = draw(JSON)
    return record


@st.composite
def file_bytes(draw, source: str) -> bytes:
    """What a file of this source might hold: its records mutated, any JSON, cut, re-encoded."""
    kind = draw(st.sampled_from(["mutated", "any", "binary"]))
    if kind == "binary":
        return draw(st.binary(max_size=300))
    if kind == "mutated":
        value = WRAP[source]([draw(mutated(source)) for _ in range(draw(st.integers(1, 3)))])
    else:
        value = draw(JSON)
    try:
        text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    except ValueError:  # an int of more digits than Python prints
        text = "[" + "1" * 5000 + "]"
    if draw(st.booleans()):
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    return _encoded(text, draw(ENCODINGS))


def _encoded(text: str, encoding: str) -> bytes:
    """The text in `encoding`; lone surrogates become the bytes they stand for when they can."""
    try:
        return text.encode(encoding, "surrogateescape")
    except UnicodeEncodeError:
        return text.encode(encoding, "replace")


def _accounted(rows) -> None:
    assert rows.records_read == len(rows.observations) + len(rows.quarantine)
    for observation in rows.observations:
        assert isinstance(observation, Observation) and observation.vacancy_id.strip()
        assert datetime(2000, 1, 1) <= observation.published_at
    for row in rows.quarantine:
        assert row[4] and row[5]  # a reason and a message for every quarantined record


@pytest.mark.parametrize("source", sorted(WRAP))
def test_a_parser_reads_any_file_without_an_unexpected_error(source):
    @RELAXED
    @given(file_bytes(source))
    def check(data: bytes) -> None:
        try:
            rows = parse_snapshot_file(data, "f.json", source, CONTEXTS[source])
        except UnreadableFile as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        _accounted(rows)

    check()


@pytest.mark.parametrize("source", sorted(WRAP))
@pytest.mark.parametrize("data", [b"\xfe\xff\x00", b"\xff\xfe{\x00\x00"])
def test_a_utf16_file_cut_inside_a_character_is_read(source, data):
    # Found by the long profile: UnicodeDecodeError escaped for a BOM and an odd byte count.
    try:
        rows = parse_snapshot_file(data, "f.json", source, CONTEXTS[source])
    except UnreadableFile:
        return
    _accounted(rows)


@pytest.mark.parametrize("source", sorted(WRAP))
def test_parse_vacancy_raises_only_record_errors(source):
    parser = PARSERS[source]

    @RELAXED
    @given(st.one_of(mutated(source), JSON))
    def check(record) -> None:
        if source == "telegram":
            record = {"channel_id": "17", "message": record}
        try:
            observation = parser.parse_vacancy(record, CONTEXTS[source])
        except RecordError as exc:
            assert exc.code and exc.message
            return
        assert isinstance(observation, Observation)

    check()


CSV_HEADER = ";".join(["Код", "Должность", "Компания", "Город", "ЗП от", "ЗП до", "Валюта",
                       "Налог", "Период", "Дата", "График", "Опыт", "Описание"])  # fmt: skip
CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["45 000", "55 000,50", "05.03.2025", "1" * 5000, "00.01.0000", '"', ";"]),
)


@RELAXED
@given(st.lists(st.lists(CELL, min_size=0, max_size=14), max_size=5), ENCODINGS, st.booleans())
def test_the_csv_parser_reads_any_table_without_an_unexpected_error(rows, encoding, cut):
    text = "\n".join([CSV_HEADER, *(";".join(row) for row in rows)])
    if cut:
        text = text[: len(text) // 2]
    data = _encoded(text, encoding)
    try:
        result = parse_snapshot_file(data, "f.csv", "csv", CONTEXTS["csv"])
    except UnreadableFile as exc:
        assert str(exc)
        return
    _accounted(result)


@RELAXED
@given(st.binary(max_size=400) | JSON.map(lambda v: json.dumps(v).encode()))
def test_json_values_returns_values_or_refuses_the_file(data):
    try:
        values = json_values(data)
    except UnreadableFile as exc:
        assert str(exc)
        return
    assert isinstance(values, list)


@RELAXED
@given(
    st.one_of(st.none(), NUMBERS),
    st.one_of(st.none(), NUMBERS),
    st.one_of(st.none(), TEXT),
    st.one_of(st.none(), st.booleans()),
    st.sampled_from(sorted(PERIODS)),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.one_of(st.none(), st.floats(), st.integers(min_value=-5, max_value=100)),
)
def test_normalise_pay_raises_only_pay_errors(low, high, currency, gross, period, when, hours):
    pay = PayInput(low, high, currency, gross, period, when, hours_per_shift=hours)
    try:
        result = normalise_pay(pay)
    except PayError as exc:
        assert exc.code
        return
    if result is not None and result.low_rub is not None:
        assert result.low_rub == result.low_rub  # never NaN
        assert result.low_rub != float("inf")


@RELAXED
@given(TEXT | st.text(max_size=300))
def test_text_normalisers_accept_any_string(text):
    parse_pay_text(text)
    html_to_text(text)
    parse_timestamp(text)
    try:
        parse_as_of(text)
    except SnapshotFileError as exc:
        assert "\n" not in str(exc)
