"""Every text a rendered AppTest page shows, and the checks that Russian UI reads as Russian.

Texts come from each element's protobuf (labels, bodies, values, options, help), from Plotly
figures (titles, axis titles, tick text, legend names, hover templates and texts, annotations)
and from dataframes (headers as configured, and the string cells of columns that hold codes
or labels rather than vacancy text). Used by tests/test_app_russian.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pandas as pd
from google.protobuf.json_format import MessageToDict

# Proto fields that are not shown as text (ids, icons, formats, bytes, links, layout).
_SKIP_FIELDS = {
    "id", "formId", "icon", "data", "arrowData", "url", "type", "width", "height", "format",
    "useContainerWidth", "theme", "columns", "spec", "config", "selectionMode", "key",
    "disabled", "dataframeSchema", "editingMode", "default", "value", "rawValues", "step",
    "min", "max", "min_value", "max_value", "setValue", "isStale", "deltaPathsOfBlock",
    "placeholder_icon", "color", "labelVisibility", "widthConfig", "heightConfig",
    "textAlignmentConfig", "fileName", "mime", "ignoreRerun", "deferredFileId", "stepMarker",
    "styleType", "dtype", "numberFormat", "initialValue", "currentValue", "queryParamKey",
    "flexContainer", "gapConfig", "elementType", "verticalAlignment", "columnOrder", "dataType",
    "rawValue", "align", "direction",
}  # fmt: skip
_PLOTLY_TEXT_KEYS = ("name", "hovertemplate", "hovertext", "text", "ticktext", "texttemplate")

# Latin words that belong in Russian UI: statistics, formats, brand and data-source names.
ALLOWED = {
    "n", "p10", "p25", "p50", "p75", "p90", "csv", "html", "payscope", "url", "hh",
    "superjob", "trudvsem", "telegram", "jobposting", "zarplata", "e-commerce", "horeca", "hr",
    "it", "qa", "ru", "en", "json", "parquet", "duckdb", "api", "id", "utc", "msk", "markdown",
}  # fmt: skip
# ISO currency codes are how amounts in other currencies are written in Russian too; roubles
# are «₽» (RUR is hh.ru's old code, named as such in the pay rules).
ALLOWED |= {
    "rur", "usd", "eur", "byn", "byr", "kzt", "uzs", "uah", "cny", "amd", "azn", "gel",
    "kgs", "tjs", "try", "gbp", "chf", "jpy",
}  # fmt: skip
_LATIN_WORD = re.compile(r"(?<![\w/.-])[A-Za-z][A-Za-z-]*[A-Za-z](?![\w])")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
_CODE_SPAN = re.compile(r"`[^`]*`")
_LINK = re.compile(r"https?://\S+|\(https?://[^)]*\)|\S+@\S+|(?:/[\w.-]+){2,}\S*")
_HTML_TAG = re.compile(r"</?[a-z]+[^>]*>")
_PLOTLY_FORMAT = re.compile(r"%\{[^}]*\}|<extra>.*?</extra>")


def _strings(value: object, skip: set[str] = _SKIP_FIELDS) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)


def _plotly_texts(spec: str, data: bool = True) -> Iterator[str]:
    figure = json.loads(spec)
    figure = figure.get("data") and figure or figure.get("figure", figure)
    for trace in figure.get("data", []):
        for key in _PLOTLY_TEXT_KEYS if data else ("name",):
            yield from _strings(trace.get(key))
        yield from _date_ticks(trace, figure.get("layout", {}))
    layout = figure.get("layout", {})
    for axis in layout.values():
        if isinstance(axis, dict) and ("title" in axis or "ticktext" in axis):
            yield from _strings(axis.get("title"))
            yield from _strings(axis.get("ticktext"))
    yield from _strings(layout.get("title"))
    for note in layout.get("annotations", []):
        yield from _strings(note.get("text"))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _date_ticks(trace: dict, layout: dict) -> Iterator[str]:
    """Plotly writes its own date ticks in English («Aug 9»): a date axis needs tick text."""
    x = trace.get("x")
    values = x if isinstance(x, list) else []
    if not values or not isinstance(values[0], str) or not _ISO_DATE.match(values[0]):
        return
    axis = layout.get("xaxis" + (trace.get("xaxis") or "x")[1:], {})
    if "ticktext" not in axis and "%" not in str(axis.get("tickformat", "")):
        yield "Plotly English date ticks (no ticktext)"


def _dataframe_texts(node, data: bool) -> Iterator[str]:
    frame: pd.DataFrame = node.value
    configured = json.loads(node.proto.columns or "{}") if node.proto.columns else {}
    shown = list(node.proto.column_order) or [str(c) for c in frame.columns]
    for column in frame.columns:
        if str(column) not in shown or (configured.get(str(column)) or {}).get("hidden"):
            continue
        label = (configured.get(str(column)) or {}).get("label")
        yield str(label if label is not None else column)
        cells = frame[column]
        if cells.isna().any() and cells.dtype != object:
            yield "None"  # the grid's word for a missing number, whatever the language
        if data and cells.dtype == object:
            words = cells[cells.map(lambda v: isinstance(v, str))]  # not lists (sparklines)
            if words.nunique() <= 30:  # labels, not vacancy text
                yield from words.unique()


def page_texts(at, data: bool = True) -> list[str]:
    """Every text the page shows, sidebar included; `data=False` leaves out what comes from
    the vacancies themselves (dataframe cells, widget options, chart category names)."""
    texts: list[str] = []
    skip = _SKIP_FIELDS if data else _SKIP_FIELDS | {"options", "y", "x"}
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", "")
        if kind == "dataframe":
            texts.extend(_dataframe_texts(node, data))
        elif kind == "table":  # st.table: text the app wrote, every cell is shown
            frame = node.value
            texts.extend(str(v) for v in (*frame.columns, *frame.index, *frame.to_numpy().ravel(),
                                          frame.index.name) if isinstance(v, str))
        raw = MessageToDict(proto, preserving_proto_field_name=False)
        texts.extend(_strings(raw, skip))
        if kind == "plotly_chart" or "spec" in raw:
            texts.extend(_plotly_texts(raw.get("spec") or proto.spec, data))
    return [t for t in texts if t and t.strip()]


def _cleaned(text: str) -> str:
    for pattern in (_CODE_SPAN, _LINK, _HTML_TAG, _PLOTLY_FORMAT):
        text = pattern.sub(" ", text)
    return text


def foreign_words(text: str) -> list[str]:
    """Latin words in a Russian text outside ALLOWED (code spans, links and tags left out)."""
    cleaned = _cleaned(text)
    return [w for w in _LATIN_WORD.findall(cleaned) if w.lower() not in ALLOWED]


def raw_codes(text: str) -> list[str]:
    """snake_case identifiers shown as text (code spans and links left out)."""
    return _SNAKE.findall(_cleaned(text))
