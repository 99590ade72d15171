"""Parse a short text as a full calendar date, fast, in any language dateparser knows.

``dateparser`` guesses the language of its input by trying some 200 locales,
which costs ~50 ms a call.  Here numeric dates (``2025-11-27``, ``27.11.2025``)
are read by a regular expression, and a text with a month name is handed to
dateparser with only the languages whose month names it contains (found in
dateparser's own locale data, loaded once), which costs ~1 ms.  A text with
neither is not a full date.

>>> parse_full_date("1 декабря 2022"), parse_full_date("2025-11-27"), parse_full_date("Views: 89")
('2022-12-01', '2025-11-27', None)
>>> parse_full_date("30 November 2025 10:10"), parse_full_date("20.06.2023"), parse_full_date("12/31/2020")
('2025-11-30', '2023-06-20', '2020-12-31')
"""

from __future__ import annotations

import functools
import re
import warnings
from datetime import date, datetime
from typing import Any

__all__ = ["month_languages", "parse_full_date"]

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
# What may surround a numeric date in a date-only text: separators, a time, a weekday-less label.
_NOISE = re.compile(r"[\s,.;:|/()\[\]\u2013\u2014-]*")
_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY",
             "PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": datetime(2000, 1, 1)}
MAX_LANGUAGES = 4  # languages tried for one text; a month name is rarely shared by more


def _valid(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _numeric(text: str) -> str | None:
    rest = _TIME.sub(" ", text)
    for pattern, orders in ((_ISO, ((1, 2, 3),)), (_DMY, ((3, 2, 1), (3, 1, 2)))):
        m = pattern.search(rest)
        if m and _NOISE.fullmatch(rest[: m.start()] + rest[m.end() :]):
            # day first; month first only when that is the sole valid reading (12/31/2020)
            for order in orders:
                found = _valid(*(m.group(i) for i in order))
                if found is not None:
                    return found
            return None
    return None


@functools.cache
def _month_index() -> dict[str, tuple[str, ...]]:
    """Map each casefolded month name or abbreviation to the languages that use it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from dateparser.languages.loader import default_loader

        locales = list(default_loader.get_locales(use_given_order=False))
    index: dict[str, set[str]] = {}
    months = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
    for loc in locales:
        lang = loc.shortname.split("-")[0]
        for key in months:
            for name in loc.info.get(key, []):
                for word in _WORD.findall(str(name).casefold()):
                    if len(word) >= 3 or not word.isascii():
                        index.setdefault(word, set()).add(lang)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def month_languages(text: str) -> tuple[str, ...]:
    """Return the languages whose month names occur in ``text`` (sorted, deduplicated).

    >>> month_languages("1 декабря 2022")
    ('ru',)
    """
    index = _month_index()
    langs: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        langs.update(index.get(word, ()))
    return tuple(sorted(langs))


@functools.cache
def _dateparser() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser

    return dateparser


@functools.lru_cache(maxsize=1 << 14)  # pure (fixed settings): dates recur across a site's pages
def parse_full_date(text: str) -> str | None:
    """Return ``text`` as an ISO date when it states day, month and year; else ``None``.

    Numeric dates are read day-first (``01.02.2024`` is 1 February), as in most of
    the world; ISO dates are read as ISO.
    """
    found = _numeric(text)
    if found is not None:
        return found
    langs = month_languages(text)
    if not langs:
        return None
    if "en" in langs:  # English first: the month names most often borrowed
        langs = ("en", *(x for x in langs if x != "en"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = _dateparser().parse(text, languages=list(langs[:MAX_LANGUAGES]), settings=_SETTINGS)
    if not isinstance(parsed, date):
        return None
    return parsed.date().isoformat() if isinstance(parsed, datetime) else parsed.isoformat()
