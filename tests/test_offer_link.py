"""A shared answer: the offer round-trips through the URL (pure functions, then the page through
AppTest's query parameters), the page shows a link to copy and the HTML summary carries it."""

from __future__ import annotations

import pytest

from app_pages._benchmark_form import parse_amount
from pipelines.analytics.offer import Offer
from pipelines.analytics.offer_link import from_query, share_url, to_query
from pipelines.analytics.offer_report import Report, report_frame, summary_html
from tests.conftest import open_app
from tests.test_app_benchmark import submit_offer

OPERATOR = Offer(45_000.0, gross=False, role_family="chat_support", title="Оператор чата",
                 work_format="remote", night_shifts=True, english="b2")  # fmt: skip


@pytest.mark.parametrize("offer", [
    OPERATOR, Offer(300.0, gross=True, period="hour", shift_pattern="5/2", hours_per_shift=8.0,
                    sector="finance", region="Москва", experience="between1And3"),
    Offer(1.0),
])  # fmt: skip
def test_an_offer_round_trips_through_the_query(offer):
    query = to_query(offer)

    assert all(key.startswith("offer_") and isinstance(v, str) for key, v in query.items())
    assert from_query(query) == offer


def test_a_hand_edited_link_falls_back_to_the_defaults():
    query = {"offer_amount": "45 000", "offer_period": "fortnight", "offer_english": "b9",
             "offer_hours_per_shift": "99", "offer_gross": "maybe", "offer_title": " x " * 300}

    offer = from_query(query)

    assert (offer.amount, offer.period, offer.english) == (45_000.0, "month", "none")
    assert offer.hours_per_shift == 12.0 and offer.gross is False and len(offer.title) <= 200
    assert from_query({}) is None and from_query({"offer_amount": "-5"}) is None
    assert from_query({"offer_amount": "abc"}) is None


def test_only_http_links_are_shared():
    query = to_query(OPERATOR)

    url = share_url("http://localhost:8501/benchmark", {**query, "lang": "en"})
    assert url.startswith("http://localhost:8501/benchmark?offer_amount=45000&")
    assert "lang=en" in url and "%D0%9E" in url  # the title, percent-encoded
    for bad in ("javascript:alert(1)", "data:text/html,x", "//host/x", "", None):
        assert share_url(bad, query) is None


def test_the_summary_carries_the_link_escaped_and_only_http():
    report = Report("t", (("a", "b"),), link=("Ссылка", "https://h/benchmark?offer_title=<b>&x=1"))
    page = summary_html(report)

    assert '<a href="https://h/benchmark?offer_title=&lt;b&gt;&amp;x=1"' in page
    assert report_frame(report).iloc[-1].tolist() == ["Ссылка", report.link[1]]
    bad = summary_html(Report("t", (), link=("Ссылка", "javascript:alert(1)")))
    assert "javascript" not in bad and "<a " not in bad


@pytest.fixture(scope="module")
def trained(trained_demo):
    return trained_demo


def answer(at) -> tuple:
    """What the page answers: its metrics and the verdict box."""
    metrics = tuple((m.label, m.value) for m in at.metric)
    verdict = tuple(v.value for v in [*at.success, *at.warning] if "Вердикт" in v.value)
    return metrics, verdict


def test_opening_the_link_shows_the_same_answer(monkeypatch, trained):
    monkeypatch.setenv("PAYSCOPE_PUBLIC_URL", "https://payscope.example.org/")
    at = submit_offer(open_app(monkeypatch, trained[0], "benchmark", trained[1]))
    query = {k: at.query_params[k] for k in at.query_params}
    query = {k: v[0] if isinstance(v, list) else v for k, v in query.items()}

    assert query["offer_amount"] == "45000" and "offer_gross" not in query  # net: the default
    assert query["offer_english"] == "b2" and query["offer_night_shifts"] == "1"
    (link,) = [c.value for c in at.code]
    assert link.startswith("https://payscope.example.org/benchmark?")
    assert "offer_amount=45000" in link
    assert any("Скопировать ссылку" in m.value for m in at.markdown)

    opened = open_app(monkeypatch, trained[0], "benchmark", trained[1], **query)  # a new session

    assert not opened.exception
    assert answer(opened) == answer(at) and answer(at)[1]
    assert parse_amount(opened.text_input(key="bm_amount.ru").value) == 45_000.0
    assert opened.radio(key="bm_gross.ru").value is False


def test_a_link_with_values_this_warehouse_lacks_answers_what_the_form_shows(monkeypatch, trained):
    query = {"offer_amount": "60000", "offer_role_family": "no_such_family", "offer_sector": "x"}

    at = open_app(monkeypatch, trained[0], "benchmark", trained[1], **query)

    assert not at.exception
    assert at.selectbox(key="bm_role_family.ru").value == "chat_support"
    (comparables,) = [m.value for m in at.markdown if "Сопоставимые вакансии" in m.value]
    assert "no_such_family" not in comparables and "оператор чата" in comparables
    assert "offer_role_family" not in at.query_params and "offer_sector" not in at.query_params
