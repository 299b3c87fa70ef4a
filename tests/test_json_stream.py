"""A file too large to read whole is read window by window: the same records, paths and bytes
as the whole-file reader, whatever the window; a break in the file is read the careful way."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.sources import json_stream
from pipelines.sources.batches import _candidates
from pipelines.sources.framing import Broken
from pipelines.sources.hh import parse as hh
from pipelines.sources.streamed import NotAPage, streamed_candidates
from pipelines.sources.superjob import parse as superjob
from pipelines.sources.trudvsem import parse as trudvsem
from tests.conftest import DATA, hh_item


def _whole(data: bytes, parser=hh) -> list:
    return list(_candidates(parser, data))


def _streamed(data: bytes, parser=hh) -> list:
    found = streamed_candidates(io.BytesIO(data), parser)
    assert found is not None
    return list(found)


def _items(n: int) -> list[dict]:
    # Nested objects in arrays ("},{"), braces and brackets inside strings, escaped quotes.
    return [
        hh_item(str(i), name=f'Оператор {{чата}} [№{i}] "ночь"', work_format=[
            {"id": "REMOTE"}, {"id": "HYBRID"}], snippet={"requirement": "a}, {b"})
        for i in range(n)
    ]  # fmt: skip


SHAPES = {
    "page": json.dumps({"items": _items(7), "found": 7, "pages": 1}).encode(),
    "pretty page": json.dumps({"items": _items(5), "found": 5}, indent=2).encode(),
    "array": json.dumps(_items(6), ensure_ascii=False).encode(),
    "array of pages": json.dumps([{"items": _items(2)}, {"items": _items(3)}]).encode(),
    "odd elements": json.dumps({"items": [*_items(2), 5, "x", None, [hh_item("a")], {}]}).encode(),
    "empty page": b'{"items": [], "found": 0}',
    "empty array": b"[ ]",
}


@pytest.mark.parametrize("window", [16, 200, 10**6])
@pytest.mark.parametrize("shape", SHAPES)
def test_every_window_reads_the_records_the_whole_file_reader_reads(shape, window, monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", window)
    data = SHAPES[shape]
    assert _streamed(data) == _whole(data)


def _sj(i: int) -> dict:
    return {"id": i, "profession": "Оператор чата", "payment_from": 40000, "catalogues": [
        {"id": 33, "title": "IT"}, {"id": 11, "title": "Продажи"}], "firm_name": "Магазин {1}"}


SUPERJOB_SHAPES = {
    "page": json.dumps({"objects": [_sj(i) for i in range(5)], "total": 5, "more": False}),
    "array of pages": json.dumps([{"objects": [_sj(1)]}, {"objects": [_sj(2), _sj(3)]}]),
    "empty page": json.dumps({"objects": [], "total": 0}),
}


def test_a_file_cut_short_keeps_its_whole_records_and_quarantines_the_rest(monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 300)
    data = json.dumps({"items": _items(6)}).encode()
    cut = data[: data.index(b'"id": "4"') + 30]  # inside the fifth record

    found = _streamed(cut)

    records = [(where, value["id"]) for where, value, _ in found if isinstance(value, dict)]
    assert records == [(f"items[{i}]", str(i)) for i in range(4)]
    broken = [value for _, value, _ in found if isinstance(value, Broken)]
    assert broken and all(b.reason == "invalid_json" for b in broken)
    assert [where for where, *_ in found][4:] == ["items[4]"] * len(broken)


@pytest.mark.parametrize("page", [False, True])
def test_what_follows_the_array_is_read_as_the_whole_file_reader_reads_it(page):
    document = {"items": _items(2), "found": 2} if page else _items(2)
    data = json.dumps(document).encode()[: -1 if page else None] + b"\n  garbage"

    found = _streamed(data)

    assert [c[:2] for c in found] == [c[:2] for c in _whole(data)]
    [(where, broken, raw)] = found[2:]
    assert where == "$" and raw is None
    assert broken.reason == "invalid_json" and "garbage" in broken.text and broken.line == 2


def test_a_page_that_also_has_an_id_after_its_array_is_no_page_and_the_file_is_refused():
    data = json.dumps({"items": _items(2), "id": "7"}).encode()

    with pytest.raises(NotAPage, match='"id"'):
        _streamed(data)


@pytest.mark.parametrize(
    "start",
    [
        b'{"id": 3, "items": []}',  # a record with an items field, as the whole-file reader sees
        b'{"meta": {"items": [', b"\xff\xfe[\x00]\x00", b'{"objects": []}', b"\x1f\x8b\x08", b"12",
    ],
)
def test_other_starts_are_left_to_the_whole_file_reader(start):
    assert streamed_candidates(io.BytesIO(start), hh) is None


@pytest.mark.parametrize("cut", [False, True])
@pytest.mark.parametrize("shape", SHAPES)
def test_a_file_with_a_byte_order_mark_streams_as_it_reads_whole(shape, cut, monkeypatch):
    """Read whole, such a file is read the careful way, its records without bytes of their own;
    streamed, they keep them: the same records at the same paths, and the same breaks."""
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 64)
    data = b"\xef\xbb\xbf" + SHAPES[shape]
    if cut:
        data = data[: len(data) * 3 // 4]
    found = streamed_candidates(io.BytesIO(data), hh)
    assert found is not None
    assert _records(found) == _records(_whole(data))


def _records(found) -> list:
    """Where and what, a break by its reason: the careful reader names its column in the text
    it was given, which is not the file's when it reads from a break."""
    return [(w, v.reason if isinstance(v, Broken) else v) for w, v, _ in found]


