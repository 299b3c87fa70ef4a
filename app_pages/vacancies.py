"""Vacancies: the filtered vacancies as a table, newest first, with links and a CSV export."""

from __future__ import annotations

import streamlit as st

from app_pages import _common, _data, _pay
from app_pages._employers import top_employers_block
from app_pages._format import count, rub
from app_pages._i18n import lang, tr, value_label
from app_pages.charts.vacancies import csv_bytes, explorer_table
from pipelines.core.moscow_time import moscow_columns

SHOWN = ("title", "employer", "pay_rub", "pay_posted", "region", "work_format", "published",
         "link")
LIMITS = (100, 1000, 5000)  # rows shown, newest first; 5 000 keeps the table quick

T = {
    "title": ("Вакансии", "Vacancies"),
    "matched": ("Подходят под фильтры", "Match the filters"),
    "shown": ("Показаны", "Shown"),
    "with_pay": ("С зарплатой", "With pay"),
    "capped": (
        "Показаны {shown} самых новых; сузьте фильтры, чтобы увидеть остальные.",
        "Showing the newest {shown}; narrow the filters to see the rest.",
    ),
    "all_shown": ("Показаны все, сначала новые.", "All shown, newest first."),
    "limit": ("Показывать не больше", "Show at most"),
    "export": ("Скачать CSV ({n} строк)", "Download CSV ({n} rows)"),
    "col.title": ("Должность", "Title"),
    "col.employer": ("Работодатель", "Employer"),
    "col.region": ("Регион", "Region"),
    "col.pay_posted": ("Зарплата в вакансии", "Pay as posted"),
    "col.schedule": ("График", "Schedule"),
    "col.night": ("Ночные", "Night"),
    "col.work_format": ("Формат", "Work format"),
    "col.published": ("Опубликована", "Published"),
    "col.link": ("Ссылка", "Link"),
    "help.pay_rub": (
        "Приведено к месяцу, в рублях, {basis} (переключатель слева); середина вилки. Пусто — "
        "зарплата не указана или не переводится в месяц.",
        "Normalised to a month, in RUB, {basis} (the switch on the left); middle of the range. "
        "Empty when pay is not stated or cannot be turned into a month.",
    ),
    "help.link": ("Вакансия на сайте источника", "The posting on the source's site"),
    "open": ("открыть", "open"),
}

_common.require_data()
filters = _common.filters()
st.title(tr("title", T))

summary = _data.load("summary", filters)
_common.require_rows(summary, "vacancies")
matched = int(summary.at[0, "vacancies"])
cols = st.columns(4)
limit = cols[3].selectbox(tr("limit", T), LIMITS, index=len(LIMITS) - 1, key="vacancies_limit",
                          format_func=count)  # fmt: skip
# Published dates as Moscow days (the warehouse keeps UTC).
rows = moscow_columns(_data.load("vacancy_table", filters, limit=limit), ("published_at",))
table = explorer_table(rows, lang(), value_label)

cols[0].metric(tr("matched", T), count(matched))
cols[1].metric(tr("shown", T), count(len(table)))
cols[2].metric(tr("with_pay", T), count(summary.at[0, "with_pay"]))
if matched > len(table):
    st.caption(tr("capped", T, shown=count(len(table))))
else:
    st.caption(tr("all_shown", T))

headers = {c: tr(f"col.{c}", T) for c in table.columns}
headers["pay_rub"] = _pay.axis()
# Widths in pixels that add up to the ~930 px a 1400 px window leaves beside the sidebar; a cut
# cell shows in full on hover.
WIDTHS = {"title": 160, "employer": 135, "pay_rub": 130, "pay_posted": 175, "region": 90,
          "work_format": 80, "published": 100, "link": 65}  # fmt: skip
config = {c: st.column_config.Column(headers[c], width=WIDTHS.get(c)) for c in table.columns}
config.update(
    pay_rub=st.column_config.TextColumn(headers["pay_rub"], width=WIDTHS["pay_rub"],
                                        help=tr("help.pay_rub", T, basis=_pay.word())),
    night=st.column_config.CheckboxColumn(headers["night"]),
    published=st.column_config.DateColumn(headers["published"], format="DD.MM.YYYY",
                                          width=WIDTHS["published"]),
    link=st.column_config.LinkColumn(headers["link"], display_text=tr("open", T),
                                     help=tr("help.link", T), width=WIDTHS["link"]),
)  # fmt: skip
# What fits 1400 px: pay (normalised and as posted) and the link before the descriptors; the
# schedule and night columns are in the CSV. Pay as text, «45 000 ₽» like the metrics and «—»
# when unknown (a grid shows a missing number as «None»); the CSV keeps the numbers.
shown = table.assign(pay_rub=[rub(v) for v in table["pay_rub"]])
st.dataframe(shown, column_config=config, hide_index=True, width="stretch", height=600,
             column_order=SHOWN)  # fmt: skip

st.download_button(
    tr("export", T, n=count(len(table))), csv_bytes(table, headers),
    file_name="payscope-vacancies.csv", mime="text/csv", icon=":material/download:",
)  # fmt: skip
st.caption(_pay.basis())

top_employers_block(filters)
