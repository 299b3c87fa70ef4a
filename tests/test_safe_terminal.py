"""Text from files printed on a terminal: literal, never markup, never control sequences."""

from __future__ import annotations

import io
import logging
import os
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.core.safe_terminal import VisibleFormatter, echo, markup, visible
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()

HOSTILE = {
    "markup": "[/bold]",
    "link": "[link=http://x]y[/link]",
    "osc8": "\x1b]8;;http://evil\x07click\x1b]8;;\x07",
    "clear": "\x1b[2J",
}
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d", "\r")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Оператор чата", "Оператор чата"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]8;;http://evil\x07click", "\\x1b]8;;http://evil\\x07click"),
        ("a\x9b31mb\x9d", "a\\x9b31mb\\x9d"),  # 8-bit CSI and OSC
        ("bell\x07 del\x7f nul\x00", "bell\\x07 del\\x7f nul\\x00"),
        ("line\rover", "line\\rover"),
        ("one\ntwo\tthree", "one\\ntwo\\tthree"),
        ("txt\u202egnp.exe", "txt\\u202egnp.exe"),  # right-to-left override
        ("cp1251 \udcce\udcef", "cp1251 \\xce\\xef"),  # bytes that were not UTF-8
        ("[/bold]", "[/bold]"),  # not markup at this level: plain print shows it as it is
    ],
)
def test_visible_shows_every_control_character_as_its_escape(text, shown):
    assert visible(text) == shown


def test_visible_keeps_newlines_and_tabs_when_asked():
    assert visible("a\nb\tc\x1b[0m", one_line=False) == "a\nb\tc\\x1b[0m"


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_markup_prints_literally_through_rich(text):
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=200)

    console.print(f"[red]error:[/red] {markup(text)}")

    printed = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # rich's own colour codes
    assert printed == f"error: {visible(text)}\n"


def test_markup_survives_a_trailing_backslash():
    out = io.StringIO()
    path = "C:\\exports\\"

    Console(file=out, width=200).print(f"[red]{markup(path)}[/red] done")

    assert out.getvalue() == "C:\\exports\\ done\n"


def test_echo_and_the_log_formatter_show_controls_escaped(capsys):
    echo("title \x1b[2J\nnext line")
    assert capsys.readouterr().out == "title \\x1b[2J\nnext line\n"

    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "%s", ("\x1b]0;pwned\x07",), None)
    assert VisibleFormatter("%(message)s").format(record) == "\\x1b]0;pwned\\x07"


def _assert_safe(output: str) -> None:
    for control in RAW_CONTROLS:
        assert control not in output, repr(output)


def test_ingest_and_status_print_hostile_ids_and_file_names_literally(tmp_path):
    folder = tmp_path / "snap"
    hostile_name = "[/bold]\x1b[2J[link=x]page\x07.json"  # no "/": that is a folder
    items = [
        hh_item(text, salary={"from": 9, "to": 1, "currency": "RUR", "gross": True})
        for text in HOSTILE.values()
    ]
    items.append(hh_item("ok", name="[/bold] \x1b]8;;http://evil\x07Оператор\x1b[2J"))
    write_json(folder / hostile_name, hh_page(*items))
    db_file = str(tmp_path / "w.duckdb")

    result = runner.invoke(app, ["ingest", str(folder), "--db", db_file])

    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "1 snapshot(s) loaded" in result.stdout and "4 quarantined" in result.stdout
    _assert_safe(result.stderr + result.stdout)
    assert "id [/bold])" in result.stderr
    assert "id [link=http://x]y[/link])" in result.stderr
    assert "id \\x1b]8;;http://evil\\x07click" in result.stderr
    assert "[/bold]\\x1b[2J[link=x]page\\x07.json" in result.stderr

    again = runner.invoke(app, ["ingest", str(folder), "--db", db_file])
    assert again.exit_code == 0 and "already loaded" in again.stderr
    _assert_safe(again.stderr)

    status = runner.invoke(app, ["status", "--db", db_file])
    assert status.exit_code == 0, status.output
    _assert_safe(status.stdout)


def test_an_unreadable_file_with_a_hostile_name_fails_in_one_literal_line(tmp_path):
    bad = tmp_path / "[red]\x1b]8;;evil\x07.json"
    bad.write_text("hello [/bold]", encoding="utf-8")

    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "w.duckdb")])

    assert result.exit_code == 1
    _assert_safe(result.stderr)
    assert "[red]\\x1b]8;;evil\\x07.json: not JSON" in result.stderr


def test_an_unknown_source_name_is_printed_literally(tmp_path):
    write_json(tmp_path / "p.json", hh_page(hh_item("1")))

    result = runner.invoke(
        app, ["ingest", str(tmp_path), "--source", "[/red]\x1b[2J", "--db", str(tmp_path / "w")]
    )

    assert result.exit_code == 2
    assert "unknown source '[/red]\\x1b[2J'" in result.stderr


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_parse_pay_and_features_print_no_control_sequences(text):
    pay = runner.invoke(app, ["parse-pay", f"от 40 000 ₽ на руки {text}", "--lang", "en"])
    features = runner.invoke(
        app, ["features", "--title", f"Оператор {text}", "--employer", text, "--text", text]
    )

    for result in (pay, features):
        assert result.exit_code == 0, result.output
        _assert_safe(result.stdout + result.stderr)
    assert pay.stdout.startswith("from 40 000 RUB per month, net")


def test_a_file_name_that_is_not_utf8_loads_and_prints_as_escapes(tmp_path):
    # A folder of files saved together is one snapshot, shown by the folder's name.
    folder = tmp_path / "saved" / os.fsdecode("Привет".encode("cp1251"))  # lone surrogates
    write_json(folder / "page.json", hh_page(hh_item("1")))
    db_file = str(tmp_path / "w.duckdb")

    result = runner.invoke(app, ["ingest", str(folder), "--db", db_file])
    status = runner.invoke(app, ["status", "--db", db_file])

    assert result.exit_code == 0, result.output
    assert "1 loaded" in result.stdout
    assert "saved/\\xcf\\xf0\\xe8\\xe2\\xe5\\xf2 fetched" in status.stdout
