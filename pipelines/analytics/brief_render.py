"""The market brief written out: Markdown, or one self-contained HTML file (escaped text, charts
as inline SVG from pipelines/analytics/svg.py, no scripts or external files) in Russian or English.

Every section heading names the vacancies (n) and the publication window behind it, and every
figure line its own n, so that no number stands without its sample.
"""

from __future__ import annotations

from html import escape

from pipelines.analytics import svg
from pipelines.analytics.ladder import gain_of
from pipelines.analytics.profession_labels import count, label, percent, premium_text, rub

T = {
    "title": ("Рынок труда: {role}", "Job market: {role}"),
    "region": ("Регион: {region}", "Region: {region}"),
    "window": ("{n} вакансий, опубликованы {first} — {last}; с зарплатой {n_pay}; с текстом "
               "описания (из него читаются требования, обязанности, инструменты, условия) "
               "{described}",
               "{n} vacancies published {first} — {last}; with pay {n_pay}; with a description "
               "(where requirements, duties, tools and conditions are read) {described}"),
    "basis": ("Зарплаты — в месяц, до вычета налогов, в рублях. Надбавки сравнивают вакансии с "
              "признаком и без внутри профессии (медианы, 90 % бутстреп-интервал); это описание "
              "вакансий, а не причина. Достоверность: ниже 5 вакансий — нет оценки, 5–14 — "
              "низкая, 15–49 — средняя, от 50 — высокая.",
              "Pay is monthly, gross, in roubles. Premiums compare vacancies with and without a "
              "trait within role family (medians, 90 % bootstrap interval); they describe "
              "vacancies, not causes. Confidence: below 5 vacancies none, 5–14 low, 15–49 "
              "medium, 50+ high."),
    "synthetic": ("Демо-данные: вакансии синтетические и не описывают реальный рынок.",
                  "Demo data: the vacancies are synthetic and do not describe the real market."),
    "scope": ("n = {n}, {first} — {last}", "n = {n}, {first} — {last}"),
    "duties": ("Что это за работа", "What the work is"),
    "requirements": ("Что требуют работодатели", "What employers require"),
    "tools": ("Инструменты", "Tools"),
    "conditions": ("Условия и графики", "Conditions and schedules"),
    "sectors": ("Кто нанимает", "Who hires"),
    "pay": ("Зарплата и что на неё влияет", "Pay and its drivers"),
    "regions": ("Регионы", "Regions"),
    "ladder": ("Карьерная лестница", "Career ladder"),
    "sources": ("Где найдены вакансии", "Where the vacancies were found"),
    "share": ("{label} — {share} (n = {n} из {total}; {conf})",
              "{label} — {share} (n = {n} of {total}; {conf})"),
    "share_pay": ("{label} — {share} (n = {n} из {total}; {conf}); зарплата: {premium}",
                  "{label} — {share} (n = {n} of {total}; {conf}); pay: {premium}"),
    "thin": (" — мало данных", " — small sample"),
    "none_found": ("В текстах вакансий не найдено (n = {n}).", "Not found in the texts (n = {n})."),
    "night": ("ночные смены — {share} (n = {n} из {total})",
              "night shifts — {share} (n = {n} of {total})"),
    "pay_line": ("медиана {p50}, P25–P75 {p25} – {p75} (n = {n}; {conf})",
                 "median {p50}, P25–P75 {p25} – {p75} (n = {n}; {conf})"),
    "no_pay": ("зарплата не указана (n = 0)", "no pay stated (n = 0)"),
    "group_pay": ("{label}: {share} вакансий (n = {n}); медиана {p50}, P25–P75 {p25} – {p75} "
                  "(с зарплатой n = {n_pay}; {conf})",
                  "{label}: {share} of vacancies (n = {n}); median {p50}, P25–P75 {p25} – {p75} "
                  "(with pay n = {n_pay}; {conf})"),
    "driver": ("{label}: {premium} (n = {n_with} с / {n_without} без; {conf})",
               "{label}: {premium} (n = {n_with} with / {n_without} without; {conf})"),
    "load": ("{label}: указано в {share} вакансий (n = {n}); медиана {p50}, P25–P75 {p25} – {p75}",
             "{label}: stated in {share} of vacancies (n = {n}); median {p50}, P25–P75 "
             "{p25} – {p75}"),
    "band": ("{label} {low}–{high}: медиана зарплаты {p50} (n = {n_pay}; {conf})",
             "{label} {low}–{high}: median pay {p50} (n = {n_pay}; {conf})"),
    "remote": ("Удалённые вакансии работодателей из Москвы и Петербурга против других регионов: "
               "{premium} (n = {n_with} / {n_without}; {conf})",
               "Remote vacancies of Moscow and St Petersburg employers against other regions: "
               "{premium} (n = {n_with} / {n_without}; {conf})"),
    "step": ("{label}: медиана {p50}, P25–P75 {p25} – {p75} (n = {n_pay} с зарплатой из {n}; "
             "{conf}); опыт чаще всего: {exp} (n = {exp_n})",
             "{label}: median {p50}, P25–P75 {p25} – {p75} (n = {n_pay} with pay of {n}; "
             "{conf}); experience most asked: {exp} (n = {exp_n})"),
    "gain": ("↳ прибавка к ступени «{below}»: {premium} (n = {n_with} / {n_without})",
             "↳ gain over «{below}»: {premium} (n = {n_with} / {n_without})"),
    "no_step": ("{label}: вакансий нет (n = 0)", "{label}: no vacancies (n = 0)"),
}
EXPERIENCE = {"noExperience": ("без опыта", "none"), "between1And3": ("1–3 года", "1–3 years"),
              "between3And6": ("3–6 лет", "3–6 years"), "moreThan6": ("более 6 лет", "6+ years")}

