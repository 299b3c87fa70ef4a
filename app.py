"""PayScope dashboard: the Streamlit frame, the shared sidebar and the router (pages live in
app_pages/, one module each)."""

import streamlit as st

from app_pages import _auth, _data
from app_pages._filters import sidebar
from app_pages._i18n import LANGUAGES, lang, tr
from pipelines.core import config
from pipelines.warehouse.data_kind import features_behind

st.set_page_config(page_title="PayScope", page_icon="📊", layout="wide")
_auth.gate()  # PAYSCOPE_AUTH=oidc: no sidebar, page or query before the visitor has logged in

MIXED = (
    "Склад смешивает демо-данные и реальные (он сделан старой версией PayScope): цифры ниже "
    "неверны. Загрузите свои файлы ещё раз (`payscope ingest ПАПКА`) — демо будет удалено.",
    "This warehouse mixes demo and real data (made by an older PayScope): the figures below are "
    "wrong. Ingest your files again (`payscope ingest FOLDER`) and the demo is removed.",
)
PAGES = (
    # Material Symbols come with Streamlit's own font; emoji depend on the system's fonts and
    # show as empty boxes where there are none (headless Chromium on a server, for one).
    ("trends", ":material/show_chart:", True),
    ("segments", ":material/bar_chart:", False),
    ("profession", ":material/badge:", False),
    ("benchmark", ":material/target:", False),
    ("vacancies", ":material/list_alt:", False),
    ("data", ":material/database:", False),
    ("model", ":material/model_training:", False),
)

try:
    st.session_state["filters"] = sidebar()  # first: it also sets the language from the URL
    overview = _data.load("overview")
    if overview is not None and not overview.empty and overview.at[0, "synthetic"] > 0:
        st.warning(tr("synthetic"), icon=":material/warning:")
        if overview.at[0, "synthetic"] < overview.at[0, "vacancies"]:  # an older PayScope's mix
            st.error(MIXED[LANGUAGES.index(lang())], icon=":material/error:")
    if overview is not None and not overview.empty and overview.at[0, "vacancies"] > 0:
        behind = _data.load(features_behind)  # ingest builds them; an older load may not have
        if behind:
            where = "" if config.parquet_dir() else f"; `--db {_data.warehouse_path()}`"
            st.warning(f"{tr('no_features')} (n = {behind}{where})", icon=":material/build:")
    pages = [
        st.Page(f"app_pages/{name}.py", title=tr(f"pages.{name}"), icon=icon, default=default,
                url_path=name)
        for name, icon, default in PAGES
    ]  # fmt: skip
    st.navigation(pages).run()
finally:
    _data.close_run_connection()  # never hold the warehouse between runs
