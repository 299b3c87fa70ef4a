"""`payscope predict`: the pay model's P10/P50/P90 for one described job (with an offer: its
comparables and verdict), or a CSV of predictions for many vacancies."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli.app import DbOption, JsonOption, _fail, _open_warehouse, app, err
from pipelines.cli.i18n import LangOption, check_lang, tr
from pipelines.cli.ingest import _build_features
from pipelines.cli.model import _date, _print_json, _rub
from pipelines.core import config
from pipelines.core.safe_terminal import echo, markup


@app.command("predict")
def predict_command(
    title: Annotated[str | None, typer.Option(help="Job title, e.g. «Оператор чата».")] = None,
    sector: Annotated[str | None, typer.Option(help="e.g. ecommerce_retail, finance.")] = None,
    language: Annotated[
        list[str] | None, typer.Option(help="name:LEVEL, e.g. english:B2 (repeatable).")
    ] = None,
    schedule: Annotated[str | None, typer.Option(help="full_day, shift, part_time, …")] = None,
    night: Annotated[bool, typer.Option("--night", help="Night shifts.")] = False,
    remote: Annotated[bool, typer.Option("--remote", help="Remote work.")] = False,
    experience: Annotated[str | None, typer.Option(help="noExperience, between1And3, …")] = None,
    region: Annotated[str | None, typer.Option(help="Region (area name), e.g. Москва.")] = None,
    offer: Annotated[
        float | None, typer.Option("--offer", help="Pay offered a month: adds a verdict.")
    ] = None,
    net: Annotated[bool, typer.Option("--net", help="The --offer is net (на руки).")] = False,
    db_file: DbOption = None,
    published_from: Annotated[
        str | None, typer.Option("--from", help="Batch: vacancies published from this date.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Batch: write predictions to this CSV.")
    ] = None,
    json_output: JsonOption = False,
    lang: LangOption = "ru",
) -> None:
    """P10/P50/P90 for one described job, or a CSV of predictions for many vacancies; with an
    offer, its comparables (the dashboard's rule), percentile and verdict."""
    # Imported here: the offer text reads the statistics (SciPy), the model guard the model.
    from models import artifacts
    from pipelines.analytics.model_guard import ForeignModel, market_line, own_model
    from pipelines.cli import offer as cli_offer

    lang = check_lang(lang)
    try:
        model, card = own_model(db_file)
    except artifacts.ModelArtifactError as exc:
        raise _fail(str(exc), 1) from None
    except ForeignModel as exc:
        line = market_line(db_file, title) if title else None
        if line:
            print(line)  # the warehouse's own figures, without the refused model
        raise _fail(exc.mismatch.message(lang, market=bool(line)).replace("`", ""), 1) from None
    if published_from or output:
        if not (published_from and output):
            raise _fail("batch prediction needs both --from DATE and --output FILE.csv")
        _predict_batch(model, card, db_file, _date(published_from), output)
        return
    if not title:
        raise _fail("describe the job: --title TEXT (or use --from and --output for a batch)")
    result = _predict_one(
        model, card, db_file, title, sector, language or [], schedule, night, remote,
        experience, region, offer, net, lang,
    )  # fmt: skip
    effect_names = result.pop("effect_names")  # in the interface language, for people
    if json_output:
        _print_json(result)
        return
    p = result["prediction"]
    echo(tr("predicted", lang, title=title, p10=_rub(p["p10"]), p50=_rub(p["p50"]),
            p90=_rub(p["p90"]), version=card["version"], data=tr(card["data"], lang)))  # fmt: skip
    echo("\n".join(cli_offer.lines(result, _rub, lang)))
    for name, delta in effect_names:
        echo(tr("effect", lang, name=name, delta=f"{'+' if delta >= 0 else '−'}{_rub(abs(delta))}"))


def _predict_one(model, card, db_file, title, sector, languages, schedule, night, remote,
                 experience, region, amount=None, net=False, lang="en") -> dict:  # fmt: skip
    from pipelines.analytics.offer import predict_offer
    from pipelines.cli import offer as cli_offer
    from pipelines.features.extract import extract_features
    from pipelines.features.records import VacancyInput

    found = extract_features(VacancyInput(title=title))
    row = {
        "title": title,
        "sector": sector or found.sector,
        "role_family": found.role_family,
        "schedule": schedule or found.schedule,
        "shift_pattern": found.shift_pattern,
        "night_shifts": night or found.night_shifts,
        "work_format": "remote" if remote else found.work_format,
        "part_time_hours": found.part_time_hours,
        "experience": experience or found.experience,
        "employment": found.employment,
        "region": region,
        "languages": [_language(text) for text in languages]
        or [lang._asdict() for lang in found.languages],
    }
    prediction, effects = predict_offer(model, row)
    found = None  # without a warehouse the prediction stands without comparables
    offer = cli_offer.offer_for(row, amount, net)
    if config.db_path(db_file).exists():
        with _open_warehouse(db_file, read_only=True) as con:
            found = cli_offer.comparables(con, offer)
    extra = cli_offer.report(found, prediction, card, offer if amount else None, amount, _rub,
                             date.today(), lang)  # fmt: skip
    ordered = sorted(((k, ref, d) for k, (ref, d) in effects.items()), key=lambda e: -abs(e[2]))
    return {
        "model_version": card["version"],
        "inputs": {k: v for k, v in row.items() if v not in (None, [], False)},
        "prediction": {k: round(v, -2) for k, v in prediction.items()},
        # The benchmark's comparables (choose_comparables), not all vacancies of the family.
        "comparable": None if found is None else found.n,
        "effects": {cli_offer.effect_name(k, ref): round(d, -2) for k, ref, d in ordered},
        "effect_names": [(cli_offer.effect_name(name, ref, lang), round(delta, -2))
                         for name, ref, delta in ordered],  # fmt: skip
        **extra,
    }


def _predict_batch(model, card, db_file, published_from: datetime, output: Path) -> None:
    from models import dataset
    from models.frame import design_frame
    from pipelines.core.safe_csv import write_csv

    if config.db_path(db_file).exists():  # the model reads features: none yet, no rows
        _build_features(db_file, json_output=False)
    with _open_warehouse(db_file, read_only=True) as con:
        rows = dataset.batch_rows(con, published_from)
    if rows.empty:
        raise _fail(f"no vacancies published on or after {published_from:%Y-%m-%d}", 1)
    predicted = model.predict(design_frame(rows), groups=rows["source"].astype(str).to_numpy())
    table = rows[["vacancy_id", "source"]].join(predicted.round(0))
    write_csv(table, output)  # vacancy ids come from files: no formulas for the spreadsheet
    err.print(f"{len(table)} predictions (model {markup(card['version'])}) → {markup(output)}")


def _language(text: str) -> dict:
    name, _, level = text.partition(":")
    return {"name": name.strip().lower(), "level": level.strip().lower() or None, "required": True}