def _t(key: str, lang: str, **values) -> str:
    return T[key][0 if lang == "ru" else 1].format(**values)


def _conf(word: str, lang: str) -> str:
    return ("достоверность " if lang == "ru" else "confidence ") + label(f"confidence.{word}", lang)


def sections(brief: dict, lang: str = "ru") -> list[tuple[str, list[str], str]]:
    """(heading, lines, inline SVG or '') per section, in `lang`."""
    from pipelines.analytics.value_names import VALUES
    pay = brief["pay"]
    scope = _t("scope", lang, n=count(pay["n"]), first=pay["first"], last=pay["last"])
    # The lists are read from the vacancies with text beyond the title only.
    read = _t("scope", lang, n=count(brief["described"]), first=pay["first"], last=pay["last"])
    out = []
    for field in ("duties", "requirements", "tools", "conditions"):
        lines, bars = _items(brief[field], lang, with_pay=field != "tools")
        if field == "conditions":
            lines += [_share(r, lang, VALUES["schedule"]) for r in brief["schedules"]
                      if r["code"] != "unknown"]
            lines += [_share(r, lang, VALUES["work_format"]) for r in brief["work_formats"]
                      if r["code"] != "unknown"]
            night = brief["night"]
            lines.append(_t("night", lang, share=percent(night["share"]), n=count(night["n"]),
                            total=count(night["total"])))  # fmt: skip
        out.append((f"{_t(field, lang)} ({read})", lines, svg.bars(bars)))
    sectors = [_t("group_pay", lang, label=label(r["code"], lang, VALUES["sector"]),
                  share=percent(r["share"]),
                  **_pay_words(r, lang)) + _premium_tail(r, lang) for r in brief["sectors"]]
    out.append((f"{_t('sectors', lang)} ({scope})", sectors, ""))
    out.append((f"{_t('pay', lang)} ({scope})", _pay_lines(brief, lang), ""))
    regions = [_t("group_pay", lang, label=label(r["group"], lang), share=percent(r["share"]),
                  **_pay_words(r, lang)) for r in brief["regions"]]
    remote = brief["remote_region"]
    regions.append(_t("remote", lang, premium=premium_text(remote, lang),
                      n_with=count(remote["n_with"]), n_without=count(remote["n_without"]),
                      conf=_conf(remote["premium_confidence"], lang)))  # fmt: skip
    chart = svg.ranges([(label(r["group"], lang), r["p25"], r["p50"], r["p75"],
                         f"n = {count(r['n_pay'])}") for r in brief["regions"]])  # fmt: skip
    out.append((f"{_t('regions', lang)} ({scope})", regions, chart))
    lp = brief["ladder_pay"]
    ladder_scope = _t("scope", lang, n=count(lp["n"]), first=lp["first"], last=lp["last"])
    out.append((f"{_t('ladder', lang)} ({ladder_scope})", _ladder_lines(brief, lang),
                svg.ranges([(label(r["step"], lang), r["p25"], r["p50"], r["p75"],
                             f"n = {count(r['n_pay'])}") for r in brief["ladder"]])))
    sources = [_share(r, lang, {}) for r in brief["sources"]]
    out.append((f"{_t('sources', lang)} ({scope})", sources, ""))
    return out


def _share(row: dict, lang: str, values: dict) -> str:
    return _t("share", lang, label=label(row["code"], lang, values), share=percent(row["share"]),
              n=count(row["n"]), total=count(row["total"]),
              conf=_conf(row["confidence"], lang))  # fmt: skip


def _items(rows: list[dict], lang: str, with_pay: bool) -> tuple[list[str], list]:
    if not rows:
        return [_t("none_found", lang, n=0)], []
    lines, bars = [], []
    for r in rows:
        words = dict(label=label(r["code"], lang), share=percent(r["share"]), n=count(r["n"]),
                     total=count(r["total"]), conf=_conf(r["confidence"], lang))  # fmt: skip
        line = _t("share_pay" if with_pay else "share", lang, premium=premium_text(r, lang),
                  **words)  # fmt: skip
        lines.append(line + (_t("thin", lang) if r["thin"] else ""))
        note = f"{percent(r['share'])}, n = {count(r['n'])}"
        bars.append((label(r["code"], lang), r["share"], note))
    return lines, bars


