r"""Remove blocks that repeat earlier text inside one document; keep the first copy.

The input is a page's text after boilerplate removal, one block per line.  Pages
repeat themselves: a print copy of the whole article after the first (with a
re-encoded date, another byline, merged or split paragraphs), a title printed
three times, a paragraph quoted twice.  This stage finds every later copy and
removes it, recording where it came from:

1. :mod:`._units` cuts lines into sentence units of word tokens (NFKC, casefolded);
2. :mod:`._match` finds, for each unit, an earlier unit it repeats: exact token
   sequences directly, near copies through a vectorised MinHash over word
   bigrams with LSH banding, every candidate checked exactly (share of the later
   unit's bigrams present in the earlier one, then a token alignment);
3. :mod:`._decide` groups repeated lines into runs and decides from context:
   copies go, refrains, repeated list lines and short recurring phrases stay;
   :mod:`._partial` cuts a quote out of a paragraph that is otherwise new, at the
   punctuation where the alignment says the copied stretch starts and ends.

A line that adds real words to what it repeats is kept: a lead sentence that
extends the headline ("<headline> on June 20.") says something new, while the
headline printed again with a date (numbers only) is a repeat.

Decision on lines of a copy that are *not* in the first copy: when such a line
is short (at most ``RepeatsConfig.max_gap_tokens`` tokens, e.g. a changed byline
or a date printed in another format) and sits between repeated lines of one
copy, it is removed with the copy: a reader wants the second copy gone as a
whole, and the first copy holds the same information.  Longer new lines are kept.

Reasons (the ``Edit.reason`` vocabulary of stage ``"repeats"``):

* ``"repeat of earlier block"``: a line (paragraph) copying earlier text;
* ``"repeated line"``: a short stand-alone line printed again (a title);
* ``"repeated sentence"``: copied sentences (a quote) inside an otherwise new line;
* ``"changed line inside repeated copy"``: a short line inside a removed copy
  that differs from its counterpart in the first copy (``source`` points there).

Every edit is a removal (``replacement == ""``) with ``source`` set to the span
of the earlier text it copies.  Work is linear or ``n log n`` in the text size.

>>> text = "The Big Title\n\nThe Big Title\n\nBody text of the article goes here.\nYes.\nYes."
>>> remove_repeats(text)
'The Big Title\n\nBody text of the article goes here.\nYes.\nYes.'
>>> [(e.reason, e.before, e.source) for e in remove_repeats_and_explain(text).edits]
[('repeated line', 'The Big Title\n\n', (0, 13))]
"""

from __future__ import annotations

import bisect
import logging

from seedclean.config import RepeatsConfig
from seedclean.document import Edit, StageResult, apply_edits
from seedclean.repeats._decide import Plan, plan_removals
from seedclean.repeats._match import find_matches
from seedclean.repeats._units import Doc, segment

__all__ = ["remove_repeats", "remove_repeats_and_explain"]

log = logging.getLogger(__name__)
_STAGE = "repeats"
_MAX_PASSES = 4  # passes until no more removals; real pages need one, rare contexts two


def _line_edits(doc: Doc, plan: Plan) -> list[Edit]:
    """Return one removal per planned line, each with the blank lines after it."""
    edits = []
    for i, (reason, source) in sorted(plan.lines.items()):
        ln = doc.lines[i]
        end = doc.lines[i + 1].start if i + 1 < len(doc.lines) else len(doc.text)
        edits.append(Edit(stage=_STAGE, start=ln.start, end=end, replacement="", reason=reason,
                          before=doc.text[ln.start : end], source=source))
    return edits


def _span_edits(doc: Doc, plan: Plan) -> list[Edit]:
    """Return removals of copied parts inside kept lines."""
    return [Edit(stage=_STAGE, start=a, end=b, replacement="", reason="repeated sentence",
                 before=doc.text[a:b], source=source)
            for (a, b), source in plan.spans]


