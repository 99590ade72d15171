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

__all__ = ["find_template_lines"]


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
    keep = {
        line for line, n in pages.items()
        if n >= min_count and any(c.isalpha() for c in line)  # numbers and rules are data, not template
        and (len(line.split()) <= cfg.template_max_words or 2 * at_edge[line] > n)
    }
    return frozenset(keep)