def _pay_words(r: dict, lang: str) -> dict:
    return dict(p25=rub(r["p25"]), p50=rub(r["p50"]), p75=rub(r["p75"]), n=count(r["n"]),
                n_pay=count(r["n_pay"]), conf=_conf(r["confidence"], lang))  # fmt: skip


def _premium_tail(r: dict, lang: str) -> str:
    word = "; против других отраслей: " if lang == "ru" else "; against other sectors: "
    return word + premium_text(r, lang)


def _pay_lines(brief: dict, lang: str) -> list[str]:
    pay = brief["pay"]
    lines = [_t("pay_line", lang, p25=rub(pay["p25"]), p50=rub(pay["p50"]), p75=rub(pay["p75"]),
                n=count(pay["n_pay"]), conf=_conf(pay["confidence"], lang))
             if pay["n_pay"] else _t("no_pay", lang)]  # fmt: skip
    for r in brief["drivers"]:
        lines.append(_t("driver", lang, label=label(f"driver.{r['driver']}", lang),
                        premium=premium_text(r, lang), n_with=count(r["n_with"]),
                        n_without=count(r["n_without"]),
                        conf=_conf(r["premium_confidence"], lang)))  # fmt: skip
    for r in brief["load"]:
        if r["n"]:
            lines.append(_t("load", lang, label=label(r["measure"], lang),
                            share=percent(r["share"]), n=count(r["n"]), p25=_num(r["p25"]),
                            p50=_num(r["p50"]), p75=_num(r["p75"])))  # fmt: skip
    for r in brief["load_bands"]:
        high = "∞" if r["high"] == float("inf") else _num(r["high"])
        lines.append(_t("band", lang, label=label(r["measure"], lang), low=_num(r["low"] + 1),
                        high=high, p50=rub(r["p50"]), n_pay=count(r["n_pay"]),
                        conf=_conf(r["confidence"], lang)))  # fmt: skip
    return lines


def _ladder_lines(brief: dict, lang: str) -> list[str]:
    lines = []
    for r in brief["ladder"]:
        if not r["n"]:
            lines.append(_t("no_step", lang, label=label(r["step"], lang)))
            continue
        exp = EXPERIENCE.get(r["exp_top"], ("—", "—"))[0 if lang == "ru" else 1]
        lines.append(_t("step", lang, label=label(r["step"], lang), exp=exp,
                        exp_n=count(r["exp_n"]), **_pay_words(r, lang)))  # fmt: skip
        if (gain := gain_of(r)) and r["n_pay"]:
            lines.append(_t("gain", lang, below=label(r["gain_from"], lang),
                            premium=premium_text(gain, lang), n_with=count(r["gain_n_with"]),
                            n_without=count(r["gain_n_without"])))  # fmt: skip
    return lines


def _num(value) -> str:
    return "—" if value is None or value != value else f"{value:,.0f}".replace(",", "\u00a0")


def _header(brief: dict, lang: str) -> tuple[str, list[str]]:
    from pipelines.analytics.profession_labels import LABELS
    from pipelines.analytics.value_names import VALUES

    names = VALUES["role_family"].get(brief["role"], (brief["role"], brief["role"]))
    role_label = names[0 if lang == "ru" else 1]
    pay = brief["pay"]
    notes = [_t("window", lang, n=count(pay["n"]), first=pay["first"], last=pay["last"],
                n_pay=count(pay["n_pay"]), described=count(brief["described"]))]  # fmt: skip
    if brief["region"]:
        names = ", ".join(label(r, lang) if r in LABELS else r for r in brief["region"])
        notes.append(_t("region", lang, region=names))
    if brief["synthetic"]:
        notes.append(_t("synthetic", lang))
    notes.append(_t("basis", lang))
    return _t("title", lang, role=role_label), notes


def markdown(brief: dict, lang: str = "ru") -> str:
    title, notes = _header(brief, lang)
    parts = [f"# {title}", "", *[f"_{n}_  " for n in notes], ""]
    for heading, lines, _chart in sections(brief, lang):
        parts += [f"## {heading}", "", *[f"- {line}" for line in lines], ""]
    return "\n".join(parts)


def html(brief: dict, lang: str = "ru") -> str:
    title, notes = _header(brief, lang)
    body = [f"<h1>{escape(title)}</h1>", *[f'<p class="note">{escape(n)}</p>' for n in notes]]
    for heading, lines, chart in sections(brief, lang):
        items = "".join(f"<li>{escape(line)}</li>" for line in lines)
        body.append(f"<section><h2>{escape(heading)}</h2>{chart}<ul>{items}</ul></section>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;"
             "font-size:14px;line-height:1.4}h2{font-size:16px;margin-top:1.2em}"
             ".note{color:#555;margin:.2em 0}li{margin:.15em 0}")  # fmt: skip
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{style}</style></head><body>"
            f"{''.join(body)}</body></html>\n")  # fmt: skip
