"""Tests for reading JSON values out of snapshot bytes (pipelines.sources.framing)."""

from __future__ import annotations

import gzip
import json

import pytest

from pipelines.sources.framing import (
    Broken,
    UnreadableFile,
    decompress,
    has_bad_encoding,
    json_values,
)

TRUNCATED = "the file ends inside this value (truncated?)"
UNCLOSED_ARRAY = "the file ends before this array is closed (truncated?)"
GZIP_CUT = "gzip stream ends early (truncated file?); the records before the cut were read"


def cut(text: str, line: int = 1) -> Broken:
    """The Broken that stands for a value the end of the file cut through."""
    return Broken("invalid_json", TRUNCATED, line, text)


# --- whole documents and several values ---------------------------------------------------------


def test_one_valid_document_is_one_value():
    assert json_values(b'{"items": [{"id": "1"}], "found": 1}') == [
        {"items": [{"id": "1"}], "found": 1}
    ]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b'{"id": "1"}\n{"id": "2"}\n[{"id": "3"}]\n', id="one per line"),
        pytest.param(b'{"id": "1"}{"id": "2"} [{"id": "3"}]', id="on one line"),
        pytest.param(b'{\n  "id": "1"\n}\n{\n  "id": "2"\n}\n[\n  {"id": "3"}\n]', id="pretty"),
    ],
)
def test_values_back_to_back_are_read_in_order(data):
    assert json_values(data) == [{"id": "1"}, {"id": "2"}, [{"id": "3"}]]


def test_a_broken_json_line_costs_only_that_line():
    data = b'{"id": "1"}\n{"id": "2",\n{"id": "3"}\n{"id": "4"}\n'
    assert json_values(data) == [
        {"id": "1"},
        Broken(
            "invalid_json",
            "Expecting property name enclosed in double quotes (line 3, column 1)",
            line=2,
            text='{"id": "2",',
        ),
        {"id": "3"},
        {"id": "4"},
    ]


# --- truncated and broken containers -------------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param('{"id": "3", "na', id="inside a key"),
        pytest.param('{"id": "3", "name": "Опера', id="inside a string value"),
        pytest.param('{"id": "3", "name":', id="after a colon"),
        pytest.param('{"id": "3", "pay": 400', id="inside a number"),
        pytest.param('{"id": "3", "area": {"id": "1"', id="inside a nested object"),
    ],
)
def test_an_array_cut_mid_element_keeps_the_elements_before_the_cut(tail):
    data = ('[{"id": "1"}, {"id": "2"}, ' + tail).encode()
    assert json_values(data) == [[{"id": "1"}, {"id": "2"}, cut(tail)]]


def test_an_array_cut_between_elements_says_it_was_never_closed():
    assert json_values(b'[{"id": "1"}, {"id": "2"},') == [
        [{"id": "1"}, {"id": "2"}, Broken("invalid_json", UNCLOSED_ARRAY, 1, "")]
    ]


def vacancy(n: int) -> dict:
    """A small vacancy-like element with a nested list of small objects, as hh.ru sends."""
    skills = [{"name": "a"}, {"name": "b"}]
    return {"id": str(n), "name": f"Вакансия {n}", "area": {"id": "1"}, "key_skills": skills}


def test_an_invalid_token_costs_only_its_element_and_resync_skips_nested_lists():
    text = json.dumps([vacancy(n) for n in range(1, 6)], ensure_ascii=False, indent=2)
    text = text.replace('"id": "3",', '"id": "3", "pay": oops,')

    [elements] = json_values(text.encode())

    assert [e for e in elements if not isinstance(e, Broken)] == [vacancy(n) for n in (1, 2, 4, 5)]
    broken = elements[2]
    # '[' is line 1 and each element takes 15 lines, so the third starts on line 32.
    assert (broken.reason, broken.message, broken.line) == (
        "invalid_json",
        "Expecting value (line 33, column 23)",
        32,
    )
    # The whole third element, key_skills included: resync did not stop at {"name": "b"}.
    assert broken.text.startswith('{\n    "id": "3", "pay": oops,')
    assert broken.text.endswith('"name": "b"\n      }\n    ]\n  },')


