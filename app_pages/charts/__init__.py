"""Pure chart builders: DataFrames and texts in, Plotly figures out (no Streamlit)."""
