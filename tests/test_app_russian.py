"""Every page in both languages on the demo, the offer benchmarked, the net switch on and off:
the Russian UI has no English word or raw code, the English UI no Russian outside the data."""

from __future__ import annotations

import re

import pytest

from tests.conftest import open_app
from tests.test_app_benchmark import submit_offer
from tests.ui_text import foreign_words, page_texts, raw_codes

PAGES = ("trends", "segments", "profession", "benchmark", "vacancies", "data", "model")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]+")


@pytest.fixture(scope="module")
def trained(trained_demo):
    return trained_demo


def rendered(monkeypatch, trained, page: str, language: str, net: bool = False):
    query = {"lang": "en"} if language == "en" else {}
    if net:
        query["pay"] = "net"
    at = open_app(monkeypatch, trained[0], page, trained[1], **query)
    if page == "benchmark":
        if language == "en":  # the form's keys are per language
            at.text_input(key="bm_amount.en").input("45 000")
            at = next(b for b in at.button if b.label == "Benchmark").click().run()
        else:
            at = submit_offer(at)
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("net", [False, True])
@pytest.mark.parametrize("page", PAGES)
def test_the_russian_ui_has_no_english_word_and_no_raw_code(monkeypatch, trained, page, net):
    at = rendered(monkeypatch, trained, page, "ru", net)

    found = {
        word: text[:120]
        for text in page_texts(at)
        for word in foreign_words(text) + raw_codes(text)
    }
    assert not found, f"{page}: untranslated in the Russian UI: {found}"


@pytest.mark.parametrize("page", PAGES)
def test_the_english_ui_has_no_russian_outside_the_data(monkeypatch, trained, page):
    at = rendered(monkeypatch, trained, page, "en")

    found = {
        word: text[:120]
        for text in page_texts(at, data=False)
        if not text.startswith("# ")  # a document shown as is (it quotes Russian terms)
        for word in _CYRILLIC.findall(text)
    }
    assert not found, f"{page}: Russian in the English UI: {found}"


def test_the_checks_catch_what_the_issue_reported():
    assert foreign_words("₽ в месяц, gross") == ["gross"]
    assert foreign_words("Aug 9") == ["Aug"]
    assert foreign_words("правило: net→gross (13 %, 2025 scale)") == ["net", "gross", "scale"]
    assert raw_codes("pay_flag") == ["pay_flag"] and raw_codes("one_sided") == ["one_sided"]
    assert foreign_words("40 000 RUB в месяц") == ["RUB"]
    # Allowed: statistics, formats, brands, commands in code spans, links.
    assert not foreign_words("P10–P90 модели, n = 56; CSV, HTML; hh.ru; `payscope train`")
    assert not foreign_words("https://hh.ru/vacancy/1 и /tmp/a/b.duckdb")
