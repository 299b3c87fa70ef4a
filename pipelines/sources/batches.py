"""One snapshot file's bytes → Arrow batches of observations, raw records and quarantine rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
import pyarrow as pa

from pipelines.sources.csv import parse as csv_rows
from pipelines.sources.framing import Broken, decompress, json_values
from pipelines.sources.hh import parse as hh
from pipelines.sources.jobposting import parse as jobposting
from pipelines.sources.records import Observation, RecordError
from pipelines.sources.streamed import Candidate, decoded, records_of
from pipelines.sources.superjob import parse as superjob
from pipelines.sources.telegram import parse as telegram
from pipelines.sources.trudvsem import parse as trudvsem

# Source name → parser module exposing records_in, raw_records_in (each source says where its
# records sit in a response), parse_vacancy and ParseContext. A parser that reads more than
# JSON (csv) exposes candidates(data, ctx) instead of records_in and raw_records_in.
PARSERS = {
    "hh": hh,
    "superjob": superjob,
    "trudvsem": trudvsem,
    "csv": csv_rows,
    "jobposting": jobposting,
    "telegram": telegram,
    "zarplata": hh,  # zarplata.ru serves hh.ru vacancies; stored under its own source name
}

_ROLE = pa.struct([("id", pa.string()), ("name", pa.string())])
_LANGUAGE = pa.struct([("name", pa.string()), ("level", pa.string())])
_TYPES = {
    "is_detail": pa.bool_(),
    "is_synthetic": pa.bool_(),
    "archived": pa.bool_(),
    "gross_original": pa.bool_(),
    "pay_in_stats": pa.bool_(),
    "night_shifts": pa.bool_(),
    "published_estimated": pa.bool_(),
    "published_at": pa.timestamp("us"),
    "created_at": pa.timestamp("us"),
    "pay_from_original": pa.float64(),
    "pay_to_original": pa.float64(),
    "pay_low_rub": pa.float64(),
    "pay_high_rub": pa.float64(),
    "pay_mid_rub": pa.float64(),
    "fx_rate": pa.float64(),
    "hours_per_shift": pa.float64(),
    "professional_roles": pa.list_(_ROLE),
    "languages": pa.list_(_LANGUAGE),
    "key_skills": pa.list_(pa.string()),
}
OBSERVATION_SCHEMA = pa.schema(
    [(name, _TYPES.get(name, pa.string())) for name in Observation._fields]
    + [("file", pa.string()), ("record_no", pa.int32())]
)
RAW_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("record_no", pa.int32()),
        ("location", pa.string()),
        ("vacancy_id", pa.string()),
        ("record", pa.string()),
    ]
)
# Records are built as their JSON's UTF-8 bytes: Arrow casts those to text without a copy,
# checking the UTF-8 at about 2 GB/s, where decoding them in DuckDB cost the loading process
# 0.3 s more per 200 000 records (and Python str objects far more).
_RAW_BUILD_SCHEMA = RAW_SCHEMA.set(4, pa.field("record", pa.binary()))
QUARANTINE_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("record_no", pa.int32()),
        ("location", pa.string()),
        ("vacancy_id", pa.string()),
        ("reason", pa.string()),
        ("message", pa.string()),
        ("original", pa.string()),
    ]
)
_ORIGINAL_CHARS = 20000
# Publication dates outside these bounds are typing errors or placeholders (1900-01-01).
_EARLIEST = datetime(2000, 1, 1)
_FUTURE = timedelta(days=366)
_FIELDS = Observation._fields


@dataclass
class FileRows:
    """What one file yielded, as rows; records_read = observations + quarantine rows."""

    file: str
    observations: list[Observation]
    raw: list[tuple]  # RAW_SCHEMA rows, one per observation, in the same order
    quarantine: list[tuple]  # QUARANTINE_SCHEMA rows
    max_published_at: datetime | None

    @property
    def records_read(self) -> int:
        return len(self.observations) + len(self.quarantine)


@dataclass
class Tables:
    """Rows of one or more files as Arrow tables, ready to insert."""

    observations: pa.Table
    raw: pa.Table
    quarantine: pa.Table


def parse_snapshot_file(data: bytes, file: str, source: str, ctx: object) -> FileRows:
    """Decode, frame and parse one file; raises framing.UnreadableFile when nothing is JSON."""
    return next(file_row_batches(data, file, source, ctx, None))


def file_row_batches(
    data: bytes | None,
    file: str,
    source: str,
    ctx: object,
    batch_rows: int | None,
    candidates: Iterator[Candidate] | None = None,
    batch_bytes: int | None = None,
) -> Iterator[FileRows]:
    """One file's rows in batches of about `batch_rows` records or `batch_bytes` of their JSON
    (all in one when None), so that a file of any size is parsed in bounded memory; always at
    least one (maybe empty) batch. The records are read from `data`, or are the `candidates`
    a streamed reader found (streamed.py). UnreadableFile comes before the first batch when the
    file cannot be read at all."""
    parser = PARSERS[parser_of(source)]
    rows = FileRows(file, [], [], [], None)
    record_no = held = 0
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    if candidates is None:
        assert data is not None
        if not data.strip():  # an empty or blank file holds no records (not an error)
            yield rows
            return
        candidates = whole_candidates(parser, data, ctx)
    for location, candidate, record_bytes in candidates:
        record_no += 1
        if (batch_rows and rows.records_read >= batch_rows) or (
            batch_bytes and held >= batch_bytes
        ):
            yield _dated(rows)
            rows, held = FileRows(file, [], [], [], None), 0
        try:
            # Records read the slow way may hold text that was not UTF-8: say so first.
            record_json = record_bytes or _record_json(candidate)
            obs = _checked(parser.parse_vacancy(candidate, ctx), loaded_at)
        except RecordError as exc:
            rows.quarantine.append(_quarantined(file, record_no, location, exc, candidate))
            continue
        except Exception as exc:  # noqa: BLE001 - an input nobody foresaw costs one record
            exc = RecordError("parse_error", f"the record could not be read ({_why(exc)})",
                              _id_of(candidate))  # fmt: skip
            rows.quarantine.append(_quarantined(file, record_no, location, exc, candidate))
            continue
        rows.observations.append(obs)
        rows.raw.append((file, record_no, location, obs.vacancy_id, record_json))
        held += len(record_json)
    yield _dated(rows)


def _dated(rows: FileRows) -> FileRows:
    rows.max_published_at = max((o.published_at for o in rows.observations), default=None)
    return rows


def _checked(obs: Observation, loaded_at: datetime) -> Observation:
    """The checks every source shares: an id that is not blank, a publication date that can be
    real (2000 or later, at most a year after the load); an impossible creation date is dropped."""
    if not obs.vacancy_id or not obs.vacancy_id.strip():
        raise RecordError("missing_id", "the vacancy id is blank")
    latest = loaded_at + _FUTURE
    if not _EARLIEST <= obs.published_at <= latest:
        when = "before 2000" if obs.published_at < _EARLIEST else "more than a year from now"
        raise RecordError(
            "bad_date",
            f"published {obs.published_at:%Y-%m-%d}, {when}: not a real publication date",
            obs.vacancy_id,
        )
    if obs.created_at is not None and not _EARLIEST <= obs.created_at <= latest:
        obs = obs._replace(created_at=None)
    return obs


def _record_json(candidate: object) -> bytes:
    try:
        return orjson.dumps(candidate)
    except TypeError as exc:
        if "UTF-8" in str(exc):  # orjson refuses text that was not UTF-8 in the file
            raise RecordError(
                "bad_encoding",
                "text that is not UTF-8 (was the file saved in another encoding, e.g. "
                "cp1251? convert it to UTF-8)",
                _id_of(candidate),
            ) from None
        # A number past 64 bits or a nesting past orjson's depth: the record cannot be kept.
        raise RecordError(
            "unsupported_json", f"the record cannot be stored as JSON ({exc})", _id_of(candidate)
        ) from None


def _id_of(candidate: object) -> str | None:
    value = candidate.get("id") if isinstance(candidate, dict) else None
    return None if value is None else str(value)[:100]


def _why(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 300 else text[:300] + " …"


def parser_of(source: str) -> str:
    """The parser of a stored source name: 'csv:mycompany' is read by the csv parser."""
    return source.partition(":")[0]


def to_tables(files: list[FileRows]) -> Tables:
    """Many files' rows as one set of tables: Arrow conversion has a high per-call cost."""
    observations = [o for f in files for o in f.observations]
    raw = [row for f in files for row in f.raw]
    columns = list(zip(*observations, strict=True)) if observations else [()] * len(_FIELDS)
    columns.append([row[0] for row in raw])  # file
    columns.append([row[1] for row in raw])  # record_no
    return Tables(
        observations=_from_columns(columns, OBSERVATION_SCHEMA),
        raw=_table(raw, _RAW_BUILD_SCHEMA).cast(RAW_SCHEMA),
        quarantine=_table([row for f in files for row in f.quarantine], QUARANTINE_SCHEMA),
    )


