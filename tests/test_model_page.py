"""The Model page's calibration report: coverage by source and by pay currency, the pay drift."""

from __future__ import annotations

from tests.test_app_model import card_of, edited_models, model_page


def test_coverage_by_source_and_currency_is_shown_with_n_and_a_confidence_word(
    monkeypatch, trained_demo
):
    backtest = card_of(trained_demo[1])["backtest"]

    at = model_page(monkeypatch, *trained_demo)

    assert not at.exception
    [table] = [d.value for d in at.dataframe if "надёжность" in d.value.columns]
    sources = backtest["coverage_by_source"]
    assert len(table) == len(sources) + len(backtest["coverage_by_currency"])
    assert table["группа"].iloc[0] == sources[0]["group"]
    assert "зарплата в рублях" in set(table["группа"])
    assert set(table["надёжность"]) <= {"нет оценки", "низкая", "средняя", "высокая"}
    assert any("Рост зарплат по данным" in m.value for m in at.markdown)


def test_a_card_without_the_groups_or_drift_still_renders(monkeypatch, trained_demo, tmp_path):
    def strip(card):
        card.pop("calibration", None)
        for key in ("coverage_by_source", "coverage_by_currency"):
            card["backtest"].pop(key, None)

    at = model_page(monkeypatch, trained_demo[0], edited_models(trained_demo, tmp_path, strip))

    assert not at.exception
    assert not [d for d in at.dataframe if "надёжность" in d.value.columns]