def _tv(i: int) -> dict:
    return {"vacancy": {"id": f"v-{i}", "job-name": "Оператор [чата]", "salary_min": 30000,
                        "company": {"name": "ООО {Связь}"}, "creation-date": "2025-11-18"}}


TRUDVSEM_SHAPES = {
    "page": json.dumps({"status": "200", "request": {"api": "v1"}, "meta": {"total": 4},
                        "results": {"vacancies": [_tv(i) for i in range(4)]}}),
    "pretty page, keys after": json.dumps(
        {"meta": {"total": 3}, "results": {"vacancies": [_tv(i) for i in range(3)], "n": 3}},
        indent=2, ensure_ascii=False),
    # "vacancies" arrays that are not the records' come first: the page's is found.
    "decoys": json.dumps({"request": {"vacancies": [1]}, "results": {
        "x": {"vacancies": []}, "vacancies": [_tv(1), _tv(2)]}}),
    "array of wrapped": json.dumps([_tv(1), _tv(2)]),
    "empty results": json.dumps({"status": "200", "results": {"vacancies": []}}),
}  # fmt: skip


OTHER_SOURCES = [
    *((superjob, shape, text) for shape, text in SUPERJOB_SHAPES.items()),
    *((trudvsem, shape, text) for shape, text in TRUDVSEM_SHAPES.items()),
]


@pytest.mark.parametrize("window", [16, 10**6])
@pytest.mark.parametrize(
    ("parser", "shape", "text"), OTHER_SOURCES, ids=[f"{p.SOURCE}-{s}" for p, s, _ in OTHER_SOURCES]
)
def test_superjob_and_trudvsem_pages_stream_as_they_read_whole(
    parser, shape, text, window, monkeypatch
):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", window)
    data = text.encode()
    assert _streamed(data, parser) == _whole(data, parser)


def test_a_trudvsem_page_cut_short_keeps_its_whole_records_under_their_paths(monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 100)
    data = TRUDVSEM_SHAPES["page"].encode()
    cut = data[: data.index(b'"v-3"') + 10]

    found = _streamed(cut, trudvsem)

    assert [c[:2] for c in found] == [c[:2] for c in _whole(cut, trudvsem)]
    assert [where for where, value, _ in found if not isinstance(value, Broken)] == [
        f"results.vacancies[{i}].vacancy" for i in range(3)
    ]


def test_a_page_whose_records_array_is_not_its_first_key_streams(monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 64)
    data = json.dumps({"found": 3, "pages": 1, "items": _items(3), "page": 0}).encode()
    assert _streamed(data) == _whole(data)


def test_an_element_larger_than_the_window_widens_it(monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 8)
    big = hh_item("1", description="<p>" + "Отвечать в чате. " * 200 + "</p>")
    data = json.dumps([big, hh_item("2")]).encode()

    assert _streamed(data) == _whole(data)


