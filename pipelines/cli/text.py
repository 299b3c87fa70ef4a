"""`payscope parse-pay`: pay read from free text, as the parser for posts sees it, and the
monthly gross and net it normalises to by today's rules (pay.normalise_pay, payroll)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from pipelines.cli.app import JsonOption, app
from pipelines.cli.i18n import LangOption, check_lang, tr
from pipelines.core.safe_terminal import echo

if TYPE_CHECKING:
    from pipelines.normalise.pay_text import PayText


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def monthly(pay: PayText | None, on: date) -> dict | None:
    """The posted pay as monthly gross and net RUB (low, high; None for a missing bound) by the
    rules in force on `on`; {"error": …} when it cannot be converted; None without pay."""
    # The normaliser is imported by the commands that use it, not when `payscope` starts.
    from pipelines.normalise.errors import PayError
    from pipelines.normalise.pay import PayInput, normalise_pay
    from pipelines.normalise.payroll import gross_to_net_monthly

    if pay is None:
        return None
    try:
        found = normalise_pay(PayInput(
            amount_from=pay.low, amount_to=pay.high, currency=pay.currency, gross=pay.gross,
            period=pay.period, published_at=datetime(on.year, on.month, on.day),
        ))  # fmt: skip
    except PayError as exc:
        return {"error": exc.message}
    if found is None or found.mid_rub is None:
        return {"error": found.conversion if found else "no amount"}
    bounds = (found.low_rub, found.high_rub)
    return {
        "gross": [None if v is None else round(v) for v in bounds],
        "net": [None if v is None else round(gross_to_net_monthly(v, on)) for v in bounds],
        "gross_assumed": found.gross_basis == "assumed_gross", "rules_date": on.isoformat(),
        "conversion": found.conversion,
    }  # fmt: skip


def pay_text_record(pay: PayText | None, on: date | None = None) -> dict:
    """The JSON form: the pay record (with `monthly` when `on` is given), or {"stated": false}
    when the text states no pay."""
    if pay is None:
        return {"stated": False}
    record = {"low": pay.low, "high": pay.high, "currency": pay.currency,
              "period": pay.period, "gross": pay.gross}  # fmt: skip
    if on is not None:
        record["monthly"] = monthly(pay, on)
    return record


def _amount(low: float | None, high: float | None, lang: str, unit: str = "") -> str:
    if low is not None and high is not None:
        text = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    elif low is not None:
        text = tr("from", lang, x=_number(low))
    else:
        text = tr("to", lang, x=_number(high))
    return text + unit


def describe_pay_text(pay: PayText | None, lang: str = "en") -> str:
    """One line, e.g. '40 000–60 000 RUB per month, net' («… ₽ в месяц, на руки» in Russian)."""
    if pay is None:
        return tr("not_stated", lang)
    basis = {True: "gross", False: "net", None: "basis_none"}[pay.gross]
    currency = "₽" if pay.currency == "RUB" and lang == "ru" else pay.currency
    return tr("per", lang, amount=_amount(pay.low, pay.high, lang), currency=currency,
              period=tr(pay.period, lang), basis=tr(basis, lang))  # fmt: skip


def describe_monthly(found: dict | None, lang: str = "en") -> str | None:
    """The second line: monthly gross and net, or why there is none."""
    if found is None:
        return None
    if "error" in found:
        return tr("no_month", lang, reason=found["error"])
    on = date.fromisoformat(found["rules_date"])
    return tr("monthly", lang, gross=_amount(*found["gross"], lang, " ₽"),
              net=_amount(*found["net"], lang, " ₽"),
              date=f"{on:%d.%m.%Y}" if lang == "ru" else on.isoformat(),
              assumed=tr("assumed", lang) if found["gross_assumed"] else "")  # fmt: skip


@app.command("parse-pay")
def parse_pay_command(
    text: Annotated[str, typer.Argument(help="Text of a post or a salary line, in quotes.")],
    json_output: JsonOption = False,
    lang: LangOption = "ru",
) -> None:
    """Read the pay stated in free text («от 40 тыс. на руки», «300 ₽/час», «60–80 тыс. гросс»)
    and show the monthly gross and net it normalises to: docs/pay-text.md."""
    from pipelines.normalise.pay_text import parse_pay_text

    lang = check_lang(lang)
    pay = parse_pay_text(text)
    today = date.today()
    if json_output:
        sys.stdout.write(orjson.dumps(pay_text_record(pay, today)).decode() + "\n")
        return
    echo(describe_pay_text(pay, lang))
    if line := describe_monthly(monthly(pay, today), lang):
        echo(line)
