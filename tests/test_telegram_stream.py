"""A Telegram export too large to read whole is read message by message: the same posts,
skips and paths as the whole file, whatever the window; a break is read the careful way."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.sources import json_stream
from pipelines.sources.framing import Broken
from pipelines.sources.streamed import NotAPage
from pipelines.sources.telegram import parse as telegram
from pipelines.sources.telegram.stream import classified_stream
from tests.conftest import DATA

EXPORTS = sorted(
    [*(DATA / "telegram").rglob("result.json"), *(DATA / "nasty" / "telegram").glob("*.json")]
)
POST = "Вакансия: оператор чата. Обязанности: отвечать клиентам. Зарплата от 45 000 ₽, график 2/2."


def _whole(data: bytes) -> list:
    return [(where, _comparable(value), skip) for where, value, skip in telegram._classified(data)]


def _streamed(data: bytes) -> list | None:
    found = classified_stream(io.BytesIO(data))
    return None if found is None else [(w, _comparable(v), s) for w, v, s in found]


def _comparable(value: object) -> object:
    return ("broken", value.reason, value.line) if isinstance(value, Broken) else value


@pytest.mark.parametrize("window", [16, 10**6])
@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_export_streams_as_it_reads_whole(path, window, monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", window)
    data = path.read_bytes()
    streamed = _streamed(data)
    if streamed is not None:
        assert _unlined(streamed) == _unlined(_whole(data))


def _unlined(found: list) -> list:
    """Cut, both readers keep the same messages and find the same breaks; the line of a break
    may differ: read from the break, the streamed reader names the line the broken message
    starts on, the whole-file reader sometimes the array's."""
    return [(w, v[:2] if isinstance(v, tuple) else v, s) for w, v, s in found]


def test_the_hand_written_export_streams_with_its_posts_and_skips(monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 64)
    path = DATA / "telegram" / "remote_jobs" / "result.json"

    streamed = _streamed(path.read_bytes())

    assert streamed is not None and any(skip is None for *_, skip in streamed)
    assert telegram.skipped_in(path) == telegram.skipped(path.read_bytes())


@pytest.mark.parametrize("shape", ["gzip", "id after messages"])
def test_skipped_messages_are_counted_as_read_whole_in_every_shape(shape, tmp_path):
    data = (DATA / "telegram" / "remote_jobs" / "result.json").read_bytes()
    if shape == "gzip":
        data = gzip.compress(data)
    else:
        export = json.loads(data)
        data = json.dumps({**{k: v for k, v in export.items() if k != "id"}, "id": export["id"]})
        data = data.encode()
    (tmp_path / "result.json").write_bytes(data)

    counts = telegram.skipped_in(tmp_path / "result.json")

    assert counts == telegram.skipped(data) and counts.total() > 0


def _export(messages: list, *, id_first: bool = True, indent: int | None = 1) -> bytes:
    keys = {"name": "Вакансии", "type": "public_channel"}
    document = {**keys, "id": 17, "messages": messages} if id_first else {
        **keys, "messages": messages, "id": 17}  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=indent).encode()


def _message(i: int, text: str = POST) -> dict:
    return {"id": i, "type": "message", "date_unixtime": "1790845200", "text": text}


def test_an_export_cut_short_keeps_its_whole_messages(monkeypatch):
    monkeypatch.setattr(json_stream, "WINDOW_BYTES", 200)
    data = _export([_message(i) for i in range(6)])
    cut = data[: data.index(b'"id": 4') + 20]

    streamed = _streamed(cut)

    assert streamed == _whole(cut)
    assert [w for w, v, _ in streamed if not isinstance(v, tuple)] == [
        f"messages[{i}]" for i in range(4)
    ]


def test_an_export_whose_id_follows_its_messages_is_read_whole():
    assert _streamed(_export([_message(1)], id_first=False)) is None


def test_a_second_messages_array_after_the_first_refuses_the_file():
    data = _export([_message(1)])[:-2] + b', "messages": []}'
    with pytest.raises(NotAPage, match="messages"):
        _streamed(data)


_TEXT = st.text(alphabet=st.sampled_from('{}[],:"\\ab \nЖ'), max_size=10) | st.just(POST)
_MESSAGE = st.fixed_dictionaries(
    {"id": st.integers(0, 99) | _TEXT, "type": st.sampled_from(["message", "service"])},
    optional={"text": _TEXT | st.lists(_TEXT | st.fixed_dictionaries({"text": _TEXT}), max_size=3),
              "date_unixtime": st.just("1790845200"), "forwarded_from": _TEXT},
) | st.none() | st.integers() | _TEXT  # fmt: skip


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    messages=st.lists(_MESSAGE, max_size=5),
    indent=st.sampled_from([None, 1]),
    cut=st.none() | st.floats(0, 1),
    window=st.integers(1, 64),
)
def test_any_export_streams_as_it_reads_whole(messages, indent, cut, window):
    data = _export(messages, indent=indent)
    if cut is not None:
        data = data[: max(1, int(len(data) * cut))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_stream, "WINDOW_BYTES", window)
        streamed = _streamed(data)
    if streamed is None:
        return
    whole = _whole(data)
    if cut is not None:
        streamed, whole = _unlined(streamed), _unlined(whole)
    assert streamed == whole
