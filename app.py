"""PayScope dashboard: the Streamlit frame and router (pages live in app_pages/)."""

import streamlit as st

st.set_page_config(page_title="PayScope", page_icon="📊", layout="wide")

pages = [st.Page("app_pages/overview.py", title="Обзор", icon="📊", default=True)]
st.navigation(pages).run()
