"""Move metadata (publication date, byline, photo credit) from the text into ``meta``.

Only text that is clearly metadata is removed: a leading ``date YYYY-MM-DD`` field,
a line that is nothing but a date, a ``By X`` line, a ``Photo: X`` line, and next to
those (the article head) the byline shapes of :func:`byline_name`: a personal name
alone or printed twice, ``Name | City``, ``Name, Title``, and a short author bio line
right after a byline.  Names are recognised by their shape (2-4 capitalised words, no
stop words), not by name lists, so any cased script works.  A date
inside a sentence stays in the text but may still fill ``meta["date"]``.  Dates in
any language are parsed by ``dateparser`` (imported on first use) and stored as
ISO 8601 ``YYYY-MM-DD``.  The first value found for each key wins, except that the
value nearest to a date or credit line (the article head) wins over earlier ones.

Reasons: ``"date field"``, ``"date line"``, ``"byline"``, ``"photo credit"``.

>>> r = extract_meta(" date 2025-11-27 The summit opened on Thursday.\\n")
>>> r.text, dict(r.meta)
('The summit opened on Thursday.\\n', {'date': '2025-11-27'})
"""
# ruff: noqa: RUF001  (quotes, full-width punctuation and Cyrillic in patterns/examples are meant)

from __future__ import annotations

import functools
import re
from collections import Counter

from seedclean.config import MetaConfig
from seedclean.document import Edit, StageResult, apply_edits

__all__ = ["byline_name", "extract_meta", "parse_date"]

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


def parse_date(text: str) -> str | None:
    """Return ``text`` as an ISO date if it is a full date (day, month, year), else ``None``.

    >>> parse_date("1 декабря 2022"), parse_date("30 November 2025 10:10"), parse_date("Views: 89")
    ('2022-12-01', '2025-11-30', None)
    """
    if not _YEARISH.search(text) or _NOT_DATE.search(text) or len(_ALPHA.findall(text)) > 3:
        return None
    from seedclean.dates import parse_full_date  # fast path before dateparser, one language set

    return parse_full_date(text)


def _classify_line(line: str, cfg: MetaConfig) -> tuple[str, str, str] | None:
    """Return (meta key, value, reason) when ``line`` is a metadata line."""
    if len(line.split()) > cfg.max_line_words:
        return None
    if cfg.credits and (m := _CREDIT.match(line)):
        return "credit", m["who"], "photo credit"
    if cfg.bylines and (m := _BYLINE.match(line)) and m["who"][:1].isupper() and len(m["who"].split()) > 1:
        return "author", m["who"].strip(" ,"), "byline"  # "By Price" (one word) needs context
    if cfg.dates and (iso := parse_date(_LABEL.sub("", line))):
        return "date", iso, "date line"
    return None


# Lower-case particles inside a personal name ("Jan van der Berg", "Ana de la Cruz").
_NAME_PARTICLES = frozenset(["van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "la",
                             "le", "bin", "ibn", "al", "ter", "dos", "das", "y", "e"])
_NAME_JOINERS = re.compile(r"[-'’]")  # inside a name word: Jean-Luc, O'Brien
_BYLINE_SEP = re.compile(r"\s*(?:\||•|·|/|\s[–—-]\s)\s*")
_COMMA = re.compile(r",\s*")
_BIO_END = re.compile(r"[.:!?;…][\"'”’»)]*$")


@functools.cache
def _stop_sets() -> tuple[frozenset[str], ...]:
    """Return the stop-word set of every language stopwords-iso knows, sorted by code."""
    import stopwordsiso  # loaded on first use

    return tuple(frozenset(stopwordsiso.stopwords(lang)) for lang in sorted(stopwordsiso.langs()))


@functools.cache
def _stop_index() -> dict[str, tuple[int, ...]]:
    """Map each stop word to the indexes (in :func:`_stop_sets`) of the sets holding it."""
    index: dict[str, list[int]] = {}
    for i, stops in enumerate(_stop_sets()):
        for w in stops:
            index.setdefault(w, []).append(i)
    return {w: tuple(ix) for w, ix in index.items()}