def _one_pass(text: str, cfg: RepeatsConfig) -> list[Edit]:
    """Return the removals of one pass over ``text``, sorted by start."""
    doc = segment(text, max_unit_tokens=cfg.max_unit_tokens)
    # Units too short to stand for a title ("Yes.", "Thanks") are no evidence of a copy;
    # inside a copy they go anyway, as short lines between repeated ones.
    # A line is never a copy of itself: repeats inside one line are the writer's style.
    matches = {u: m for u, m in find_matches(doc, cfg).items()
               if len(doc.units[u].tokens) >= cfg.title_min_tokens
               and doc.units[m.source].line != doc.units[u].line}
    if not matches:
        return []
    plan = plan_removals(doc, matches, cfg)
    return sorted(_line_edits(doc, plan) + _span_edits(doc, plan), key=lambda e: e.start)


def _lift(text: str, done: list[Edit], more: list[Edit]) -> list[Edit]:
    """Map ``more`` (spans in the text left by ``done``) back onto ``text``; merge both.

    >>> e1 = [Edit(stage="repeats", start=2, end=4, replacement="", reason="r", before="cd")]
    >>> e2 = [Edit(stage="repeats", start=1, end=3, replacement="", reason="q", source=(0, 1))]
    >>> [(e.start, e.end, e.before) for e in _lift("abcdef", e1, e2)]
    [(1, 2, 'b'), (2, 4, 'cd'), (4, 5, 'e')]
    """
    kept: list[tuple[int, int, int]] = []  # (start in text, end in text, start in the output)
    pos = out = 0
    for e in done:
        kept.append((pos, e.start, out))
        out += e.start - pos
        pos = e.end
    kept.append((pos, len(text), out))
    outs = [k[2] for k in kept]

    def to_text(p: int) -> int:
        k = kept[bisect.bisect_right(outs, p) - 1]
        return k[0] + p - k[2]

    lifted = list(done)
    for e in more:
        source = None if e.source is None else (to_text(e.source[0]), to_text(e.source[1] - 1) + 1)
        for k in range(max(bisect.bisect_right(outs, e.start) - 1, 0), len(kept)):
            a, b, o = kept[k]
            if o >= e.end:
                break
            lo, hi = max(e.start, o), min(e.end, o + b - a)
            if lo < hi:
                start, end = a + lo - o, a + hi - o
                lifted.append(Edit(stage=_STAGE, start=start, end=end, replacement="", reason=e.reason,
                                   before=text[start:end], source=source))
    return sorted(lifted, key=lambda e: e.start)


def remove_repeats_and_explain(text: str, *, config: RepeatsConfig | None = None) -> StageResult:
    r"""Remove later copies of earlier blocks and return the text with its edits.

    A removal can change the context of what is left (a refrain next to a removed
    copy); passes repeat until nothing more goes (at most ``_MAX_PASSES``), so the
    stage is idempotent on its own output.

    >>> r = remove_repeats_and_explain("A line long enough to be a paragraph.\n" * 2)
    >>> r.text, r.edits[0].reason, r.edits[0].source
    ('A line long enough to be a paragraph.\n', 'repeat of earlier block', (0, 37))

    Args:
        text: one block per line, as left by boilerplate removal.
        config: thresholds; ``RepeatsConfig()`` when ``None``.

    Returns:
        The stage result (no metadata: the edits say what was removed and why).
    """
    cfg = config or RepeatsConfig()
    edits = _one_pass(text, cfg)
    out = apply_edits(text, edits) if edits else text
    for _ in range(_MAX_PASSES - 1):
        more = _one_pass(out, cfg) if edits else []
        if not more:
            break
        edits = _lift(text, edits, more)
        out = apply_edits(out, more)
    if not edits:
        return StageResult(text)
    log.debug("repeats: %d edits, %d chars removed", len(edits), len(text) - len(out))
    return StageResult(out, tuple(edits))


def remove_repeats(text: str, *, config: RepeatsConfig | None = None) -> str:
    r"""Return ``text`` without blocks that repeat earlier ones (first copy kept).

    >>> remove_repeats("One line that is long enough.\n\nOne line that is long enough.\n")
    'One line that is long enough.\n\n'

    Args:
        text: one block per line.
        config: thresholds; ``RepeatsConfig()`` when ``None``.

    Returns:
        The text without the later copies.
    """
    return remove_repeats_and_explain(text, config=config).text
