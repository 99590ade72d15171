"""Find the copied part of a line that is otherwise new (a quote inside a paragraph).

Consecutive repeated sentences of one line form a *stretch*; its first sentence
may begin with new words ("As the report put it: ...") and its last may end with
new ones, provided the cut falls on punctuation (a colon, a comma, a dash, a
quote mark): a cut between two plain words would change a sentence rather than
drop a quote.  A stretch with enough copied tokens is removed.
"""

from __future__ import annotations

from seedclean.config import RepeatsConfig
from seedclean.repeats._match import Match
from seedclean.repeats._units import Doc, token_spans

__all__ = ["copied_stretches"]

Span = tuple[int, int]
_OPENERS = "\"'\u00ab\u201c\u2018\u201e([\u00bf\u00a1"  # quote marks and brackets that open a quote
_CLOSERS = "\"'\u00bb\u201d\u2019)],;:.!?\u2026"  # ... and what closes one


def _cut_ok(text: str, spans: list[Span], k: int) -> bool:
    """Tell whether the text between token ``k - 1`` and token ``k`` holds punctuation."""
    between = text[spans[k - 1][1] : spans[k][0]]
    return any(not c.isspace() and not c.isalnum() for c in between)


def _copied_part(doc: Doc, m: Match | None, cfg: RepeatsConfig) -> tuple[int, int] | None:
    """Return the token range of a unit that is copied, or ``None``."""
    if m is None:
        return None
    unit = doc.units[m.unit]
    n = len(unit.tokens)
    if m.new_words <= cfg.max_new_word_share * n:
        return 0, n
    if m.hi - m.lo < 2 or m.inner_new > cfg.max_new_word_share * (m.hi - m.lo):
        return None
    spans = token_spans(doc.text, unit)
    if len(spans) != n:  # tokeniser and spans disagree: do not cut
        return None
    if (m.lo > 0 and not _cut_ok(doc.text, spans, m.lo)) or (m.hi < n and not _cut_ok(doc.text, spans, m.hi)):
        return None
    return m.lo, m.hi


def _char_span(doc: Doc, u: int, lo: int, hi: int) -> Span:
    """Return the characters of tokens ``lo:hi`` of unit ``u`` (the whole unit at its ends)."""
    unit = doc.units[u]
    spans = token_spans(doc.text, unit) if (lo > 0 or hi < len(unit.tokens)) else []
    start = unit.start if lo == 0 else spans[lo][0]
    end = unit.end if hi == len(unit.tokens) else spans[hi - 1][1]
    return start, end


def copied_stretches(doc: Doc, matches: dict[int, Match], line: int, min_tokens: int,
                     cfg: RepeatsConfig) -> list[tuple[Span, list[int]]]:
    """Return the character spans to remove from ``line``, each with the units it copies from.

    Args:
        doc: the segmented text.
        matches: unit repeats.
        line: index of the line.
        min_tokens: fewest copied tokens a stretch needs to be removed.
        cfg: thresholds (``max_new_word_share``).

    Returns:
        ``((start, end), units)`` per stretch; spans take the space after them (or
        before them at the end of the line) so no double spaces are left.
    """
    ids = list(doc.lines[line].units)
    parts = [_copied_part(doc, matches.get(u), cfg) for u in ids]
    for k in range(1, len(ids) - 1):  # a tiny unit between copied ones ("[an] incubator …") goes along
        short = len(doc.units[ids[k]].tokens) < cfg.title_min_tokens
        if parts[k] is None and short and parts[k - 1] is not None and parts[k + 1] is not None:
            parts[k] = (0, len(doc.units[ids[k]].tokens))
    out: list[tuple[Span, list[int]]] = []
    k = 0
    while k < len(ids):
        if parts[k] is None:
            k += 1
            continue
        j = k  # extend while the stretch reaches the end of unit j and unit j+1 starts copied
        while (j + 1 < len(ids) and parts[j + 1] is not None
               and parts[j][1] == len(doc.units[ids[j]].tokens) and parts[j + 1][0] == 0):  # type: ignore[index]
            j += 1
        lo, hi = parts[k][0], parts[j][1]  # type: ignore[index]
        copied = sum(p[1] - p[0] for u, p in zip(ids[k : j + 1], parts[k : j + 1], strict=True)
                     if p is not None and u in matches)
        if copied >= min_tokens:
            start = _char_span(doc, ids[k], lo, len(doc.units[ids[k]].tokens))[0]
            end = _char_span(doc, ids[j], 0, hi)[1]
            if lo > 0:  # the quote's opening mark goes with it
                while start > doc.units[ids[k]].start and doc.text[start - 1] in _OPENERS:
                    start -= 1
            if hi < len(doc.units[ids[j]].tokens):  # ... and its closing mark and comma
                while end < doc.units[ids[j]].end and doc.text[end] in _CLOSERS:
                    end += 1
            if hi == len(doc.units[ids[j]].tokens) and j + 1 < len(ids):
                end = doc.units[ids[j + 1]].start
            elif hi == len(doc.units[ids[j]].tokens) and start > doc.lines[line].start:
                while start > doc.lines[line].start and doc.text[start - 1].isspace():
                    start -= 1
                end = doc.lines[line].end
            out.append(((start, end), ids[k : j + 1]))
        k = j + 1
    return out
