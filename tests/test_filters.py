"""Dashboard filters: the URL round trip (pure) and what each filter selects (SQL)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.analytics import queries
from pipelines.analytics.filters import CHOICES, Filters
from pipelines.warehouse.feature_store import update_features
from pipelines.warehouse.load import ingest
from tests.conftest import hh_item, hh_page, write_json

_value = st.text(
    alphabet=st.characters(blacklist_characters=",", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=12,
).map(str.strip).filter(bool)


@given(
    choices=st.fixed_dictionaries(
        {name: st.lists(_value, max_size=3, unique=True).map(tuple) for name in CHOICES}
    ),
    period_from=st.none() | st.dates(),
    title=st.text(max_size=30).map(str.strip),
    night=st.none() | st.booleans(),
)
def test_filters_survive_the_url(choices, period_from, title, night):
    filters = Filters(period_from=period_from, title=title, night=night, **choices)
    assert Filters.from_query(filters.to_query()) == filters


def test_defaults_leave_the_url_empty_and_select_everything():
    assert Filters().to_query() == {}
    assert Filters().is_empty()
    assert all(value is None for value in Filters().sql_params().values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"from": "вчера", "to": "2025-13-40"}, Filters()),  # a hand-edited link still opens
        ({"night": "maybe"}, Filters()),
        ({"night": "0"}, Filters(night=False)),
        ({"sector": "finance,,finance, it"}, Filters(sector=("finance", "it"))),
        ({"title": "  оператор  "}, Filters(title="оператор")),
    ],
)
def test_a_hand_edited_url_gives_what_it_can(query, expected):
    assert Filters.from_query(query) == expected


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    """Four vacancies that differ in one filtered attribute each."""
    from pipelines.warehouse import db

    root = tmp_path_factory.mktemp("filters")
    items = [
        hh_item("1", name="Оператор чата с английским", published_at="2025-03-03T10:00:00+0300",
                languages=[{"id": "eng", "name": "Английский", "level": {"id": "b2"}}]),
        hh_item("2", name="Оператор колл-центра (ночные смены)",
                area={"id": "2", "name": "Санкт-Петербург"},
                schedule={"id": "shift", "name": "Сменный график"},
                published_at="2025-03-10T10:00:00+0300"),
        hh_item("3", name="Python-разработчик", published_at="2025-03-17T10:00:00+0300",
                professional_roles=[{"id": "96", "name": "Программист, разработчик"}],
                employer={"id": "9", "name": "Сбербанк"}),
        hh_item("4", name="Оператор чата 50%' OR 1=1 --", published_at="2025-03-24T10:00:00+0300"),
    ]  # fmt: skip
    write_json(root / "page.json", hh_page(*items))
    con = db.connect(root / "w.duckdb")
    ingest(con, [root / "page.json"])
    update_features(con)
    yield con
    con.close()


def ids(con, filters: Filters) -> list[str]:
    table = queries.vacancy_table(con, filters)
    return sorted(table["vacancy_id"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["1", "2", "3", "4"]),
        (Filters(period_from=date(2025, 3, 10)), ["2", "3", "4"]),
        (Filters(period_to=date(2025, 3, 10)), ["1", "2"]),  # the whole last day counts
        (Filters(title="ОПЕРАТОР ЧАТА"), ["1", "4"]),
        (Filters(title="50%' or 1=1 --"), ["4"]),  # bound as a value, never as SQL
        (Filters(title="%"), ["4"]),  # no wildcards either
        (Filters(region=("Санкт-Петербург",)), ["2"]),
        (Filters(language=("english",)), ["1"]),
        (Filters(role_family=("software_dev",)), ["3"]),
        (Filters(sector=("finance",)), ["3"]),
        (Filters(night=True), ["2"]),
        (Filters(night=False), ["1", "3", "4"]),
        (Filters(source=("superjob",)), []),
        (Filters(region=("Москва",), night=True), []),
    ],
)
def test_each_filter_selects_what_it_says(market, filters, expected):
    assert ids(market, filters) == expected


def test_aggregates_follow_the_filters(market):
    everything = queries.summary(market, Filters()).iloc[0]
    one_region = queries.summary(market, Filters(region=("Санкт-Петербург",))).iloc[0]
    assert (everything["vacancies"], one_region["vacancies"]) == (4, 1)
    segments = queries.segments(market, Filters(), "language").set_index("segment")["n"]
    assert segments.to_dict() == {"none": 3, "english": 1}
    with pytest.raises(ValueError, match="dimension"):
        queries.segments(market, Filters(), "title; drop table vacancies")
