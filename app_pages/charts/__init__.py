"""Pure chart builders: DataFrames and texts in, Plotly figures out (no Streamlit)."""

# The legend under the chart, left-aligned, in the figure's bottom margin: at the top it sat
# under Plotly's toolbar, which covers it at phone width (issue 18). `yref: container` keeps it
# clear of the x axis title whatever the plot's height; the margin leaves room for two lines.
LEGEND_BELOW = {
    "orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom",
    "yref": "container", "traceorder": "normal",
}  # fmt: skip
LEGEND_MARGIN = 80  # px below the x axis (its ticks and title) for the legend
