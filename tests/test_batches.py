"""The fast path (records split from one well-formed document) agrees with the careful one."""

from __future__ import annotations

import json
import types

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.sources import batches
from pipelines.sources.hh import parse as hh

CTX = hh.ParseContext()

_ids = st.one_of(st.text(min_size=0, max_size=4), st.integers(-5, 10**6), st.none(), st.booleans())
_amounts = st.one_of(
    st.none(), st.integers(-10, 300_000), st.floats(allow_nan=False), st.text(max_size=3)
)
_items = st.fixed_dictionaries(
    {
        "id": _ids,
        "name": st.one_of(st.text(max_size=12), st.none(), st.integers()),
        "published_at": st.sampled_from(
            ["2025-03-10T12:00:00+0300", "2025-03-10T12:00:00", "yesterday", None]
        ),
    },
    optional={
        "salary": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"from": _amounts, "to": _amounts},
                optional={
                    "currency": st.sampled_from(["RUR", "USD", "XXX", None]),
                    "gross": st.one_of(st.booleans(), st.none()),
                },
            ),
        ),
        "employer": st.one_of(st.none(), st.fixed_dictionaries({"name": st.text(max_size=8)})),
        "items": st.just([]),
    },
)
_documents = st.one_of(
    st.fixed_dictionaries({"items": st.lists(_items, max_size=4)}),
    st.lists(
        st.one_of(_items, st.fixed_dictionaries({"items": st.lists(_items, max_size=3)})),
        max_size=4,
    ),
    _items,
)


@pytest.fixture(scope="module", autouse=True)
def careful_parser():
    """The hh parser with the fast split switched off."""
    batches.PARSERS["hh_careful"] = types.SimpleNamespace(
        records_in=hh.records_in, parse_vacancy=hh.parse_vacancy, raw_records_in=lambda _: None
    )
    yield
    del batches.PARSERS["hh_careful"]


def outcome(rows: batches.FileRows) -> tuple:
    raw = [row[:4] + (orjson.loads(row[4]),) for row in rows.raw]
    quarantine = [row[:6] for row in rows.quarantine]
    return rows.observations, raw, quarantine


@settings(max_examples=300, deadline=None)
@given(document=_documents, indent=st.booleans())
def test_fast_and_careful_paths_give_the_same_rows(document, indent):
    data = json.dumps(document, ensure_ascii=False, indent=2 if indent else None).encode()

    fast = batches.parse_snapshot_file(data, "f.json", "hh", CTX)
    careful = batches.parse_snapshot_file(data, "f.json", "hh_careful", CTX)

    assert outcome(fast) == outcome(careful)
