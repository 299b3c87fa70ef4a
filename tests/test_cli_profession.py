"""`payscope ladder` and `payscope brief` as a user runs them, on the demo warehouse and on a
small warehouse with hostile vacancy text."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.warehouse import db
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()
# A figure: a number with a thousands space, a percent or a rouble amount.
FIGURE = re.compile(r"\d[\d\u00a0]*\u00a0(?:%|₽)")


def test_ladder_prints_each_step_with_pay_n_and_gain(demo_warehouse):
    result = runner.invoke(app, ["ladder", "--role", "chat_support", "--db", str(demo_warehouse)])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Career ladder of chat_support:") and "published" in lines[0]
    assert any(line.startswith("  operator: median") and "n = " in line for line in lines)
    assert any("team lead / supervisor" in line for line in lines)
    assert any("gain over operator" in line for line in lines)


def test_ladder_json_has_every_step_and_the_window(demo_warehouse):
    result = runner.invoke(app, ["ladder", "--role", "chat_operator", "--json", "--db",
                                 str(demo_warehouse)])  # fmt: skip

    payload = json.loads(result.stdout)
    assert payload["role"] == "chat_support" and payload["published_from"]
    assert [s["step"] for s in payload["steps"]] == ["operator", "senior_operator", "team_lead",
                                                     "qa"]  # fmt: skip
    operator = payload["steps"][0]
    assert operator["n"] > 0 and operator["p25"] <= operator["p50"] <= operator["p75"]
    assert operator["gain"] is None  # the first step has nothing below


def test_an_unknown_role_is_a_usage_error(demo_warehouse):
    result = runner.invoke(app, ["ladder", "--role", "astronaut", "--db", str(demo_warehouse)])
    assert result.exit_code == 2 and "unknown role family 'astronaut'" in result.stderr


def test_brief_markdown_every_figure_carries_its_n_and_every_section_the_window(demo_warehouse):
    con = db.connect(demo_warehouse, read_only=True)
    first, last = con.execute(
        "select min(published_at)::date::varchar, max(published_at)::date::varchar from "
        "dashboard_vacancies where role_family = 'chat_support'"
    ).fetchone()
    con.close()

    result = runner.invoke(app, ["brief", "--role", "chat_support", "--format", "md", "--db",
                                 str(demo_warehouse)])  # fmt: skip

    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Рынок труда: оператор чата")
    assert "Демо-данные" in text
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(sections) == 9
    for heading in sections:
        assert "n = " in heading and re.search(r"\d{4}-\d\d-\d\d — \d{4}-\d\d-\d\d", heading)
    assert f"{first} — {last}" in sections[0]
    for line in text.splitlines():
        if line.startswith("- ") and FIGURE.search(line):
            assert "n = " in line, line
    for word in ("Что это за работа", "Что требуют работодатели", "Инструменты",
                 "Условия и графики", "Кто нанимает", "Зарплата и что на неё влияет", "Регионы",
                 "Карьерная лестница", "Где найдены вакансии"):  # fmt: skip
        assert any(word in s for s in sections), word


def test_brief_html_is_self_contained_and_english_with_the_switch(demo_warehouse, tmp_path):
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", "--role", "chat_support", "--lang", "en", "--out",
                                 str(out), "--db", str(demo_warehouse)])  # fmt: skip

    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "Job market: chat-support operator" in page and "Career ladder" in page
    assert "<script" not in page and "src=" not in page and "href=" not in page


def test_brief_html_escapes_hostile_vacancy_text(tmp_path):
    hostile = "<img src=x onerror=alert(1)>Город"
    items = [hh_item(str(i), area={"id": "9", "name": hostile}) for i in range(6)]
    write_json(tmp_path / "snap" / "page.json", hh_page(*items))
    db_file = tmp_path / "w.duckdb"
    loaded = runner.invoke(app, ["ingest", str(tmp_path / "snap"), "--db", str(db_file)])
    assert loaded.exit_code == 0

    result = runner.invoke(app, ["brief", "--role", "chat_support", "--region", hostile, "--db",
                                 str(db_file)])  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "<img" not in result.stdout
    assert "&lt;img src=x onerror=alert(1)&gt;Город" in result.stdout


def test_brief_of_a_role_without_vacancies_says_so(demo_warehouse):
    result = runner.invoke(app, ["brief", "--role", "chat_support", "--region", "Атлантида",
                                 "--db", str(demo_warehouse)])  # fmt: skip
    assert result.exit_code == 1 and "no vacancies of 'chat_support'" in result.stderr


def test_ladder_text_when_a_step_states_no_experience():
    from pipelines.analytics.ladder import ladder
    from pipelines.cli.profession import ladder_text
    from tests.test_profession import rows

    frame = rows(12, title=["Оператор чата"] * 6 + ["Тимлид"] * 6,
                 role_family=["chat_support"] * 6 + ["support_lead"] * 6,
                 experience=[None] * 12)  # fmt: skip
    text = ladder_text("chat_support", ladder(frame, "chat_support"),
                       {"n": 12, "first": "2025-01-01", "last": "2025-01-12"})
    assert "experience most asked: not stated (— of 0)" in text
    assert "senior operator: no vacancies (n = 0)" in text
