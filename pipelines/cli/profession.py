"""`payscope ladder | brief`: the career ladder and the market brief of a role family."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer

from pipelines.cli.app import DbOption, JsonOption, _fail, _open_warehouse, app
from pipelines.core.safe_terminal import echo, visible

RoleOption = Annotated[
    str, typer.Option("--role", help="Role family code, e.g. chat_support, software_dev.")
]


def _plain(value):
    """JSON-safe: NaN → null, NumPy scalars → Python numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def _role(con, role: str) -> str:
    from pipelines.analytics.ladder import family_code
    from pipelines.features.records import ROLE_FAMILIES

    code = family_code(role)
    if code not in ROLE_FAMILIES:
        raise _fail(f"unknown role family {role!r}; one of: {', '.join(ROLE_FAMILIES)}")
    return code


@app.command("ladder")
def ladder_command(role: RoleOption, db_file: DbOption = None,
                   json_output: JsonOption = False) -> None:  # fmt: skip
    """The career ladder of a role family: pay P25–P50–P75, n, the gain over the step below and
    the experience each step asks for."""
    from pipelines.analytics import queries
    from pipelines.analytics.filters import Filters
    from pipelines.analytics.ladder import ladder, ladder_families
    from pipelines.analytics.profession import pay_summary

    with _open_warehouse(db_file, read_only=True) as con:
        code = _role(con, role)
        rows = queries.profession_sample(con, Filters(role_family=ladder_families(code)))
    steps = ladder(rows, code)
    window = pay_summary(rows)
    if json_output:
        payload = {"role": code, "n": window["n"], "published_from": window["first"],
                   "published_until": window["last"],
                   "steps": _plain(steps.to_dict("records"))}  # fmt: skip
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    echo(ladder_text(code, steps, window))


def ladder_text(role: str, steps, window: dict) -> str:
    """The ladder as lines of text (English, numbers as people read them)."""
    from pipelines.analytics.brief_render import EXPERIENCE
    from pipelines.analytics.ladder import gain_of
    from pipelines.analytics.profession_labels import count, label, percent, premium_text, rub

    lines = [f"Career ladder of {role}: {count(window['n'])} vacancies published "
             f"{window['first']} — {window['last']} (pay: monthly gross RUB)"]  # fmt: skip
    for row in steps.to_dict("records"):
        name = label(row["step"], "en")
        if not row["n"]:
            lines.append(f"  {name}: no vacancies (n = 0)")
            continue
        top = row["exp_top"] if isinstance(row["exp_top"], str) else None  # NaN: none stated
        # hh.ru's bucket codes stay in `--json`; the text says them in words.
        exp = EXPERIENCE[top][1] if top in EXPERIENCE else (top or "not stated")
        lines.append(
            f"  {name}: median {rub(row['p50'])}, P25–P75 {rub(row['p25'])} – {rub(row['p75'])} "
            f"(n = {count(row['n_pay'])} with pay of {count(row['n'])}, confidence: "
            f"{row['confidence']}); experience most asked: {exp} "
            f"({percent(row.get(f'exp_{top}') if top else None)} of {row['exp_n']})"
        )
        if gain := gain_of(row):
            lines.append(f"    gain over {label(row['gain_from'], 'en')}: "
                         f"{premium_text(gain, 'en')} (n = {count(row['gain_n_with'])} / "
                         f"{count(row['gain_n_without'])}, confidence: {row['gain_confidence']})")
    return "\n".join(lines)


@app.command("brief")
def brief_command(
    role: RoleOption = "chat_support",
    region: Annotated[list[str] | None, typer.Option(
        "--region", help="Region name as stored (e.g. Москва), or a group: moscow, spb, "
        "million, other, abroad, remote. Repeatable.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html or md.")] = "html",
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: stdout).")] = None,
    language: Annotated[str, typer.Option("--lang", help="ru or en.")] = "ru",
    db_file: DbOption = None,
) -> None:
    """A one-to-two-page market brief of a role family, every number with its n and window."""
    from pipelines.analytics import brief_render
    from pipelines.analytics.brief import BriefError, collect

    if fmt not in ("html", "md"):
        raise _fail(f"--format must be html or md, not {fmt!r}")
    if language not in ("ru", "en"):
        raise _fail(f"--lang must be ru or en, not {language!r}")
    with _open_warehouse(db_file, read_only=True) as con:
        code = _role(con, role)
        try:
            found = collect(con, code, tuple(region or ()))
        except BriefError as exc:
            raise _fail(str(exc), 1) from None
    text = (brief_render.html if fmt == "html" else brief_render.markdown)(found, language)
    if out is None:
        sys.stdout.write(visible(text, one_line=False))  # the terminal sees no control codes
        return
    out.write_text(text, encoding="utf-8")
    pay = found["pay"]
    echo(f"brief of {code}: {out} ({fmt}, {language}; {pay['n']} vacancies, "
         f"{pay['first']} — {pay['last']})")