def _page_stop_words(text: str, sample: int = 4000) -> frozenset[str]:
    """Return the stop words of the language whose list covers most words of ``text``'s head.

    Ties go to the language listed first, so the choice is deterministic.

    >>> "the" in _page_stop_words("The cat and the dog were in the house")
    True
    """
    sets, index = _stop_sets(), _stop_index()
    hits = [0] * len(sets)
    for w, n in Counter(_ALPHA.findall(text[:sample].casefold())).items():
        for i in index.get(w, ()):
            hits[i] += n
    best = max(range(len(sets)), key=lambda i: (hits[i], -i))
    return sets[best] if hits[best] else frozenset()


def _name_word(w: str) -> str:
    """Return "full" for a capitalised name word, "initial" for ``J.``, "particle", or ""."""
    if len(w) in (2, 4) and w.endswith(".") and all(c.isupper() for c in w[::2]) and \
            (len(w) == 2 or w[1] == "."):
        return "initial"
    if w in _NAME_PARTICLES:
        return "particle"
    parts = _NAME_JOINERS.split(w) if ("-" in w or "'" in w or "’" in w) else [w]
    for part in parts:
        if not part.isalpha() or (part and part.isupper() and len(part) > 1):
            return ""
    head = parts[0]
    if not head[:1].isupper() or sum(map(str.isupper, w)) > len(parts) + 1:
        return ""
    return "full"


def _is_name(words: list[str], cfg: MetaConfig, stops: frozenset[str]) -> bool:
    """Return True for 2-4 (``byline_max_name_words``) capitalised words without stop words."""
    if not 2 <= len(words) <= cfg.byline_max_name_words:
        return False
    kinds = []
    for w in words:
        kind = _name_word(w)
        if not kind:
            return False  # one word that is no name word is enough
        kinds.append(kind)
    if "particle" in (kinds[0], kinds[-1]) or "full" not in kinds:
        return False
    return not any(k == "full" and w.casefold() in stops for w, k in zip(words, kinds, strict=True))


def byline_name(line: str, *, config: MetaConfig | None = None,
                stop_words: frozenset[str] | None = None) -> tuple[str, bool] | None:
    """Return (author, strong) when ``line`` has the shape of a byline, else ``None``.

    ``strong`` is True for a name printed twice on one line (no context needed); a lone
    name, ``Name | City`` and ``Name, Title`` count only next to other metadata.  A name
    holds none of ``stop_words`` (the page language's; by default those of ``line``).

    >>> byline_name("Maria Lopez | Madrid"), byline_name("Jan van der Berg, Senior Editor")
    (('Maria Lopez', False), ('Jan van der Berg', False))
    >>> byline_name("Иван Петров Иван Петров"), byline_name("Position on the Conflict in Ukraine")
    (('Иван Петров', True), None)
    """
    if not line.lstrip()[:1].isupper():
        return None  # every name shape starts with a capital (a name word or an initial)
    cfg = config or MetaConfig()
    stops = _page_stop_words(line) if stop_words is None else stop_words
    words = line.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:] and _is_name(words[:half], cfg, stops):
        return " ".join(words[:half]), True
    head, tail = line, ""
    if (m := _BYLINE_SEP.search(line)) or (m := _COMMA.search(line)):
        head, tail = line[: m.start()], line[m.end():]
        if not tail or len(tail.split()) > cfg.byline_max_tail_words or _BIO_END.search(tail):
            return None
    name = head.split()
    return (" ".join(name), False) if _is_name(name, cfg, stops) else None


