"""Tests for seedclean.html: HTML detection and conversion to block lines."""

from __future__ import annotations

import pytest

from seedclean.boilerplate import strip_boilerplate
from seedclean.html import html_to_text, looks_like_html


@pytest.mark.parametrize("text", [
    "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>",
    "  <html lang='en'><body>text</body></html>",
    "<!-- saved page -->\n<html><body></body></html>",
    "<div><p>One</p><p>Two</p><a href='/x'>link</a></div>",
])
def test_html_detected(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize("text", [
    "Plain text about the <b> tag and why 3 < 4 holds.",
    "A page dump\nwith lines\nbut no markup at all.",
    "",
    "Use <p> for paragraphs in a long explanation of markup that mentions one tag only once.",
])
def test_plain_text_not_detected(text: str) -> None:
    assert not looks_like_html(text)


def test_blocks_one_per_line_with_blank_after_paragraphs() -> None:
    html = ("<html><body><nav><a href='/'>Home</a><a href='/n'>News</a></nav>"
            "<h1>Title here</h1><p>First <b>bold</b> and <i>italic</i> words.</p>"
            "<div>Div block</div><ul><li>one</li><li>two</li></ul><p>Last.</p></body></html>")
    assert html_to_text(html) == ("HomeNews\nTitle here\n\nFirst bold and italic words.\n\nDiv block\n"
                                  "one\ntwo\n\nLast.\n")


def test_script_style_and_head_dropped() -> None:
    html = ("<html><head><title>T</title><style>p{}</style></head><body><script>var x=1;</script>"
            "<p>Visible</p><noscript>enable js</noscript></body></html>")
    assert html_to_text(html) == "Visible\n"


def test_whitespace_collapsed_entities_decoded_and_br_splits() -> None:
    html = "<p>  A &amp;   B\n C &lt;tag&gt;<br>next line</p>"
    assert html_to_text(html) == "A & B C <tag>\nnext line\n"


def test_table_cells_are_lines() -> None:
    assert html_to_text("<table><tr><td>a</td><td>b</td></tr></table>") == "a\nb\n"


def test_empty_document() -> None:
    assert html_to_text("<html><body></body></html>") == ""


def test_html_then_boilerplate_keeps_article() -> None:
    paras = [
        "The museum reopened on Saturday after a two-year renovation that cost more than expected.",
        "Visitors queued for hours to see the restored ceiling paintings in the main hall.",
        "The director said that the new lighting shows colours that nobody had seen for a century.",
    ]
    html = ("<html><body><ul><li><a>Home</a></li><li><a>Arts</a></li><li><a>Sport</a></li></ul>"
            + "".join(f"<p>{p}</p>" for p in paras)
            + "<footer><p>© 2024 Example News. All rights reserved.</p></footer></body></html>")
    out = strip_boilerplate(html_to_text(html))
    assert all(p in out for p in paras)
    assert "Home" not in out and "©" not in out
