"""Pay read from free text: the table below is the specification (docs/pay-text.md)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.normalise.pay import PERIODS
from pipelines.normalise.pay_text import PayText, parse_pay_text

M, H, S, D, W = "month", "hour", "shift", "day", "week"


def pay(low, high, currency="RUB", period=M, gross=None) -> PayText:
    return PayText(low, high, currency, period, gross)


STATED = [
    # the examples
    ("от 40 000 ₽", pay(40000, None)),
    ("40–60 тыс. руб.", pay(40000, 60000)),
    ("до 60к на руки", pay(None, 60000, gross=False)),
    ("300 ₽/час", pay(300, 300, period=H)),
    ("2 500 за смену", pay(2500, 2500, period=S)),
    ("$800", pay(800, 800, "USD")),
    ("оклад 35 000 + премии", pay(35000, None)),
    # ranges and bounds
    ("Зарплата от 40 000 до 60 000 рублей", pay(40000, 60000)),
    ("З/п: 50 000 - 70 000 руб. в месяц", pay(50000, 70000)),
    ("зп 45000—55000₽", pay(45000, 55000)),
    ("Доход от 80 до 120 тыс.", pay(80000, 120000)),
    ("от 30 тыс до 45 тыс руб", pay(30000, 45000)),
    ("ЗП до 90 000 ₽", pay(None, 90000)),
    ("до 150 тысяч рублей", pay(None, 150000)),
    ("от 70к", pay(70000, None)),
    ("70-90к на руки", pay(70000, 90000, gross=False)),
    ("100k-150k gross", pay(100000, 150000, gross=True)),
    ("Оплата 60 000 ₽", pay(60000, 60000)),
    ("зарплата 50000", pay(50000, 50000)),
    ("Заработная плата: 48 500 руб.", pay(48500, 48500)),
    ("зарплата от 40 000 ₽ + бонусы", pay(40000, None)),
    ("Оклад 30 000 плюс % от продаж", pay(30000, None)),
    ("оклад 25 000 руб + премия до 15 000 руб", pay(25000, None)),
    ("ЗП 120 000+", pay(120000, None)),
    ("от 55 000 до 65 000 ₽ после испытательного срока", pay(55000, 65000)),
    ("50 000 ₽ – 60 000 ₽", pay(50000, 60000)),
    ("з/п с 40 до 50 тыс", pay(40000, 50000)),
    ("доход 100-200 тыс. ₽ в месяц", pay(100000, 200000)),
    # thousands, millions, decimals
    ("40т на руки", pay(40000, 40000, gross=False)),
    ("от 45 т.р.", pay(45000, None)),
    ("ЗП 60 тр", pay(60000, 60000)),
    ("1,5 млн ₽ в год", pay(1500000, 1500000, period="year")),
    ("2.5 млн руб за проект", pay(2500000, 2500000, period="project")),
    ("37,5 тыс. руб.", pay(37500, 37500)),
    ("от 40.000 руб", pay(40000, None)),
    ("350,50 ₽ в час", pay(350.5, 350.5, period=H)),
    ("до 1 200 000 рублей в год", pay(None, 1200000, period="year")),
    ("зарплата 60 000", pay(60000, 60000)),  # nbsp inside the number
    ("зарплата 60 000 ₽", pay(60000, 60000)),  # narrow no-break space
    ("зарплата 60 000 ₽", pay(60000, 60000)),  # thin space
    # periods
    ("ставка 250 ₽/ч", pay(250, 250, period=H)),
    ("Оплата 400 руб. в час", pay(400, 400, period=H)),
    ("от 350 р/час", pay(350, None, period=H)),
    ("почасовая оплата 300 рублей", pay(300, 300, period=H)),
    ("Оплата за час: 500 ₽", pay(500, 500, period=H)),
    ("3000 рублей за смену 12 часов", pay(3000, 3000, period=S)),
    ("от 2500 в смену", pay(2500, None, period=S)),
    ("Оплата за смену 2 800 ₽", pay(2800, 2800, period=S)),
    ("2 500 р за выход", pay(2500, 2500, period=S)),
    ("охрана, 3000 за сутки", pay(3000, 3000, period=S)),
    ("1500 руб в день", pay(1500, 1500, period=D)),
    ("от 2000 ₽/день", pay(2000, None, period=D)),
    ("ежедневные выплаты 2500 ₽", pay(2500, 2500, period=D)),
    ("15 000 в неделю", pay(15000, 15000, period=W)),
    ("до 20 тыс/нед", pay(None, 20000, period=W)),
    ("60 000 в мес", pay(60000, 60000)),
    ("от 60 т.р./мес", pay(60000, None)),
    ("ежемесячно 45 000 ₽", pay(45000, 45000)),
    ("50 000 руб. в месяц", pay(50000, 50000)),
    ("30 000 ₽ за проект", pay(30000, 30000, period="project")),
    ("500 руб за заказ", pay(500, 500, period="service")),
    # currencies
    ("$1500-2000", pay(1500, 2000, "USD")),
    ("от 1000 USD", pay(1000, None, "USD")),
    ("2000 долларов в месяц", pay(2000, 2000, "USD")),
    ("€1 200 net", pay(1200, 1200, "EUR", gross=False)),
    ("1500 EUR gross", pay(1500, 1500, "EUR", gross=True)),
    ("до 3000 евро", pay(None, 3000, "EUR")),
    ("300 000 тенге", pay(300000, 300000, "KZT")),
    ("от 250 000 ₸", pay(250000, None, "KZT")),
    ("400 000 KZT", pay(400000, 400000, "KZT")),
    ("1 500 тенге в час", pay(1500, 1500, "KZT", H)),
    ("1500 BYN", pay(1500, 1500, "BYN")),
    ("от 1200 бел. руб.", pay(1200, None, "BYN")),
    ("50000 RUB", pay(50000, 50000)),
    ("60000 RUR", pay(60000, 60000)),
    ("5 000 000 сум", pay(5000000, 5000000, "UZS")),
    # net and gross
    ("на руки 45 000 ₽", pay(45000, 45000, gross=False)),
    ("50 000 рублей чистыми", pay(50000, 50000, gross=False)),
    ("от 60 000 до вычета НДФЛ", pay(60000, None, gross=True)),
    ("80 000 ₽ до вычета налогов", pay(80000, 80000, gross=True)),
    ("грязными 70к", pay(70000, 70000, gross=True)),
    ("65 000 ₽ после вычета НДФЛ", pay(65000, 65000, gross=False)),
    ("Зарплата от 40 до 60 тыс. в месяц, до вычета НДФЛ", pay(40000, 60000, gross=True)),
    ("net 3000 USD", pay(3000, 3000, "USD", gross=False)),
    ("от 100 тыс. брутто", pay(100000, None, gross=True)),
    # pay among other numbers: the first stated pay wins, the rest is ignored
    ("Звоните +7 (999) 123-45-67, зарплата 50 000 ₽", pay(50000, 50000)),
    ("График 5/2 с 9 до 18, оплата 45 000 руб.", pay(45000, 45000)),
    ("Требования: от 18 лет, опыт от 1 года. Зарплата от 35 000", pay(35000, None)),
    ("Смены по 12 часов, 2/2, 3200 ₽ за смену", pay(3200, 3200, period=S)),
    ("с 9.00 до 18.00, оплата 3000 в смену", pay(3000, 3000, period=S)),
    ("Квартальная премия 20 000 ₽. Оклад 50 000 ₽", pay(50000, 50000)),
    ("8 800 555-35-35, от 40 тыс.", pay(40000, None)),
    ("Работа 5 дней в неделю, зарплата 40 000", pay(40000, 40000)),
    ("обучение 2 недели (оплачивается), далее от 60к", pay(60000, None)),
]

NOT_STATED = [
    "з/п по договорённости",
    "Зарплата договорная",
    "заработная плата не указана",
    "по результатам собеседования",
    "Звоните: +7 (999) 123-45-67",
    "8 (495) 123 45 67",
    "график 5/2",
    "график работы 2/2 по 12 часов",
    "с 9 до 18",
    "с 9:00 до 18:00",
    "от 18 лет",
    "опыт от 1 года",
    "опыт работы от 3 до 5 лет",
    "4 часа в день",
    "зп 2 раза в месяц",
    "выплаты 2 раза в месяц: 10 и 25 числа",
    "Нас уже выбрали более 3 млн клиентов",
    "Более 95 филиалов и 1300 партнёров",
    "Квартальную премию в размере 20 000 руб",
    "компенсация мобильной связи 500 руб.",
    "скидка 20% на продукцию",
    "работа на 0,5 ставки",
    "отпуск 52 календарных дня",
    "в 5 минутах от метро",
    "Дата публикации 01.12.2024",
    "ИНН 7701234567",
    "",
]


@pytest.mark.parametrize(("text", "expected"), STATED, ids=[t for t, _ in STATED])
def test_stated_pay_is_read_whole(text, expected):
    assert parse_pay_text(text) == expected


@pytest.mark.parametrize("text", NOT_STATED)
def test_text_without_pay_is_not_stated(text):
    assert parse_pay_text(text) is None


def test_the_table_is_at_least_eighty_phrasings_in_the_pay_vocabulary():
    assert len(STATED) + len(NOT_STATED) >= 80
    assert all(p.period in PERIODS for _, p in STATED)


def test_amounts_beyond_any_salary_are_not_pay():
    assert parse_pay_text("ЗП 1 500 000 000 000 руб") is None  # above pay.MAX_POSTED_AMOUNT
    assert parse_pay_text("зарплата " + "9" * 5000 + ",12") is None
    assert parse_pay_text("1" * 100_000 + " тыс") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_bounds_are_ordered(text):
    found = parse_pay_text(text)
    if found is not None:
        assert found.low is not None or found.high is not None
        assert found.low is None or found.high is None or found.low <= found.high
        assert found.period in PERIODS


PIECES = st.sampled_from(
    ["от", "до", "-", "–", " ", "тыс", "к", "₽", "руб", "$", "/час", "за смену", "на руки",
     "оклад", "+", ",", ".", "5/2", "з/п", "\u00a0", "млн", "1", "40", "000", "60", "1,5"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_pay_like_noise_never_raises_and_bounds_are_ordered(text):
    found = parse_pay_text(text)
    if found is not None and found.low is not None and found.high is not None:
        assert found.low <= found.high


runner = CliRunner()


def test_parse_pay_json_prints_the_pay_record():
    result = runner.invoke(app, ["parse-pay", "Зарплата 40–60 тыс. руб. на руки", "--json"])

    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    monthly = found.pop("monthly")
    assert found == {
        "low": 40000.0, "high": 60000.0, "currency": "RUB", "period": "month", "gross": False,
    }  # fmt: skip
    assert monthly["net"] == [40000, 60000] and monthly["gross"][0] > 40000


def test_parse_pay_json_says_not_stated():
    result = runner.invoke(app, ["parse-pay", "з/п по договорённости", "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"stated": False}


def test_parse_pay_prints_one_line_for_people():
    stated = runner.invoke(app, ["parse-pay", "300 ₽/час", "--lang", "en"])
    not_stated = runner.invoke(app, ["parse-pay", "договорная", "--lang", "en"])

    assert stated.stdout.splitlines()[0] == "300 RUB per hour, gross/net not stated"
    assert not_stated.stdout == "pay not stated\n"


def test_parse_pay_speaks_russian_by_default():
    stated = runner.invoke(app, ["parse-pay", "300 ₽/час"])
    not_stated = runner.invoke(app, ["parse-pay", "договорная"])

    assert stated.stdout.splitlines()[0] == "300 ₽ в час, до НДФЛ или на руки — не сказано"
    assert not_stated.stdout == "зарплата не указана\n"
    assert runner.invoke(app, ["parse-pay", "1", "--lang", "de"]).exit_code == 2


@pytest.mark.parametrize("word", ["гросс", "gross", "Гросс", "брутто"])
def test_parse_pay_reads_gross_words(word):
    assert parse_pay_text(f"60 000 - 80 000 {word}") == PayText(60000, 80000, "RUB", "month", True)


@pytest.mark.parametrize("word", ["нетто", "net", "на руки"])
def test_parse_pay_reads_net_words(word):
    assert parse_pay_text(f"60 000 - 80 000 {word}").gross is False


def test_parse_pay_prints_the_monthly_gross_and_net():
    gross = runner.invoke(app, ["parse-pay", "60 000 - 80 000 гросс"]).stdout.splitlines()
    net = runner.invoke(app, ["parse-pay", "40 000 на руки", "--lang", "en"]).stdout.splitlines()

    assert gross[0] == "60 000–80 000 ₽ в месяц, до НДФЛ"
    # 13 % NDFL below 2.4 M ₽ a year (the 2025 scale): 60 000 → 52 200 net.
    assert gross[1].startswith("в месяц: 60 000–80 000 ₽ до НДФЛ, 52 200–69 600 ₽ на руки")
    assert net[1].startswith("a month: 45 977 ₽ gross, 40 000 ₽ net")


def test_parse_pay_monthly_figures_say_when_they_cannot_convert():
    from datetime import date

    from pipelines.cli.text import monthly

    project = monthly(PayText(50000, 50000, "RUB", "project", True), date(2026, 1, 1))
    assert "error" in project
