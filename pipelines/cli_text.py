"""`payscope parse-pay`: pay read from free text, as the parser for posts sees it."""

from __future__ import annotations

import sys
from typing import Annotated

import orjson
import typer

from pipelines.cli import JsonOption, app
from pipelines.normalise.pay_text import PayText, parse_pay_text
from pipelines.safe_terminal import echo

_GROSS_WORDS = {True: "gross", False: "net", None: "gross/net not stated"}


def pay_text_record(pay: PayText | None) -> dict:
    """The JSON form: the pay record, or {"stated": false} when the text states no pay."""
    if pay is None:
        return {"stated": False}
    return {
        "low": pay.low,
        "high": pay.high,
        "currency": pay.currency,
        "period": pay.period,
        "gross": pay.gross,
    }


def describe_pay_text(pay: PayText | None) -> str:
    """One line, e.g. '40 000–60 000 RUB per month, net'."""
    if pay is None:
        return "pay not stated"
    if pay.low is not None and pay.high is not None:
        amount = f"{pay.low:,.0f}" if pay.low == pay.high else f"{pay.low:,.0f}–{pay.high:,.0f}"
    elif pay.low is not None:
        amount = f"from {pay.low:,.0f}"
    else:
        amount = f"up to {pay.high:,.0f}"
    amount = amount.replace(",", " ")
    return f"{amount} {pay.currency} per {pay.period}, {_GROSS_WORDS[pay.gross]}"


@app.command("parse-pay")
def parse_pay_command(
    text: Annotated[str, typer.Argument(help="Text of a post or a salary line, in quotes.")],
    json_output: JsonOption = False,
) -> None:
    """Read the pay stated in free text («от 40 тыс. на руки», «300 ₽/час»): docs/pay-text.md."""
    pay = parse_pay_text(text)
    if json_output:
        sys.stdout.write(orjson.dumps(pay_text_record(pay)).decode() + "\n")
        return
    echo(describe_pay_text(pay))
