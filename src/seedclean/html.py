"""Turn HTML into the one-block-per-line text the boilerplate stage reads.

Each block element (``p``, ``div``, ``li``, ``h1``-``h6``, ``td``, ...) becomes one
line; inline elements are glued as in the source; whitespace is collapsed;
paragraph-level blocks are followed by a blank line; ``script``, ``style`` and
similar non-text elements are dropped.  This is the dump format of the dev set
(``../shared/eval/BOILERPLATE_DEV.md``), so one classifier serves text and HTML.
The parser is selectolax's lexbor backend, imported on first use.

>>> print(html_to_text("<h1>Title</h1><ul><li>one</li><li>two <b>bold</b></li></ul><script>x()</script>"))
Title
<BLANKLINE>
one
two bold
<BLANKLINE>
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["html_to_text", "looks_like_html"]

_DOC_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(
    r"</?(p|div|span|a|br|li|ul|td|tr|table|h[1-6]|img|meta|link|script|section|article)\b[^>]*>",
    re.IGNORECASE)
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
                   "math", "select", "button"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "html", "menu", "legend", "label", "option",
})
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl",
                        "table", "figure"})
_MIN_TAGS = 3  # a text with fewer known tags is plain text that mentions HTML


def looks_like_html(text: str) -> bool:
    """Return True when ``text`` is an HTML document or fragment rather than plain text.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Use <b> for bold, 3 < 4.")
    False
    """
    head = text[:4096]
    if _DOC_START.match(head):
        return True
    tags = _TAG.findall(head)
    return len(tags) >= _MIN_TAGS and len(tags) * 40 >= min(len(head), 4096) / 8


class _Writer:
    """Collect inline text into lines; blocks flush the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self, blank: bool = False) -> None:
        line = " ".join("".join(self.buf).split())
        self.buf = []
        if line:
            self.lines.append(line)
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")


def _walk(root: Any, out: _Writer) -> None:
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            out.flush(blank=tag in _PARAGRAPH)
            continue
        if tag == "-text":
            out.buf.append(node.text(deep=False) or "")
            continue
        if tag in _SKIP or tag == "-comment":
            continue
        if tag == "br":
            out.flush()
            continue
        if tag in _BLOCK:
            out.flush()
            stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))


def html_to_text(html: str) -> str:
    """Return the text of ``html``, one block element per line.

    >>> html_to_text("<p>A &amp; B</p><p>C</p>")
    'A & B\\n\\nC\\n'
    """
    from selectolax.lexbor import LexborHTMLParser  # optional heavy import

    tree = LexborHTMLParser(html)
    root = tree.body if tree.body is not None else tree.root
    out = _Writer()
    if root is not None:
        _walk(root, out)
    out.flush()
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
    text = "\n".join(out.lines)
    return text + "\n" if text else ""
