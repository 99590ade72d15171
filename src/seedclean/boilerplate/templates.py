"""Find site-template lines: blocks that recur across many pages of one corpus.

A line is template when it appears on at least ``min_count`` pages and looks like
template: short (at most ``template_max_words`` words), or, if longer, found in
the top or bottom edge of the page on most of those pages.  A sentence quoted in
the middle of several articles is neither, so it stays; lines without letters
(numbers, rules, table cells) are never template.  Run it per site: across many
sites, generic short lines ("About us") recur too.

>>> menu = "Home\\nWorld\\nSport\\n"
>>> pages = [menu + f"Story {i} is about the harbour, the boats and the long winter.\\n" for i in range(3)]
>>> sorted(find_template_lines(pages))
['home', 'sport', 'world']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from seedclean.config import BoilerplateConfig
from seedclean.errors import ConfigError

__all__ = ["find_template_lines", "is_template", "site_of"]


def site_of(url: object) -> str:
    """Return the site a page belongs to: its URL's host without ``www.`` ("" without a URL).

    Template lines are found per site; pages without a URL form one site.

    >>> site_of("https://www.example.org/news/1"), site_of(None)
    ('example.org', '')
    """
    if not isinstance(url, str):
        return ""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL ("http://[::1") names no site
        return ""
    return host.removeprefix("www.")


def is_template(line: str, pages: int, at_edge: int, config: BoilerplateConfig, min_count: int) -> bool:
    """Return True when a normalised line on ``pages`` pages (``at_edge`` of them at an edge) is template.

    The one rule every template finder applies: on at least ``min_count`` pages,
    has a letter (numbers and rules are data), and is short or mostly at the
    top or bottom edge of its pages.
    """
    return (pages >= min_count and any(c.isalpha() for c in line)
            and (len(line.split()) <= config.template_max_words or 2 * at_edge > pages))


def _page_lines(text: str, edge_share: float) -> dict[str, bool]:
    """Return each distinct normalised line of a page and whether it sits at an edge."""
    lines = [" ".join(t.split()).casefold() for t in text.split("\n")]
    lines = [t for t in lines if t]
    n = len(lines)
    edge = max(1, int(n * edge_share))
    out: dict[str, bool] = {}
    for i, t in enumerate(lines):
        out[t] = out.get(t, False) or i < edge or i >= n - edge
    return out


def find_template_lines(texts: Iterable[str], *, min_count: int = 3,
                        config: BoilerplateConfig | None = None) -> frozenset[str]:
    """Return normalised lines that recur as template on at least ``min_count`` pages.

    A line counts once per page.  Pass the result to
    :func:`seedclean.boilerplate.strip_boilerplate_and_explain` as ``template_lines``.

    >>> quote = "“We will rebuild the bridge before the winter comes,” the mayor said at the meeting."
    >>> pages = [f"Intro {i}.\\nBody text {i}.\\n{quote}\\nMore body {i}.\\nEnd {i}." for i in range(2)]
    >>> find_template_lines(pages, min_count=2)
    frozenset()

    Raises:
        ConfigError: if ``min_count`` is below 2.
    """
    cfg = config or BoilerplateConfig()
    if min_count < 2:
        msg = f"find_template_lines: min_count must be >= 2, got {min_count}"
        raise ConfigError(msg)
    pages: Counter[str] = Counter()
    at_edge: Counter[str] = Counter()
    for text in texts:
        for line, edge in _page_lines(text, cfg.template_edge_share).items():
            pages[line] += 1
            at_edge[line] += edge
    return frozenset(line for line, n in pages.items() if is_template(line, n, at_edge[line], cfg, min_count))
