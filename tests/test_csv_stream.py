"""A CSV file too large to read whole is decoded and read row by row: the same rows, lines and
errors as the whole file."""

from __future__ import annotations

import gzip
import io
from datetime import datetime

import pytest

from pipelines.sources.csv import parse as csv_parse
from pipelines.sources.csv.locate import SHIPPED
from pipelines.sources.csv.mapping import load_mapping
from pipelines.sources.framing import Broken
from tests.conftest import DATA
from tests.test_real_csv_exports import CSV_EXPORTS, FILES

NASTY = DATA / "nasty" / "csv"
CASES = [(p, NASTY / "mapping.toml") for p in sorted(NASTY.glob("*.csv"))]
CASES += [(p, SHIPPED / f"{m}.toml") for name, m, _ in FILES if (p := CSV_EXPORTS / name).exists()]


def _rows(found) -> list:
    return [(w, ("broken", v.reason, v.line) if isinstance(v, Broken) else v) for w, v, _ in found]


@pytest.mark.parametrize(("path", "mapping"), CASES, ids=lambda c: getattr(c, "name", ""))
def test_every_csv_file_streams_as_it_reads_whole(path, mapping):
    ctx = csv_parse.ParseContext(mapping=load_mapping(mapping), snapshot_time=datetime(2025, 1, 1))
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        whole = _rows(csv_parse.candidates(data, ctx))
    except Exception as exc:  # noqa: BLE001 - the file is refused whole: streamed, the same way
        with pytest.raises(type(exc), match=str(exc)[:40].replace("(", r"\(")):
            _rows(csv_parse.stream_candidates(io.BytesIO(data), ctx) or [])
        return
    found = csv_parse.stream_candidates(io.BytesIO(data), ctx)
    if found is not None:
        assert _rows(found) == whole


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1251"])
def test_encodings_stream_as_they_read_whole(encoding, tmp_path):
    mapping = (NASTY / "mapping.toml").read_text(encoding="utf-8")
    if encoding == "cp1251":
        mapping = f'encoding = "cp1251"\n{mapping}'
    (tmp_path / "mapping.toml").write_text(mapping, encoding="utf-8")
    ctx = csv_parse.ParseContext(mapping=load_mapping(tmp_path / "mapping.toml"))
    data = (NASTY / "good.csv").read_text(encoding="utf-8").encode(encoding)

    found = csv_parse.stream_candidates(io.BytesIO(data), ctx)

    assert found is not None
    rows = _rows(found)
    assert rows == _rows(csv_parse.candidates(data, ctx)) and len(rows) > 1
