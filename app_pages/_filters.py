"""The sidebar: filters shared by every page and kept in the URL, and the language switch.

Rendered by app.py before the page runs, so the widgets (and their values) are the same on
every page. The URL is the source of truth when a session starts (a bookmarked or shared link);
after that the widgets are, and the URL follows them.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from app_pages import _data
from app_pages._i18n import LANGUAGES, lang, tr, value_label, widget_key
from pipelines.analytics.filters import CHOICES, Filters
from pipelines.analytics.search_queries import matching_titles, title_suggestions

_PREFIX = "filter_"
T = {
    "title_hint": ("например, оператор чата", "e.g. chat operator"),
    "title_pick": ("Похожие должности в данных", "Matching titles in the data"),
}
_NIGHT = (None, True, False)
_URL_KEYS = frozenset((*CHOICES, "from", "to", "title", "night", "pay", "lang"))


def sidebar() -> Filters:
    """Draw the language switch and the filters; return the filters and mirror them in the URL."""
    if "ui_lang" not in st.session_state:
        wanted = st.query_params.get("lang", "ru")
        st.session_state["ui_lang"] = wanted if wanted in LANGUAGES else "ru"
    if f"{_PREFIX}initialised" not in st.session_state:
        _seed(Filters.from_query(st.query_params))
    with st.sidebar:
        st.segmented_control(
            tr("ui_language"), LANGUAGES, key="ui_lang", format_func=str.upper,
            selection_mode="single",
        )  # fmt: skip
        if st.session_state.get("ui_lang") not in LANGUAGES:  # deselected: keep Russian
            st.session_state["ui_lang"] = "ru"
        st.header(tr("filters"))
        filters = _widgets(_data.load("options"), _data.load("overview"))
        # A callback: it runs before the widgets of the next run exist, so it may set them.
        st.button(tr("reset"), width="stretch", on_click=_seed, args=(Filters(),))
    _mirror(filters)
    return filters


def _seed(filters: Filters) -> None:
    """Put filter values into the widgets' session state (a new session, or a reset)."""
    state = st.session_state
    for name in CHOICES:
        state[widget_key(_PREFIX + name)] = list(getattr(filters, name))
    state[widget_key(_PREFIX + "night")] = filters.night
    state[widget_key(_PREFIX + "net")] = filters.net
    state[_PREFIX + "title"] = filters.title
    # Resolved against the data's window when the widget is drawn: either end may be open.
    state[_PREFIX + "period_seed"] = (filters.period_from, filters.period_to)
    state[_PREFIX + "initialised"] = True


def _widgets(options: pd.DataFrame | None, bounds: pd.DataFrame | None) -> Filters:
    state = st.session_state
    first, last = _bounds(bounds)
    net = _net_switch()
    period = state.get(_PREFIX + "period") or ()
    if _PREFIX + "period_seed" in state and first and last:
        seeded_from, seeded_to = state.pop(_PREFIX + "period_seed")
        period = (seeded_from or first, seeded_to or last)
    if first and last:
        # Keep a bookmarked period inside the data's window, or the widget refuses it.
        period = tuple(min(max(d, first), last) for d in period)
        state[_PREFIX + "period"] = period or (first, last)
        chosen = st.date_input(
            tr("period"), min_value=first, max_value=last, key=_PREFIX + "period",
            format="DD.MM.YYYY",
        )  # fmt: skip
    else:
        chosen = ()
    chosen = tuple(chosen) if isinstance(chosen, list | tuple) else (chosen,)
    period_from = chosen[0] if chosen and chosen[0] != first else None
    period_to = chosen[1] if len(chosen) > 1 and chosen[1] != last else None

    title = _title_box()
    language = lang()  # labels fixed when the widget is made (see value_label)
    values: dict[str, tuple[str, ...]] = {}
    for name in CHOICES:
        available = _values(options, name)
        key = widget_key(_PREFIX + name, [])
        # A bookmarked value the warehouse does not have (yet) stays selectable.
        selected = [v for v in state.get(key, []) if v is not None]
        state[key] = selected
        available += [v for v in selected if v not in available]
        if not available:
            values[name] = tuple(selected)
            continue
        values[name] = tuple(
            st.multiselect(
                tr(name), available, key=key, placeholder=tr("any"),
                format_func=partial(value_label, name, language=language),
            )
        )  # fmt: skip
    night = st.selectbox(
        tr("night"), _NIGHT, key=widget_key(_PREFIX + "night"),
        format_func=_night_labels().__getitem__, placeholder=tr("any"),
    )  # fmt: skip
    return Filters(
        period_from=period_from, period_to=period_to, title=title or "", night=night, net=net,
        **values,
    )