def whole_candidates(parser, data: bytes, ctx: object) -> Iterator[Candidate]:
    """The records of a file's bytes read whole, by the parser's own reader where it has one."""
    if hasattr(parser, "candidates"):
        return parser.candidates(data, ctx)
    return _candidates(parser, data)


def gzip_problem_candidates(parser, problem: Broken) -> Iterator[Candidate]:
    """What broke in a gzip file, as the record the whole-file reader ends it with."""
    if hasattr(parser, "candidates"):
        yield "end of file", problem, None
    else:
        yield from records_of([problem], parser)


def _candidates(parser, data: bytes) -> Iterator[Candidate]:
    """(JSON path, record, its JSON bytes when known) for every record of a file's bytes."""
    text_bytes, gzip_problem = decompress(data)
    try:
        split = parser.raw_records_in(text_bytes) if gzip_problem is None else None
    except RecursionError:  # arrays nested past the splitter's limit: read value by value
        split = None
    if split is not None:  # one well-formed document: each record keeps its own bytes
        for where, record in split:
            yield from decoded(where, record)
        return
    values = json_values(text_bytes)
    if gzip_problem is not None:
        values.append(gzip_problem)
    yield from records_of(values, parser)


def _quarantined(file: str, record_no: int, location: str, exc: RecordError, candidate) -> tuple:
    where = f"record {record_no} ({location}"
    where += f", id {exc.vacancy_id})" if exc.vacancy_id else ")"
    message = f"{file}: {where}: {exc.message}"
    return (file, record_no, location, exc.vacancy_id, exc.code, message, _original_text(candidate))


def _original_text(candidate: object) -> str:
    if isinstance(candidate, Broken):
        text = candidate.text
    else:
        try:
            text = json.dumps(candidate, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):  # an int of thousands of digits, deep nesting
            text = "(the record cannot be shown: too deeply nested or a number too long)"
    # Lone surrogates (bytes that were not UTF-8) cannot be stored; show them as U+FFFD.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= _ORIGINAL_CHARS else text[:_ORIGINAL_CHARS] + " …"


def _table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    return _from_columns(list(zip(*rows, strict=True)) if rows else [()] * len(schema), schema)


def _from_columns(columns: list, schema: pa.Schema) -> pa.Table:
    arrays = [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)
