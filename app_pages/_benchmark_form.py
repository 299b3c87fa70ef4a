"""The Offer benchmark page's form and labels (app_pages/benchmark.py): the offer's inputs kept
in the session, and constraints and model effects in words. `T`: the page's texts."""

from __future__ import annotations

import re
from dataclasses import asdict, replace

import streamlit as st

from app_pages._format import rub
from app_pages._i18n import tr, value_label, widget_key
from pipelines.analytics import offer as bm
from pipelines.analytics import offer_link
from pipelines.core import config
from pipelines.normalise.payroll import SHIFT_PATTERNS

EXPERIENCE = (None, "noExperience", "between1And3", "between3And6", "moreThan6")
DEFAULT = bm.Offer(45_000.0, title="Оператор чата", night_shifts=True, english="b2")


def offer_form(options, T: dict) -> None:
    """The offer's inputs; a submit stores the Offer in the session, which also refills the
    widgets when the user comes back from another page (widgets forget their own state)."""
    values = lambda name: options.loc[options["name"] == name, "value"].tolist()  # noqa: E731
    lists = {
        "gross": [False, True], "period": list(bm.OFFER_PERIODS),
        "english": list(bm.ENGLISH_LEVELS), "shift_pattern": sorted(SHIFT_PATTERNS),
        "experience": list(EXPERIENCE), "role_family": values("role_family") or ["chat_support"],
        "sector": [None, *values("sector")], "schedule": [None, *values("schedule")],
        "work_format": ["remote", "hybrid", "on_site"], "region": [None, *values("region")],
    }  # fmt: skip
    default = asdict(DEFAULT)
    keys = {}  # one widget per language: Streamlit keeps choices as their (translated) labels
    for name, value in asdict(st.session_state.get("benchmark_offer", DEFAULT)).items():
        if name in lists and value not in lists[name]:  # e.g. another warehouse since
            value = default[name] if default[name] in lists[name] else None
        keys[name] = widget_key(f"bm_{name}", value)
    # Labels are looked up once per run, in the language of this run.
    names = {key: {v: value_label(key, v) for v in lists[key]}  # None: «не указано»
             for key in ("role_family", "sector", "schedule", "work_format", "region",
                         "experience")}  # fmt: skip
    names["gross"] = {g: tr("gross" if g else "net", T) for g in lists["gross"]}
    names["period"] = {p: tr(p, T) for p in lists["period"]}
    names["english"] = {e: tr("none", T) if e == "none" else e.upper() for e in lists["english"]}
    names["shift_pattern"] = {p: tr("weekend", T) if p == "weekend" else p
                              for p in lists["shift_pattern"]}

    def pick(column, key: str, text: str) -> None:
        # A None value shows the placeholder, not the option's label: make them the same.
        column.selectbox(text, lists[key], key=keys[key], format_func=names[key].__getitem__,
                         placeholder=names[key].get(None, ""))  # fmt: skip

    # No st.form: the shift fields appear as soon as the period or schedule makes them apply.
    state = st.session_state
    amount_key = widget_key("bm_amount", amount_text(state.get("benchmark_offer", DEFAULT).amount))
    if isinstance(state.get(amount_key), int | float):  # a session from before the text field
        state[amount_key] = amount_text(state[amount_key])
    hours_key = keys["hours_per_shift"]
    if isinstance(state.get(hours_key), float):  # whole hours: «12», not «12.00»
        state[hours_key] = int(round(state[hours_key]))
    # Row by row, in reading order: on a phone Streamlit stacks each row's columns one under
    # another, so the amount is followed by «на руки / до НДФЛ» and the period, not by the
    # first column's other fields (issue 18: the basis landed three fields below the amount).
    a, b, c, d = st.columns(4)
    a.text_input(tr("amount", T), key=amount_key, max_chars=20, help=tr("amount_help", T))
    b.radio(tr("basis", T), lists["gross"], key=keys["gross"], horizontal=True,
            format_func=names["gross"].__getitem__)  # fmt: skip
    pick(c, "period", tr("period", T))
    period, schedule = state.get(keys["period"]), state.get(keys["schedule"])
    if period in ("shift", "hour") or schedule == "shift":
        pick(d, "shift_pattern", tr("pattern", T))
    if period == "hour":
        d.number_input(tr("hours", T), min_value=1, max_value=24, step=1, format="%d",
                       key=hours_key)  # fmt: skip
    a, b, c = st.columns(3)
    a.text_input(tr("job_title", T), key=keys["title"], max_chars=200)
    pick(b, "role_family", tr("role_family"))
    pick(c, "work_format", tr("work_format"))
    a, b, c = st.columns(3)
    for column, key in ((a, "sector"), (b, "schedule"), (c, "region")):
        pick(column, key, tr(key))
    a, b, c = st.columns(3)
    pick(a, "english", tr("english", T))
    pick(b, "experience", tr("experience"))
    c.checkbox(tr("night"), key=keys["night_shifts"])
    st.button(tr("submit", T), type="primary", on_click=_submit,
              args=(keys, amount_key, default))  # fmt: skip
    if state.get("benchmark_amount_error"):
        st.error(tr("amount_error", T, text=state["benchmark_amount_error"]))


