"""Plain text from vacancy HTML (descriptions, snippets): pure, no I/O."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_BLOCK_TAGS = {"div", "br", "li", "ul", "ol", "tr", "table"}
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_TAGS = {"script", "style"}
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")
_TAG = re.compile(r"<[^>]*>")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS or tag in _PARAGRAPH_TAGS:
            self.parts.append("\n")
        if tag in ("td", "th"):
            self.parts.append(" ")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _PARAGRAPH_TAGS:
            self.parts.append("\n\n")
        elif tag in _BLOCK_TAGS and tag not in ("br", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str | None) -> str | None:
    """Readable plain text: block tags become line breaks, scripts and styles are dropped."""
    if not html:
        return None
    if "<" not in html and "&" not in html:
        return html.strip() or None
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = _SPACES.sub(" ", "".join(collector.parts))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip() or None


def strip_tags(fragment: str | None) -> str | None:
    """A short fragment (e.g. an hh.ru snippet with <highlighttext>) as one line without tags."""
    if not fragment:
        return None
    if "<" in fragment or "&" in fragment:
        fragment = unescape(_TAG.sub("", fragment))
    # str.split() collapses every kind of whitespace (incl. NBSP) and is far cheaper than a regex.
    return " ".join(fragment.split()) or None