def _title_box() -> str:
    """The title search as people search (hh.ru's salary tool starts so): words the title
    contains, and under the box the commonest titles in the data that match them, with their
    counts, to pick one with a click. (Streamlit's selectbox that takes new text says «Add:» in
    English, whatever the language: hence a text box and a list.)"""
    typed = st.text_input(tr("title_search"), key=_PREFIX + "title", max_chars=200,
                          placeholder=tr("title_hint", T))  # fmt: skip
    found = matching_titles(_data.load(title_suggestions), typed or "")
    titles = [t for t in found["title"] if t.lower() != (typed or "").strip().lower()]
    if titles:
        counts = dict(zip(found["title"], found["n"], strict=True))
        st.pills(
            tr("title_pick", T), titles, key=_PREFIX + "title_pick", selection_mode="single",
            format_func=lambda t: f"{t} · {counts[t]:,}".replace(",", "\u202f"),
            on_change=_pick_title, label_visibility="collapsed",
        )  # fmt: skip
    return (typed or "").strip()


def _pick_title() -> None:
    """A picked suggestion becomes the title searched (a callback: before the box is drawn)."""
    state = st.session_state
    if picked := state.get(_PREFIX + "title_pick"):
        state[_PREFIX + "title"] = picked
    state[_PREFIX + "title_pick"] = None


def _net_switch() -> bool:
    """Gross (the analysts' default) or «на руки»: every pay figure of the pages follows it."""
    from app_pages._pay import TEXTS

    key = widget_key(_PREFIX + "net", False)
    if st.session_state.get(key) is None:  # deselected: back to gross
        st.session_state[key] = False
    labels = {False: tr("gross", TEXTS), True: tr("net", TEXTS)}
    chosen = st.segmented_control(
        tr("switch", TEXTS), (False, True), key=key, format_func=labels.__getitem__,
        selection_mode="single", help=tr("switch_help", TEXTS),
    )  # fmt: skip
    return bool(chosen)


def _night_labels() -> dict[bool | None, str]:
    return {None: tr("any"), True: tr("only_night"), False: tr("no_night")}


def _values(options: pd.DataFrame | None, name: str) -> list[str]:
    if options is None or options.empty:
        return []
    return options.loc[options["name"] == name, "value"].dropna().astype(str).tolist()


def _bounds(bounds: pd.DataFrame | None) -> tuple[date | None, date | None]:
    if bounds is None or bounds.empty or pd.isna(bounds.at[0, "first"]):
        return None, None
    return pd.Timestamp(bounds.at[0, "first"]).date(), pd.Timestamp(bounds.at[0, "last"]).date()


def _mirror(filters: Filters) -> None:
    """Make the URL say exactly these filters and the language (only when it differs)."""
    wanted = filters.to_query()
    if st.session_state.get("ui_lang", "ru") != "ru":
        wanted["lang"] = st.session_state["ui_lang"]
    current = {k: st.query_params.get(k) for k in st.query_params}
    # Keys the filters do not own belong to pages (e.g. segments' `dim`): keep them.
    wanted.update({k: v for k, v in current.items() if k not in _URL_KEYS})
    if current != wanted:
        st.query_params.from_dict(wanted)