def _submit(keys: dict, amount_key: str, default: dict) -> None:
    """Store the offer the widgets describe (a callback: it may rewrite the amount's text)."""
    state = st.session_state
    text = state.get(amount_key) or ""
    amount = parse_amount(text)
    state["benchmark_amount_error"] = None if amount else str(text)
    if amount is None:
        return
    state[amount_key] = amount_text(amount)
    fields = {name: state.get(keys[name], default[name]) for name in default}
    fields["amount"] = amount
    if fields["hours_per_shift"] is not None:
        fields["hours_per_shift"] = float(fields["hours_per_shift"])
    state["benchmark_offer"] = bm.Offer(**fields)


def amount_text(amount: float) -> str:
    """45000.0 → '45 000' (no decimals: offers are whole roubles)."""
    return f"{round(amount):,}".replace(",", "\u00a0")


def parse_amount(text: str) -> float | None:
    """'45 000', '45000', '45 000,50 ₽', '45k' → the amount; None when it is not a positive
    number."""
    cleaned = re.sub(r"[\s\u00a0\u202f₽]|руб\.?", "", str(text).lower()).replace(",", ".")
    factor = 1000.0 if cleaned.endswith(("k", "к", "т")) else 1.0
    cleaned = cleaned.rstrip("kкт")
    try:
        value = float(cleaned) * factor
    except ValueError:
        return None
    return value if value > 0 and value == value and value < 1e9 else None


def offer_from_url(options) -> None:
    """A shared link's offer becomes the session's (a new session only: later, the form rules).
    Values this warehouse does not have fall back as the form's would (an unknown role family
    to the default or the commonest one): the answer must be the one the form then shows."""
    if "benchmark_offer" in st.session_state:
        return
    offer = offer_link.from_query(st.query_params)
    if offer is None:
        return
    values = lambda name: [] if options is None else (  # noqa: E731
        options.loc[options["name"] == name, "value"].tolist())
    changes = {name: None for name in ("sector", "schedule", "region")
               if getattr(offer, name) is not None and getattr(offer, name) not in values(name)}
    families = values("role_family")  # commonest first
    if families and offer.role_family not in families:
        changes["role_family"] = DEFAULT.role_family if DEFAULT.role_family in families \
            else families[0]
    st.session_state["benchmark_offer"] = replace(offer, **changes)


def offer_to_url(offer: bm.Offer) -> None:
    """Make the URL carry this offer beside the filters (only when it differs): reloading it or
    sending it shows the same answer."""
    current = {k: st.query_params.get(k) for k in st.query_params}
    wanted = {k: v for k, v in current.items() if k not in offer_link.KEYS}
    wanted.update(offer_link.to_query(offer))
    if current != wanted:
        st.query_params.from_dict(wanted)


def page_address() -> str | None:
    """The benchmark page's address to share: PAYSCOPE_PUBLIC_URL (behind a proxy) + the page's
    path, else the address the browser used."""
    if public := config.public_url():
        return public.rstrip("/") + "/benchmark"
    try:
        return st.context.url or None
    except AttributeError:  # an older Streamlit, or no browser (tests)
        return None


def share_link(T: dict) -> str | None:
    """Show the link to this answer with a copy button (st.code's); return it for the exports."""
    url = offer_link.share_url(page_address(), {k: st.query_params.get(k) for k in st.query_params})
    if url:
        st.markdown(f"**{tr('share', T)}**")
        st.code(url, language=None, wrap_lines=True)
        st.caption(tr("share_hint", T))
    return url


def constraint(name: str, offer: bm.Offer, T: dict) -> str:
    if name == "night_shifts":
        return value_label("night_shifts", "night" if offer.night_shifts else "no_night")
    if name == "english":
        return tr("english_yes" if offer.english != "none" else "english_no", T)
    return f"{tr(name)}: {value_label(name, getattr(offer, name))}"


def effect_label(name: str, reference, row: dict, offer: bm.Offer, T: dict) -> str:
    if name in ("english_level", "night_shifts"):
        return tr("eff_english" if name == "english_level" else "eff_night", T,
                  level=offer.english.upper())  # fmt: skip
    return tr("eff_other", T, dimension=tr(name), value=value_label(name, row[name]),
              reference=value_label(name, reference))  # fmt: skip


def signed(delta: float) -> str:
    return ("+" if delta >= 0 else "−") + rub(abs(delta))
