"""Which pay the dashboard shows — до вычета НДФЛ or на руки — and how to label it.

The choice is the sidebar's switch (Filters.net, in the URL as `pay=net`); the queries turn
each vacancy's pay into net before aggregating (pipelines/sql/dashboard/filtered.sql). Every
axis, metric and table header names the choice through these texts.
"""

from __future__ import annotations

from app_pages._common import filters
from app_pages._i18n import tr

TEXTS = {
    "switch": ("Зарплата", "Pay"),
    "switch_help": (
        "«На руки» — после НДФЛ по шкале, действовавшей на дату каждой вакансии; медианы и "
        "перцентили считаются по зарплатам на руки.",
        "Net — after income tax by the scale in force on each vacancy's date; medians and "
        "percentiles are of net pay.",
    ),
    "gross": ("до вычета НДФЛ", "gross"),
    "net": ("на руки", "net"),
    "axis.gross": ("₽ в месяц, до вычета НДФЛ", "₽ a month, gross"),
    "axis.net": ("₽ в месяц, на руки", "₽ a month, net"),
    "basis.gross": (
        "Зарплата — в месяц, до вычета НДФЛ, в рублях (середина вилки).",
        "Pay is monthly, gross (before income tax), in RUB (middle of the range).",
    ),
    "basis.net": (
        "Зарплата — в месяц, на руки (после НДФЛ по шкале на дату вакансии), в рублях "
        "(середина вилки).",
        "Pay is monthly, net (after income tax by the scale on the vacancy's date), in RUB "
        "(middle of the range).",
    ),
    "median.gross": ("Медиана зарплаты, до НДФЛ", "Median pay, gross"),
    "median.net": ("Медиана зарплаты, на руки", "Median pay, net"),
}


def is_net() -> bool:
    """True when the sidebar asks for pay «на руки»."""
    return bool(filters().net)


def _kind() -> str:
    return "net" if is_net() else "gross"


def axis() -> str:
    """The pay axis / column title: «₽ в месяц, на руки» or «₽ в месяц, до вычета НДФЛ»."""
    return tr(f"axis.{_kind()}", TEXTS)


def basis() -> str:
    """The sentence under a page saying which pay its figures are."""
    return tr(f"basis.{_kind()}", TEXTS)


def median_label() -> str:
    return tr(f"median.{_kind()}", TEXTS)


def word() -> str:
    """«на руки» or «до вычета НДФЛ»: the choice in a sentence."""
    return tr(_kind(), TEXTS)
