"""The Offer benchmark page's texts (app_pages/benchmark.py), (ru, en) pairs by key: the form,
the verdict, comparables, the model's range and effects, the report and the share link."""

TEXTS = {
    "amount": ("Сумма, ₽", "Amount, ₽"), "basis": ("Сумма указана", "Amount is"),
    "net": ("на руки", "net"), "gross": ("до НДФЛ", "gross"), "period": ("За", "Per"),
    "month": ("месяц", "month"), "hour": ("час", "hour"), "shift": ("смену", "shift"),
    "pattern": ("График смен", "Shift pattern"), "hours": ("Часов в смене", "Hours per shift"),
    "job_title": ("Должность", "Job title"), "english": ("Английский", "English"),
    "none": ("не нужен", "not needed"), "submit": ("Оценить", "Benchmark"),
    "fill": ("Опишите оффер и нажмите «Оценить».", "Describe the offer and press Benchmark."),
    "offer": ("Оффер, в месяц до НДФЛ", "Offer, a month gross"),
    "percentile": ("Перцентиль среди сопоставимых", "Percentile among comparables"),
    "percentile_short": ("Перцентиль", "Percentile"),
    "offer_basis": ("Оффер в месяц, {basis}", "Offer a month, {basis}"),
    "offer_both": ("Оффер в месяц", "Offer a month"),
    "other_basis": ("{basis}: оффер {offer}, медиана сопоставимых {median}, P50 модели {p50} "
                    "(НДФЛ по шкале на сегодня).",
                    "{basis}: offer {offer}, comparables' median {median}, model P50 {p50} "
                    "(income tax by today's scale)."),
    "percentile_help": ("Доля сопоставимых вакансий, которые платят меньше оффера, в %.",
                        "The share of comparable vacancies paying less than the offer, in %."),
    "amount_help": ("Целые рубли, например 45 000.", "Whole roubles, e.g. 45 000."),
    "amount_error": ("Сумма «{text}» — не число рублей; введите, например, 45 000.",
                     "The amount «{text}» is not a number of roubles; enter e.g. 45 000."),
    "weekend": ("только выходные", "weekends only"),
    "no_comparables": ("Сопоставимых вакансий с зарплатой нет: сравнить оффер не с чем. "
                       "Расширьте период или источник в боковой панели.",
                       "No comparable vacancies with pay: nothing to compare the offer with. "
                       "Widen the period or source in the sidebar."),
    "no_effects": ("Все указанные условия совпадают с базовыми: влиять нечему.",
                   "Every stated input is the baseline: no effect to show."),
    "median": ("Медиана сопоставимых", "Comparables' median"),
    "model_p50": ("Модель: P50", "Model: P50"),
    "conversion": ("Пересчёт", "Conversion"), "rule": ("правило", "rule"),
    "comparables": ("Сопоставимые вакансии", "Comparable vacancies"),
    "dropped": ("ослаблено, чтобы набрать n ≥ {min}", "dropped to reach n ≥ {min}"),
    "ladder": (
        "Сопоставимые — за 12 мес. до самой свежей вакансии, если их мало — за 24 мес.; если "
        "и так мало, ослабляются условия по порядку: опыт → английский → ночные смены → формат "
        "работы (профессия остаётся всегда), и только когда и по одной профессии за 24 мес. "
        "мало, берётся всё время. Из боковой панели учтены период и источник, остальные "
        "фильтры к сопоставимым не применяются. {basis}",
        "Comparables come from the 12 months before the newest vacancy, when too few from 24 "
        "months; when still too few, conditions are dropped in this order: experience → "
        "English → night shifts → work format (the role family always stays), and only when "
        "the role family alone has too few in 24 months does all the data count. Of the "
        "sidebar, the period and source apply, the other filters do "
        "not. {basis}",
    ),
    "few": ("Мало данных: даже по одной профессии n = {n} < {min}, перцентиль ненадёжен.",
            "Small sample: the role family alone has n = {n} < {min}; the percentile is "
            "unreliable."),
    "english_yes": ("нужен английский", "English required"),
    "english_no": ("без английского", "no English"),
    "verdict": ("Вердикт", "Verdict"),
    "market_sure": ("Сопоставимые: n = {n}, достоверность {conf}",
                    "Comparables: n = {n}, confidence {conf}"),
    "model_sure": ("модель: интервал P10–P90 {word} ({pct} % от P50)",
                   "model: a {word} P10–P90 interval ({pct} % of P50)"),
    "n_conf": ("n = {n}, достоверность {conf}", "n = {n}, confidence {conf}"),
    "width": ("ширина P10–P90 {width} ({pct} % от P50), интервал {word}",
              "P10–P90 width {width} ({pct} % of P50), a {word} interval"),
    "model_width": ("Ширина интервала модели", "Model interval width"),
    "wage_index": ("Индекс зарплат", "Wage index"),
    "band": ("P10–P90 модели", "model P10–P90"),
    "leans": ("На что опирается вердикт", "What the verdict leans on"),
    "range": ("Вилка к предложению", "Range to offer"),
    "range_net": ("на руки {low} — {high}", "net {low} — {high}"),
    "range_market": ("P25–P75 сопоставимых вакансий, n = {n}, достоверность {conf}",
                     "P25–P75 of comparable vacancies, n = {n}, confidence {conf}"),
    "range_model": ("P10–P90 модели для этих условий", "the model's P10–P90 for these inputs"),
    "model": ("Модель", "Model"),
    "model_range": ("P10 — P50 — P90 модели", "Model P10 — P50 — P90"),
    "model_card": ("модель {version}, данные: {data}", "model {version}, data: {data}"),
    "no_model": ("Модель ещё не обучена: запустите `payscope train`, чтобы увидеть её диапазон и "
                 "влияние каждого условия. Перцентиль выше — по вакансиям, без модели.",
                 "No trained model yet: run `payscope train` to see its range and the effect of "
                 "each input. The percentile above comes from the vacancies, not the model."),
    "effects": ("Влияние каждого условия на P50 модели (остальное без изменений)",
                "Effect of each input on the model's P50 (all else unchanged)"),
    "effects_axis": ("₽ к P50 в месяц", "₽ to P50 a month"),
    "eff_english": ("английский {level} вместо «не нужен»", "English {level} vs none"),
    "eff_night": ("ночные смены вместо дневных", "night shifts vs day"),
    "eff_other": ("{dimension}: {value} вместо «{reference}»",
                  "{dimension}: {value} vs {reference}"),
    "offer_line": ("оффер", "offer"), "pay_axis": ("₽ в месяц, до вычета НДФЛ", "₽ a month, gross"),
    "vacancies": ("вакансий", "vacancies"),
    "csv": ("Скачать CSV", "Download CSV"),
    "html": ("Скачать HTML-сводку", "Download HTML summary"),
    "report": ("Оценка оффера, {date}", "Offer benchmark, {date}"),
    "data_kind": ("Данные", "Data"), "synthetic_kind": ("синтетические (демо)", "synthetic (demo)"),
    "real_kind": ("реальные вакансии", "real vacancies"), "date": ("Дата", "Date"),
    "share": ("Скопировать ссылку на этот ответ", "Copy the link to this answer"),
    "share_hint": ("Кнопка копирования — справа в поле. По ссылке откроются тот же оффер, те же "
                   "фильтры и язык.",
                   "The copy button is at the right of the box. The link opens the same offer, "
                   "filters and language."),
    "link": ("Ссылка", "Link"),
}  # fmt: skip