# Any JSON value as an element: strings full of brackets, quotes and escapes, nested pages.
_TEXT = st.text(alphabet=st.sampled_from('{}[],:"\\ab \n\u0416'), max_size=12)
_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), _TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "items", "name", "x", "{"]) | _TEXT, inner,
                        max_size=4),
    ),  # fmt: skip
    max_leaves=12,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    elements=st.lists(_VALUE, max_size=6),
    page=st.booleans(),
    indent=st.sampled_from([None, 1]),
    window=st.integers(1, 64),
)
def test_any_array_streams_as_it_reads_whole(elements, page, indent, window):
    document = {"items": elements, "found": len(elements)} if page else elements
    data = json.dumps(document, indent=indent, ensure_ascii=bool(indent)).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_stream, "WINDOW_BYTES", window)
        streamed, whole = _streamed(data), _whole(data)
    assert [c[:2] for c in streamed] == [c[:2] for c in whole]
    # An element the splitter is unsure of ({"items": false}) sends the whole-file reader the
    # careful way for the whole file, the streamed one for that element only: the others keep
    # their own bytes. Where the whole-file reader kept bytes, they are the same.
    assert all(w[2] is None or s[2] == w[2] for s, w in zip(streamed, whole, strict=True))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    elements=st.lists(_VALUE, max_size=4),
    before=st.dictionaries(st.sampled_from(["id", "found", "items", "x"]), _VALUE, max_size=2),
    after=st.dictionaries(st.sampled_from(["id", "found", "items", "x"]), _VALUE, max_size=2),
    window=st.integers(1, 64),
)
def test_any_page_streams_as_it_reads_whole_or_is_left_to_it(elements, before, after, window):
    """Other keys before and after the records' array, "id" and a second "items" among them:
    streamed, a file gives what it gives read whole; else it is read whole, or refused when
    what follows the array makes it no page."""
    head = json.dumps(before)[:-1] if before else "{"
    tail = json.dumps(after)[1:] if after else "}"
    data = f'{head}{", " if before else ""}"items": {json.dumps(elements)}'
    data = (data + (", " + tail if after else tail)).encode()
    whole = _whole(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_stream, "WINDOW_BYTES", window)
        found = streamed_candidates(io.BytesIO(data), hh)
        if found is None:
            return
        try:
            streamed = list(found)
        except NotAPage:
            assert "id" in after or "items" in after or "items" in before  # a second array
            return
    assert [c[:2] for c in streamed] == [c[:2] for c in whole]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    elements=st.lists(_VALUE, min_size=1, max_size=6),
    cut=st.floats(0, 1),
    window=st.integers(1, 64),
)
def test_any_array_cut_anywhere_streams_without_an_error(elements, cut, window):
    data = json.dumps({"items": elements}).encode()
    data = data[: max(1, int(len(data) * cut))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_stream, "WINDOW_BYTES", window)
        found = streamed_candidates(io.BytesIO(data), hh)
        if found is not None:
            list(found)  # whole elements, then what is left read the careful way: never raises


@pytest.mark.parametrize("parser", [hh, superjob, trudvsem], ids=["hh", "superjob", "trudvsem"])
def test_every_nasty_file_streams_as_it_reads_whole(parser, monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 64)
    folder = DATA / "nasty" / parser.SOURCE
    for path in sorted(folder.glob("*.json")):
        data = path.read_bytes()
        found = streamed_candidates(io.BytesIO(data), parser)
        if found is None:
            continue
        streamed = [c[:2] for c in found]
        try:
            whole = [c[:2] for c in _candidates(parser, data)]
        except Exception as exc:  # noqa: BLE001 - the whole-file reader refuses the file
            whole = exc
        assert streamed == whole, path.name


def _lines(*values, sep: str = "\n") -> bytes:
    return sep.join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                    for v in values).encode()  # fmt: skip


JSON_LINES = {
    "records": _lines(*_items(4)),
    "pages and blank lines": _lines({"items": _items(2)}, "", {"items": _items(1)}, "", sep="\r\n"),
    "a broken line": _lines(*_items(2), '{"id": "x", "name": ', *_items(2)),
    "NaN on a line": _lines(_items(1)[0], '{"id": "n", "salary": NaN}', _items(1)[0]),
    "a value over two lines": _lines(_items(1)[0], '{"id": "7",\n "name": "Оператор"}', "[1]"),
    "cut short": _lines(*_items(3))[:-40],
}


@pytest.mark.parametrize("shape", JSON_LINES)
def test_json_lines_stream_as_they_read_whole(shape):
    data = JSON_LINES[shape]
    assert [c[:2] for c in _streamed(data)] == [c[:2] for c in _whole(data)]


def test_one_document_on_several_lines_is_not_json_lines():
    data = json.dumps({"items": _items(2)}, indent=1).encode()
    assert not json_stream.is_json_lines(io.BytesIO(data))
    assert not json_stream.is_json_lines(io.BytesIO(_lines(_items(1)[0], "")))
    assert json_stream.is_json_lines(io.BytesIO(_lines(*_items(2))))
