"""The offer benchmark as exported: a two-column CSV and a self-contained HTML page (pure)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd


@dataclass(frozen=True)
class Report:
    """A benchmark as shown, every text already in the UI language (for CSV and HTML)."""

    title: str
    rows: tuple[tuple[str, str], ...]  # (label, value): inputs, conversion, market, model …
    effects: tuple[tuple[str, str], ...] = ()  # (input change, P50 change)
    effects_heading: str = "Effects"
    notes: tuple[str, ...] = field(default_factory=tuple)  # footnotes (data kind, date, basis)
    link: tuple[str, str] | None = None  # (label, URL): the dashboard's answer, to open it again


def report_frame(report: Report) -> pd.DataFrame:
    """The report as a two-column table (item, value), effects after the rows, for CSV."""
    rows = [*report.rows, *((f"{report.effects_heading}: {k}", v) for k, v in report.effects)]
    if link := _safe_link(report):
        rows.append(link)
    return pd.DataFrame(rows, columns=["item", "value"])


_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:46rem;"
    "margin:2rem auto;padding:0 1rem;color:#222;line-height:1.4}"
    "h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}"
    "th{width:40%;font-weight:600;color:#444}td.num{text-align:right;white-space:nowrap}"
    "p.note{color:#666;font-size:.85rem}"
)


def _safe_link(report: Report) -> tuple[str, str] | None:
    """The report's link when it is an absolute http(s) URL (never javascript:, data:, …)."""
    if report.link is None:
        return None
    parts = urlsplit(report.link[1])
    return report.link if parts.scheme in ("http", "https") and parts.netloc else None


def summary_html(report: Report, lang: str = "ru") -> str:
    """A self-contained HTML page of the report: inline CSS, no scripts, every text escaped."""
    esc = html.escape
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in report.rows)
    parts = [
        "<!doctype html>",
        f'<html lang="{esc(lang)}"><head><meta charset="utf-8">',
        f"<title>{esc(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(report.title)}</h1>",
        f"<table>{rows}</table>",
    ]
    if report.effects:
        effects = "".join(
            f'<tr><th>{esc(k)}</th><td class="num">{esc(v)}</td></tr>' for k, v in report.effects
        )
        parts.append(f"<h2>{esc(report.effects_heading)}</h2><table>{effects}</table>")
    if link := _safe_link(report):  # the way back to the live answer in the dashboard
        label, url = link
        parts.append(f'<p><a href="{esc(url)}" rel="noopener noreferrer">{esc(label)}</a>: '
                     f"{esc(url)}</p>")  # fmt: skip
    parts += [f'<p class="note">{esc(note)}</p>' for note in report.notes]
    parts.append("</body></html>")
    return "\n".join(parts)
