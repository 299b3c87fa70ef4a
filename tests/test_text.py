"""Tests for plain text out of vacancy HTML (pipelines.normalise.text)."""

from __future__ import annotations

import pytest

from pipelines.normalise.text import html_to_text, strip_tags


@pytest.mark.parametrize(
    "html, text",
    [
        pytest.param(
            "<p>Первый абзац.</p><p>Второй <strong>абзац</strong>.</p>",
            "Первый абзац.\n\nВторой абзац.",
            id="paragraphs",
        ),
        pytest.param(
            "<p>Условия:</p><ul><li>ДМС</li><li>Обучение</li></ul><p>Ждём вас!</p>",
            "Условия:\n\n• ДМС\n• Обучение\n\nЖдём вас!",
            id="bulleted list",
        ),
        pytest.param("<ol><li>один</li><li>два</li></ol>", "• один\n• два", id="numbered list"),
        pytest.param(
            "Строка 1<br>Строка 2<br/>Строка 3", "Строка 1\nСтрока 2\nСтрока 3", id="line breaks"
        ),
        pytest.param("a<br><br><br><br>b", "a\n\nb", id="at most one blank line"),
        pytest.param("<h2>Обязанности</h2>Отвечать", "Обязанности\n\nОтвечать", id="heading"),
        pytest.param(
            "от&nbsp;50&nbsp;000&nbsp;₽ &amp; премии", "от 50 000 ₽ & премии", id="entities"
        ),
        pytest.param("a&lt;b&gt; &#8212; c", "a<b> — c", id="escaped tags and numeric refs"),
        pytest.param(
            "<p>Текст</p><script>track()</script><style>p {color: red}</style><p>Ещё</p>",
            "Текст\n\nЕщё",
            id="script and style dropped",
        ),
        pytest.param("  просто текст  ", "просто текст", id="no markup"),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


@pytest.mark.parametrize("html", [None, "", "   ", "<p> </p>", "<script>x()</script>"])
def test_html_with_no_text_gives_none(html):
    assert html_to_text(html) is None


@pytest.mark.parametrize(
    "fragment, text",
    [
        ("<highlighttext>Python</highlighttext> developer", "Python developer"),
        ("Опыт с <highlighttext>1С</highlighttext>&nbsp;от  1 года", "Опыт с 1С от 1 года"),
        ("x &lt; y", "x < y"),
        ("две\nстроки\t и\xa0пробелы ", "две строки и пробелы"),
        ("<highlighttext></highlighttext>", None),
        ("", None),
        (None, None),
    ],
)
def test_strip_tags(fragment, text):
    assert strip_tags(fragment) == text
