"""Small charts as inline SVG for self-contained documents (the market brief): pure functions
from numbers to SVG text, every label escaped, no scripts, fonts or external files."""

from __future__ import annotations

from html import escape

_BAR, _GAP, _LABEL, _WIDTH = 18, 6, 230, 640
_FONT = 'font-family="sans-serif" font-size="12"'


def bars(rows: list[tuple[str, float, str]], colour: str = "#4c78a8") -> str:
    """Horizontal bars: (label, value ≥ 0, note printed after the bar) per row, scaled to the
    largest value. Empty string for no rows."""
    if not rows:
        return ""
    top = max((value for _, value, _ in rows), default=0) or 1
    span = _WIDTH - _LABEL - 150
    height = len(rows) * (_BAR + _GAP) + _GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
             f'viewBox="0 0 {_WIDTH} {height}" role="img">']  # fmt: skip
    for i, (text, value, note) in enumerate(rows):
        y = _GAP + i * (_BAR + _GAP)
        width = max(1.0, span * max(value, 0) / top)
        parts.append(
            f'<text x="{_LABEL - 6}" y="{y + 13}" text-anchor="end" {_FONT}>{escape(text)}</text>'
            f'<rect x="{_LABEL}" y="{y}" width="{width:.1f}" height="{_BAR}" fill="{colour}"/>'
            f'<text x="{_LABEL + width + 6:.1f}" y="{y + 13}" {_FONT}>{escape(note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def ranges(rows: list[tuple[str, float, float, float, str]], colour: str = "#4c78a8") -> str:
    """P25–P75 bands with a median tick: (label, p25, p50, p75, note) per row, on a common
    scale from 0 to the largest P75. Rows without numbers are drawn as their label alone."""
    known = [r for r in rows if None not in r[1:4]]
    if not rows:
        return ""
    top = max((r[3] for r in known), default=0) or 1
    span = _WIDTH - _LABEL - 150
    height = len(rows) * (_BAR + _GAP) + _GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
             f'viewBox="0 0 {_WIDTH} {height}" role="img">']  # fmt: skip
    for i, (text, p25, p50, p75, note) in enumerate(rows):
        y = _GAP + i * (_BAR + _GAP)
        parts.append(f'<text x="{_LABEL - 6}" y="{y + 13}" text-anchor="end" {_FONT}>'
                     f'{escape(text)}</text>')  # fmt: skip
        end = _LABEL
        if None not in (p25, p50, p75):
            x25, x50, x75 = (_LABEL + span * v / top for v in (p25, p50, p75))
            parts.append(
                f'<rect x="{x25:.1f}" y="{y + 3}" width="{max(1.0, x75 - x25):.1f}" '
                f'height="{_BAR - 6}" fill="{colour}" opacity="0.6"/>'
                f'<rect x="{x50 - 1:.1f}" y="{y}" width="2" height="{_BAR}" fill="#222"/>'
            )
            end = x75
        parts.append(f'<text x="{end + 6:.1f}" y="{y + 13}" {_FONT}>{escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)
