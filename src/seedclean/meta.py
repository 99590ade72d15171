"""Move metadata (publication date, byline, photo credit) from the text into ``meta``.

Only text that is clearly metadata is removed: a leading ``date YYYY-MM-DD`` field,
a line that is nothing but a date, a ``By X`` line, a ``Photo: X`` line.  A date
inside a sentence stays in the text but may still fill ``meta["date"]``.  Dates in
any language are parsed by ``dateparser`` (imported on first use) and stored as
ISO 8601 ``YYYY-MM-DD``.  The first value found for each key wins.

Reasons: ``"date field"``, ``"date line"``, ``"byline"``, ``"photo credit"``.

>>> r = extract_meta(" date 2025-11-27 The summit opened on Thursday.\\n")
>>> r.text, dict(r.meta)
('The summit opened on Thursday.\\n', {'date': '2025-11-27'})
"""
# ruff: noqa: RUF001  (quotes, full-width punctuation and Cyrillic in patterns/examples are meant)

from __future__ import annotations

import functools
import re
import warnings
from datetime import date, datetime
from typing import Any

from seedclean.config import MetaConfig
from seedclean.document import Edit, StageResult, apply_edits

__all__ = ["extract_meta", "parse_date"]

STAGE = "meta"
_FIELD = re.compile(r"\A\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*")
_LABEL = re.compile(r"^(date|published|posted|updated|опубликовано|дата|обновлено|datum|"
                    r"veröffentlicht|publié le|publicado|pubblicato)\s*:?\s*", re.IGNORECASE)
# A date-looking line holds a year (1900-2099) or a numeric day.month.year.
_YEARISH = re.compile(r"\b(19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\d{4}年")
_NOT_DATE = re.compile(r"[©@+]|https?:|www\.")
_ALPHA = re.compile(r"[^\W\d_]{2,}")
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|przez|автор|авторы|author|authors|written by|"
                     r"text|texto|texte)\s*:?\s+(?P<who>\w[\w.'’\- ,&]*?)\s*$", re.IGNORECASE)
_CREDIT = re.compile(r"^(?:photo|photos|foto|fotos|фото|photograph|image|picture|credit|bild|"
                     r"photo credit|источник фото|изображение)\s*(?:by|:|\||©)\s*(?P<who>\S.*?)\s*$",
                     re.IGNORECASE)
_LINE_END_DATE = re.compile(
    r"\S[ \t]+(\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})[ \t]*$", re.MULTILINE)
_IN_TEXT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+(19|20)\d{2}\b|"
    r"\b[^\W\d_]{3,12}\.?\s+\d{1,2},\s+(19|20)\d{2}\b")


@functools.cache
def _dateparser() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser  # heavy, loaded on first use

    return dateparser


def parse_date(text: str) -> str | None:
    """Return ``text`` as an ISO date if it is a full date (day, month, year), else ``None``.

    >>> parse_date("1 декабря 2022"), parse_date("30 November 2025 10:10"), parse_date("Views: 89")
    ('2022-12-01', '2025-11-30', None)
    """
    if not _YEARISH.search(text) or _NOT_DATE.search(text) or len(_ALPHA.findall(text)) > 3:
        return None
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY",
                "PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": datetime(2000, 1, 1)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = _dateparser().parse(text, settings=settings)
    if not isinstance(found, date):
        return None
    return found.date().isoformat() if isinstance(found, datetime) else found.isoformat()


def _classify_line(line: str, cfg: MetaConfig) -> tuple[str, str, str] | None:
    """Return (meta key, value, reason) when ``line`` is a metadata line."""
    if len(line.split()) > cfg.max_line_words:
        return None
    if cfg.credits and (m := _CREDIT.match(line)):
        return "credit", m["who"], "photo credit"
    if cfg.bylines and (m := _BYLINE.match(line)) and m["who"][:1].isupper():
        return "author", m["who"].strip(" ,"), "byline"
    if cfg.dates and (iso := parse_date(_LABEL.sub("", line))):
        return "date", iso, "date line"
    return None


def _line_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end incl. the following blank lines, stripped line) for non-blank lines."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        end = min(pos + len(line) + 1, len(text))
        if line.strip():
            spans.append((pos, end, line.strip()))
        elif spans:
            spans[-1] = (spans[-1][0], end, spans[-1][2])
        pos += len(line) + 1
    return spans


def extract_meta(text: str, *, config: MetaConfig | None = None) -> StageResult:
    """Remove metadata lines from ``text`` and return them in ``meta``.

    >>> r = extract_meta("Photo: Jane Roe\\nBy John Smith\\n1 December 2022\\nThe text.\\n")
    >>> r.text, sorted(r.meta.items())
    ('The text.\\n', [('author', 'John Smith'), ('credit', 'Jane Roe'), ('date', '2022-12-01')])

    Args:
        text: the document text (after encoding repair).
        config: switches and limits (``MetaConfig()`` when ``None``).

    Returns:
        ``StageResult`` with the text without metadata lines, one edit per removed span
        (stage ``"meta"``) and ``meta`` with ``date`` (ISO 8601), ``author`` and ``credit``.
    """
    cfg = config or MetaConfig()
    meta: dict[str, str] = {}
    edits: list[Edit] = []
    lead = _FIELD.match(text) if cfg.dates else None
    if lead:
        meta["date"] = lead[1]
        edits.append(Edit(stage=STAGE, start=0, end=lead.end(), replacement="", reason="date field",
                          before=text[: lead.end()]))
    for start, end, line in _line_spans(text):
        if lead and start < lead.end():
            continue
        found = _classify_line(line, cfg)
        if found is None:
            continue
        key, value, reason = found
        meta.setdefault(key, value)
        edits.append(Edit(stage=STAGE, start=start, end=end, replacement="", reason=reason,
                          before=text[start:end]))
    out = apply_edits(text, edits)
    if cfg.dates and "date" not in meta and (iso := _date_in_text(out[: cfg.scan_chars])):
        meta["date"] = iso
    return StageResult(out, tuple(edits), meta)


def _date_in_text(head: str) -> str | None:
    """Return the date that ends a line (a title with its date), else the first full date."""
    for m in _LINE_END_DATE.finditer(head):
        if iso := parse_date(m.group(1)):
            return iso
    for m in _IN_TEXT.finditer(head):
        if iso := parse_date(m.group(0)):
            return iso
    return None