def test_a_broken_first_element_with_nested_language_objects():
    langs = [{"id": "eng", "name": "E", "level": {}}, {"id": "rus", "name": "R", "level": {}}]
    elements = [{"id": str(n), "name": "x", "languages": langs} for n in (1, 2, 3)]
    text = json.dumps(elements, indent=2).replace('"id": "1",', '"id": "1", "pay": oops,', 1)
    values = json_values(text.encode())
    assert [v for v in values[0] if not isinstance(v, Broken)] == elements[1:]


def test_a_search_page_cut_inside_items_keeps_the_items_before_the_cut():
    data = '{"items": [{"id": "1"}, {"id": "2"}, {"id": "3", "name": "Бух'.encode()
    assert json_values(data) == [
        {"items": [{"id": "1"}, {"id": "2"}, cut('{"id": "3", "name": "Бух')]}
    ]


def test_a_search_page_with_a_broken_item_keeps_its_other_items_and_fields():
    data = (
        b'{"items": [{"id": "1", "a": 1, "b": 2}, {"id": "2", oops}, {"id": "3", "a": 1, "b": 2}]'
    )
    broken = Broken(
        "invalid_json",
        "Expecting property name enclosed in double quotes (line 1, column 53)",
        line=1,
        text='{"id": "2", oops},',
    )
    assert json_values(data + b', "found": 3}') == [
        {"items": [{"id": "1", "a": 1, "b": 2}, broken, {"id": "3", "a": 1, "b": 2}], "found": 3}
    ]


def test_an_array_of_arrays_cut_in_the_second_inner_array():
    data = b'[[{"id": "1"}, {"id": "2"}], [{"id": "3"}, {"id": "4", "name": "d'
    assert json_values(data) == [
        [[{"id": "1"}, {"id": "2"}], [{"id": "3"}, cut('{"id": "4", "name": "d')]]
    ]


# --- text encoding -------------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_load_as_lone_surrogates():
    [records] = json_values(b'[{"id": "1", "name": "ok"}, {"id": "2", "name": "caf\xe9"}]')
    assert records == [{"id": "1", "name": "ok"}, {"id": "2", "name": "caf\udce9"}]
    assert [has_bad_encoding(r["name"]) for r in records] == [False, True]


def test_a_utf8_byte_order_mark_is_skipped():
    assert json_values('\ufeff{"name": "Бухгалтер"}'.encode()) == [{"name": "Бухгалтер"}]


@pytest.mark.parametrize("data", [b"", b"  \n\t "], ids=["empty", "whitespace"])
def test_empty_input_holds_no_values(data):
    assert json_values(data) == []


@pytest.mark.parametrize(
    "data", [b"Service Unavailable", b"<html><body>502</body></html>", b"id,name\n1,x\n"]
)
def test_text_that_does_not_start_like_json_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="does not start with"):
        json_values(data)


# --- gzip ----------------------------------------------------------------------------------------

LINES = b"".join(b'{"id": "%d", "name": "vacancy %d"}\n' % (n, n) for n in range(300))


def test_bytes_that_are_not_gzip_pass_through_unchanged():
    assert decompress(b'{"id": "1"}') == (b'{"id": "1"}', None)


def test_a_gzip_member_is_unpacked():
    assert decompress(gzip.compress(b'{"id": "1"}\n')) == (b'{"id": "1"}\n', None)


def test_concatenated_gzip_members_are_joined():
    data = gzip.compress(b'{"id": "1"}\n') + gzip.compress(b'{"id": "2"}\n')
    assert decompress(data) == (b'{"id": "1"}\n{"id": "2"}\n', None)


def test_a_cut_gzip_stream_keeps_the_data_before_the_cut():
    packed = gzip.compress(LINES)
    data, broken = decompress(packed[: len(packed) // 2])

    assert broken == Broken("truncated_gzip", GZIP_CUT, 0, "")
    assert 0 < len(data) < len(LINES)
    assert LINES.startswith(data)


def test_a_second_gzip_member_cut_short_keeps_the_first():
    data = gzip.compress(b'{"id": "1"}\n') + gzip.compress(b'{"id": "2"}\n')[:10]
    assert decompress(data) == (b'{"id": "1"}\n', Broken("truncated_gzip", GZIP_CUT, 0, ""))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x1f\x8b" + bytes(20), id="corrupt header"),
        pytest.param(gzip.compress(LINES)[:5], id="cut inside the header"),
    ],
)
def test_gzip_that_yields_no_data_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="gzip"):
        decompress(data)
