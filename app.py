"""PayScope dashboard: the Streamlit frame, the shared sidebar and the router (pages live in
app_pages/, one module each)."""

import streamlit as st

from app_pages import _data
from app_pages._filters import sidebar
from app_pages._i18n import tr

st.set_page_config(page_title="PayScope", page_icon="📊", layout="wide")

PAGES = (
    # Material Symbols come with Streamlit's own font; emoji depend on the system's fonts and
    # show as empty boxes where there are none (headless Chromium on a server, for one).
    ("trends", ":material/show_chart:", True),
    ("segments", ":material/bar_chart:", False),
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
    pages = [
        st.Page(f"app_pages/{name}.py", title=tr(f"pages.{name}"), icon=icon, default=default,
                url_path=name)
        for name, icon, default in PAGES
    ]  # fmt: skip
    st.navigation(pages).run()
finally:
    _data.close_run_connection()  # never hold the warehouse between runs
