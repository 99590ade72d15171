r"""Cut a text into lines and sentence units with word tokens and offsets.

A *line* is one block (paragraph) of the stage's input; blank lines carry no
units.  A *unit* is a sentence of a line, or a window of at most
``max_unit_tokens`` tokens when a sentence is very long.  Sentence boundaries
depend only on the characters around them, so two copies of a text cut the same
way even when their paragraphs were merged or split at sentence ends.

>>> doc = segment("Hello there. How are you?\n\n- ok", max_unit_tokens=50)
>>> [(u.start, u.end, u.tokens) for u in doc.units]
[(0, 12, ('hello', 'there')), (13, 25, ('how', 'are', 'you')), (27, 31, ('ok',))]
>>> [(ln.start, ln.end, ln.units) for ln in doc.lines]
[(0, 25, (0, 1)), (27, 31, (2,))]
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Doc", "Line", "Unit", "segment", "token_spans"]



@functools.cache
def _word_re() -> re.Pattern[str]:
    r"""Return the token pattern: letters, digits and the combining marks inside words.

    ``\w`` alone cuts vocalised Arabic, Hebrew or Devanagari words at every mark.
    """
    marks = [c for c in map(chr, range(0x300, 0x10000)) if unicodedata.category(c) in ("Mn", "Mc", "Me")]
    cls = "".join(re.escape(c) for c in marks)
    return re.compile(rf"[\w{cls}]+")

# A sentence ends after . ! ? or an ellipsis and any closing quotes or brackets, where
# spaces follow; after an ideographic full stop no space is needed.  The group is the gap
# between two sentences (never a newline: lines are cut apart anyway).
_SENT_END = re.compile(r"(?<=[.!?\u2026])[\"'\u00bb\u201d\u2019)\]]*([^\S\n]+)"
                       r"|(?<=[\u3002\uff01\uff1f])[\u300d\u300f\uff09]*([^\S\n]*)")
_LINE = re.compile(r"[^\n]+")


class Unit(NamedTuple):  # a tuple: documents hold hundreds of thousands of them
    """Hold one sentence-sized unit: its span, line and normalised word tokens."""

    start: int
    end: int
    line: int
    tokens: tuple[str, ...]


class Line(NamedTuple):
    """Hold one non-blank line: its span (without the newline) and its unit ids."""

    start: int
    end: int
    units: tuple[int, ...]
    n_tokens: int


@dataclass(frozen=True, slots=True)
class Doc:
    """Hold the segmented text: non-blank lines and all units in text order."""

    text: str
    lines: tuple[Line, ...]
    units: tuple[Unit, ...]


# Han and kana are written without spaces: each character counts as one token, as in the
# dev set's alignment (../shared/eval/BOILERPLATE_DEV.md).
_HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_HAN_KANA}]")
_CJK_SPLIT = re.compile(f"[{_HAN_KANA}]|[^{_HAN_KANA}]+")


def _tokens(seg: str) -> tuple[str, ...]:
    """Return the normalised word tokens of ``seg`` (Han and kana one per character)."""
    if seg.isascii():  # fast path: lowercase once, no per-token normalisation
        return tuple(_word_re().findall(seg.lower()))
    out: list[str] = []
    for t in _word_re().findall(seg):
        if _CJK.search(t):
            out.extend(_norm(x) for x in _CJK_SPLIT.findall(t))
        else:
            out.append(_norm(t))
    return tuple(out)


def _norm(token: str) -> str:
    """Return the token NFKC-normalised and casefolded (ASCII fast path)."""
    if token.isascii():
        return token.lower()
    return unicodedata.normalize("NFKC", token).casefold()


def _sentence_gaps(text: str) -> list[tuple[int, int]]:
    """Return the gaps between sentences in the whole text (one regex pass)."""
    gaps = []
    for m in _SENT_END.finditer(text):
        g = 1 if m.group(1) is not None else 2
        gaps.append((m.start(g), m.end(g)))
    return gaps


def _sentence_spans(gaps: list[tuple[int, int]], gap_starts: list[int], a: int,
                    b: int) -> list[tuple[int, int]]:
    """Return the sentence spans of the stripped line ``[a, b)`` given the sentence gaps."""
    spans = []
    pos = a
    k = bisect.bisect_left(gap_starts, a)
    while k < len(gaps) and gaps[k][0] < b:
        if gaps[k][0] > pos:
            spans.append((pos, gaps[k][0]))
        pos = max(pos, gaps[k][1])
        k += 1
    if b > pos:
        spans.append((pos, b))
    return spans


def _units_of_span(text: str, a: int, b: int, line_no: int, max_tokens: int) -> list[Unit]:
    """Return the units of one sentence span, windowed when it is very long."""
    tokens = _tokens(text[a:b])
    if not tokens:  # punctuation only ("—", "* * *"): nothing to compare
        return []
    if len(tokens) <= max_tokens:
        return [Unit(a, b, line_no, tokens)]
    # Windows of whole word matches: a very long sentence (or a long CJK run) is cut at
    # word boundaries, so both copies of a text are cut the same way.
    matches = list(_word_re().finditer(text, a, b))
    units = []
    i = 0
    while i < len(matches):
        j, n = i, 0
        while j < len(matches) and (n == 0 or n + len(_tokens(matches[j].group())) <= max_tokens):
            n += len(_tokens(matches[j].group()))
            j += 1
        u_start = a if i == 0 else matches[i].start()
        u_end = b if j >= len(matches) else matches[j].start()
        while u_end > u_start and text[u_end - 1].isspace():
            u_end -= 1
        toks = tuple(t for m in matches[i:j] for t in _tokens(m.group()))
        units.append(Unit(u_start, u_end, line_no, toks))
        i = j
    return units


def token_spans(text: str, unit: Unit) -> list[tuple[int, int]]:
    """Return the character span of each token of ``unit`` (as counted by the tokeniser).

    >>> doc = segment("Say: hello world.", max_unit_tokens=8)
    >>> token_spans(doc.text, doc.units[0])
    [(0, 3), (5, 10), (11, 16)]
    """
    spans: list[tuple[int, int]] = []
    for m in _word_re().finditer(text, unit.start, unit.end):
        if _CJK.search(m.group()):
            spans.extend((m.start() + x.start(), m.start() + x.end()) for x in _CJK_SPLIT.finditer(m.group()))
        else:
            spans.append(m.span())
    return spans


def segment(text: str, *, max_unit_tokens: int) -> Doc:
    """Cut ``text`` into non-blank lines and sentence units.

    Args:
        text: the stage input, one block per line.
        max_unit_tokens: longest unit; longer sentences are cut into windows.

    Returns:
        The segmented document.
    """
    lines: list[Line] = []
    units: list[Unit] = []
    gaps = _sentence_gaps(text)
    gap_starts = [g[0] for g in gaps]
    word = _word_re()
    for m in _LINE.finditer(text):
        line = m.group()
        body = line.strip()
        if not body:
            continue
        first = len(units)
        if not word.search(body):  # rules, dashes, dots: no units, but still a line
            lines.append(Line(m.start(), m.end(), (), 0))
            continue
        start = m.start() + len(line) - len(line.lstrip())
        n_tokens = 0
        for a, b in _sentence_spans(gaps, gap_starts, start, start + len(body)):
            tokens = _tokens(text[a:b])
            if 0 < len(tokens) <= max_unit_tokens:  # the common case of _units_of_span, inline
                units.append(Unit(a, b, len(lines), tokens))
                n_tokens += len(tokens)
            elif tokens:
                more = _units_of_span(text, a, b, len(lines), max_unit_tokens)
                units.extend(more)
                n_tokens += sum(len(u.tokens) for u in more)
        lines.append(Line(m.start(), m.end(), tuple(range(first, len(units))), n_tokens))
    return Doc(text, tuple(lines), tuple(units))