def _bio_like(line: str, cfg: MetaConfig) -> bool:
    """Return True for a short descriptive line ("Senior fellow at ..."): no sentence end."""
    words = line.split()
    return (3 <= len(words) <= cfg.bio_max_words and line[:1].isupper() and not _BIO_END.search(line)
            and any(w.islower() for w in words) and parse_date(line) is None)


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
        (stage ``"meta"``) and ``meta`` with ``date`` (ISO 8601), ``author``, ``author_bio``
        and ``credit``.
    """
    cfg = config or MetaConfig()
    meta: dict[str, str] = {}
    edits: list[Edit] = []
    lead = _FIELD.match(text) if cfg.dates else None
    if lead:
        meta["date"] = lead[1]
        edits.append(Edit(stage=STAGE, start=0, end=lead.end(), replacement="", reason="date field",
                          before=text[: lead.end()]))
    spans = [sp for sp in _line_spans(text) if not (lead and sp[0] < lead.end())]
    basic = [_classify_line(line, cfg) for _s, _e, line in spans]
    found = _head_bylines(spans, basic, cfg, _page_stop_words(text)) if cfg.bylines else basic
    heads = [i for i, f in enumerate(found) if f is not None and f[0] in ("date", "credit")]
    for i in sorted(range(len(found)), key=lambda i: (min((abs(i - j) for j in heads), default=0), i)):
        # the value nearest to a date or credit (the article head) wins over earlier ones ("By
        # Price" in a shop menu); ties in text order
        if (hit := found[i]) is not None:
            meta.setdefault(hit[0], hit[1])
    for (start, end, _line), hit in zip(spans, found, strict=True):
        if hit is not None:
            edits.append(Edit(stage=STAGE, start=start, end=end, replacement="", reason=hit[2],
                              before=text[start:end]))
    out = apply_edits(text, edits)
    if cfg.dates and "date" not in meta and (iso := _date_in_text(out[: cfg.scan_chars])):
        meta["date"] = iso
    return StageResult(out, tuple(edits), meta)


Found = tuple[str, str, str] | None


def _head_bylines(spans: list[tuple[int, int, str]], basic: list[Found], cfg: MetaConfig,
                  stops: frozenset[str]) -> list[Found]:
    """Return ``basic`` with the byline shapes next to other metadata lines added.

    A name-shaped line counts when printed twice, or when the line before it is metadata
    (date, credit, byline) or the line after it is a date; a bio line counts right after
    a byline.  Lines run in order, so a chain (date, name, ``Name | City``, bio) goes.
    """
    found = list(basic)
    bio = False
    for i, (_s, _e, line) in enumerate(spans):
        if found[i] is not None or len(line.split()) > cfg.max_line_words + cfg.byline_max_tail_words:
            continue
        before = found[i - 1] if i else None
        after = basic[i + 1] if i + 1 < len(spans) else None
        if before is None and (after is None or after[0] != "date") and not _doubled(line):
            continue  # with no metadata around, only a name printed twice counts (and no bio)
        hit = byline_name(line, config=cfg, stop_words=stops)
        if hit is None and (m := _BYLINE.match(line)) and m["who"][:1].isupper():
            hit = m["who"].strip(" ,"), False  # "By Reuters": a one-word byline
        if hit and (hit[1] or before is not None or (after is not None and after[0] == "date")):
            found[i] = ("author", hit[0], "byline")
        if found[i] is None and before is not None and before[0] == "author" and \
                _bio_like(line, cfg) and (not bio or _dated(found, i)):
            # one bio, unless dated like an article head: later bylines are mostly a feed
            bio = True
            found[i] = ("author_bio", line, "byline")
    return found


def _doubled(line: str) -> bool:
    """Return True when the words of ``line`` are the same sequence printed twice."""
    words = line.split()
    half = len(words) // 2
    return len(words) % 2 == 0 and words[:half] == words[half:]


def _dated(found: list[Found], i: int) -> bool:
    """Return True when a date or credit line is among the four lines before line ``i``."""
    return any(f is not None and f[0] in ("date", "credit") for f in found[max(i - 4, 0):i])


def _date_in_text(head: str) -> str | None:
    """Return the date that ends a line (a title with its date), else the first full date."""
    for m in _LINE_END_DATE.finditer(head):
        if iso := parse_date(m.group(1)):
            return iso
    for m in _IN_TEXT.finditer(head):
        if iso := parse_date(m.group(0)):
            return iso
    return None
