"""Turn block scores into keep/drop decisions, revised with neighbours, with reasons.

The model (:mod:`.classify`) already sees each block's neighbours; these rules add
what a linear model cannot express.  In order, each with its config field:

1. *threshold* (``threshold``): a block is kept when its content score reaches it; when
   none does, the best block is kept if it reaches ``continue_min_score``.
2. *continuation* (``continue_min_score``): a doubtful block right after a block the
   model kept is kept too (jusText's "near-good next to good"); it chains only
   through prose, so a teaser list or comment thread (broken up by short title,
   name and date lines) is not swallowed.
3. *sandwich* (``sandwich_min_score``): a dropped block between two kept blocks is
   kept (a subheading or caption inside the article).
4. *headline* (``headline_window``, ``headline_min_words``, ``headline_max_words``):
   the longest title-like block just above the first kept block is kept.
5. *prose run* (``prose_run_min_blocks``, ``prose_run_min_score``): consecutive prose
   blocks between the first and last kept block are kept (paragraphs cut off from the
   article by a code listing or a table); so are runs of dropped blocks there that are
   mostly program code (``code_run_min_share``).
6. *pattern veto* (``hint_max_words``): a short block matching a boilerplate pattern
   (copyright, contact, cookie, share, counter, go back) is dropped; a longer one
   too when both its neighbours were dropped (a legal notice in the footer).
7. *headline printed twice* (``teaser_max_share``): kept blocks above a title printed
   twice in a row are a teaser feed, when they are a small share of the kept text.
8. *tail* (``tail_min_chars``): below a comment-section or "related" heading that
   follows the article, everything is dropped.
9. *site template* (``template_lines`` argument): blocks of the corpus template set go.
10. *duplicate line* (``drop_duplicates``, ``duplicate_min_words``, ``duplicate_near_blocks``,
    ``duplicate_far_min_words``): a later copy of a kept block (optionally with a date
    appended) goes; a distant short copy only next to a long copy, program code never.

A dropped block gets the first matching specific reason from
:data:`seedclean.boilerplate.lexicon.REASON_PATTERNS`, else a positional one:
``"navigation"`` above the content, ``"footer"`` below it, ``"teaser list"`` for
long sentence-like blocks outside the article, ``"short line"`` otherwise.

>>> from seedclean.boilerplate.features import split_blocks
>>> bs = split_blocks("Menu\\nA long body line.\\nA long body line.\\n")
>>> decide(bs, [0.1, 0.9, 0.9], BoilerplateConfig(), frozenset())
['navigation', None, 'duplicate line']
"""
# ruff: noqa: RUF001  (quotes, full-width punctuation and Cyrillic in patterns/examples are meant)

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from seedclean.boilerplate.features import Block
from seedclean.boilerplate.lexicon import (
    COMMENTS_COUNT,
    COMMENTS_MARKER,
    RELATED_MARKER,
    reason_hint,
    ui_share,
)
from seedclean.config import BoilerplateConfig

__all__ = ["decide", "normalize_line"]

_TRAILING_DATE = re.compile(
    r"[\s,|·–—-]*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})([ T]\d{1,2}:\d{2}(:\d{2})?)?\s*$")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)]*$")
_ENDS_PERIOD = re.compile(r"[.;,][\"'”’»)]*$")
_MARKER_MAX_CHARS = 60  # section headings are short; a longer line is prose that starts alike
_TEASER_MIN_WORDS = 10  # jusText's "long" paragraph starts at 200 chars, about 10+ words
# A line of program code: code examples repeat lines ("let v = vec![1, 2];", "}") legitimately.
# A "key: value" line of a configuration file or a specification list ("version: 1.0.0").
_KEY_VALUE = re.compile(r"^\s*(- )?[\w.-]+( [\w.-]+)?:\s+\S")
_CODE = re.compile(r"[;{}]\s*$|^\s*(//|#|/\*)|[=!<>]=|=>|->|::|\w\([^()]*\)\s*[;{]?\s*$|`")


def _n_words(text: str) -> int:
    """Return the number of words (``\\S+`` runs, as ``str.split`` cuts them) of ``text``."""
    return len(text.split())


def _strip_date(key: str) -> str:
    """Return ``key`` without a trailing date (``_TRAILING_DATE``); only a line ending in a digit has one."""
    end = key.rstrip()[-1:]
    return _TRAILING_DATE.sub("", key) if end.isdigit() else key


@functools.lru_cache(maxsize=1 << 15)  # pure: rounds and rules ask for the same lines again
def normalize_line(line: str) -> str:
    """Return the comparison key of a line: whitespace collapsed, casefolded.

    >>> normalize_line("  Read   MORE ")
    'read more'
    """
    return " ".join(line.split()).casefold()


def _title_like(b: Block, config: BoilerplateConfig) -> bool:
    words = b.text.split()
    if not config.headline_min_words <= len(words) <= config.headline_max_words:
        return False
    if _ENDS_PERIOD.search(b.text) or reason_hint(b.text):
        return False
    return ui_share([w.casefold() for w in words]) < 0.5


def _prose(b: Block) -> bool:
    return _prose_text(b.text)


@functools.lru_cache(maxsize=1 << 15)  # pure: rounds and rules ask for the same lines again
def _prose_text(text: str) -> bool:
    return _n_words(text) >= _TEASER_MIN_WORDS and _SENTENCE_END.search(text) is not None


def _hinted(b: Block, config: BoilerplateConfig) -> bool:
    """Return True for a short block matching a boilerplate pattern (a sentence may say "share")."""
    return _n_words(b.text) <= config.hint_max_words and reason_hint(b.text) is not None


def _clean_page(blocks: Sequence[Block], config: BoilerplateConfig) -> bool:
    """Return True for text that is already clean: mostly prose, nothing like boilerplate.

    The model learnt from pages full of menus; on a few bare paragraphs (extracted text,
    a page cleaned before) its page-level features are out of range, so prose is kept.
    """
    total = sum(len(b.text) for b in blocks)
    prose = sum(len(b.text) for b in blocks if _prose(b))
    return bool(total) and prose >= config.clean_prose_share * total and \
        not any(reason_hint(b.text) for b in blocks)


def _rescue(blocks: Sequence[Block], scores: Sequence[float], keep: list[bool],
            config: BoilerplateConfig) -> None:
    n = len(blocks)
    # jusText's "near-good next to good": a doubtful block right after a kept one continues the
    # article (the last paragraph above a footer scores low because of the footer)
    # as in jusText, the neighbour's own (model) decision counts, so the rule does not chain,
    # except through prose (long blocks ending a sentence): a teaser list or a comment
    # thread is broken up by short lines (titles, names, dates) and stops the chain
    model_keep = list(keep)
    for i in range(1, n):
        if not keep[i] and (model_keep[i - 1] or (keep[i - 1] and _prose(blocks[i - 1]))) \
                and scores[i] >= config.continue_min_score and not _hinted(blocks[i], config):
            keep[i] = True
    for i in range(1, n - 1):
        if not keep[i] and keep[i - 1] and keep[i + 1] and not _hinted(blocks[i], config) \
                and min(scores[i - 1], scores[i + 1]) >= config.sandwich_min_score:
            keep[i] = True
    first = next((i for i in range(n) if keep[i]), None)
    if first is None:
        return
    window = range(first - 1, max(first - 1 - config.headline_window, -1), -1)
    cands = [j for j in window if _title_like(blocks[j], config)]
    if cands:
        # the longest title-like block: bylines, section names and taglines are shorter
        keep[max(cands, key=lambda j: (_n_words(blocks[j].text), j))] = True


def _prose_runs(blocks: Sequence[Block], scores: Sequence[float], keep: list[bool],
                config: BoilerplateConfig) -> None:
    """Keep runs of prose blocks inside the article that the model doubted.

    Between the first and the last kept block, ``prose_run_min_blocks`` or more prose
    blocks in a row (each scored at least ``prose_run_min_score``) are the article's paragraphs, cut off from
    the rest by something the model dislikes (a code listing, a table, a figure).
    """
    kept = [i for i, k in enumerate(keep) if k]
    if len(kept) < 2:
        return
    i = kept[0]
    while i < kept[-1]:
        j = i
        while j < kept[-1] and _prose(blocks[j]) and scores[j] >= config.prose_run_min_score:
            j += 1
        if j - i >= config.prose_run_min_blocks and not all(keep[i:j]):
            for k in range(i, j):
                keep[k] = True
        i = max(j, i + 1)


def _code_runs(blocks: Sequence[Block], keep: list[bool], config: BoilerplateConfig) -> None:
    """Keep runs of dropped blocks inside the article that are mostly program code.

    A code listing (short lines, braces, operators, ``key: value`` lines) scores like a
    menu; between kept blocks, a run of dropped blocks with at least two such lines that
    make at least ``code_run_min_share`` of it is a listing of the article.
    """
    kept = [i for i, k in enumerate(keep) if k]
    if len(kept) < 2:
        return
    i = kept[0]
    while i < kept[-1]:
        if keep[i]:
            i += 1
            continue
        j = i
        while not keep[j]:
            j += 1
        code = sum(bool(_CODE.search(b.text) or _KEY_VALUE.match(b.text)) for b in blocks[i:j])
        if code >= 2 and code >= config.code_run_min_share * (j - i):
            for k in range(i, j):
                keep[k] = True
        i = j


def _printed_twice(blocks: Sequence[Block], keep: list[bool], config: BoilerplateConfig) -> int | None:
    """Return the index of a kept headline printed twice in a row (title + copy), if any.

    Pages often print the headline twice (page title and article heading, heading and
    the same with a date); what is above such a pair is not the article, unless it holds
    more than ``teaser_max_share`` of the kept text (then the pair is a teaser, not the head).
    """
    kept = [len(b.text) if k else 0 for b, k in zip(blocks, keep, strict=True)]
    total, above = sum(kept), 0
    for i in range(len(blocks) - 2):
        above += kept[i - 1] if i else 0
        if not keep[i] or not _title_like(blocks[i], config):
            continue
        key = normalize_line(blocks[i].text)
        for j in (i + 1, i + 2):
            other = normalize_line(blocks[j].text)
            same = other == key or _strip_date(other) == key
            if same and above <= config.teaser_max_share * total:
                return i
    return None


def _tail_start(blocks: Sequence[Block], keep: list[bool], config: BoilerplateConfig) -> tuple[int, str]:
    """Return where the article's tail (comments, related teasers) starts, and its reason.

    A comment-section or "related" heading ends the article once ``tail_min_chars`` of
    content were kept above it; higher up it is a menu link.
    """
    kept_chars = 0
    for i, b in enumerate(blocks):
        if kept_chars >= config.tail_min_chars and len(b.text) < _MARKER_MAX_CHARS:
            if COMMENTS_MARKER.match(b.text) or COMMENTS_COUNT.match(b.text):
                return i, "comments"
            if RELATED_MARKER.match(b.text):
                return i, "teaser list"
        elif kept_chars >= config.tail_min_chars and COMMENTS_COUNT.match(b.text):
            return i, "comments"
        kept_chars += len(b.text) if keep[i] else 0
    return len(blocks), ""


def _positional(b: Block, i: int, first: int | None, last: int | None) -> str:
    if _n_words(b.text) >= _TEASER_MIN_WORDS:
        return "teaser list"
    if first is None or i < first:
        return "navigation"
    if last is not None and i > last:
        return "footer"
    return "short line"


def _copy_of_kept(blocks: Sequence[Block], i: int, key: str, seen: dict[str, int],
                  config: BoilerplateConfig) -> bool:
    """Return True when block ``i`` (normalised ``key``) repeats a kept block (optionally plus a date).

    A copy close to its original (a headline printed twice) needs ``duplicate_min_words``;
    so does a copy next to a long copy (a page printed twice); any other distant copy
    needs ``duplicate_far_min_words`` (table cells and list rows repeat legitimately).
    Program code repeats legitimately in code examples.
    """
    short = _strip_date(key)
    first = seen.get(key, seen.get(short))
    if first is None or _CODE.search(blocks[i].text):
        return False
    words = len(key.split())
    if words >= config.duplicate_far_min_words:
        return True
    if words < config.duplicate_min_words:
        return False
    if i - first <= config.duplicate_near_blocks:
        return True
    for j in (i - 2, i - 1, i + 1, i + 2):
        other = normalize_line(blocks[j].text) if 0 <= j < len(blocks) else ""
        if seen.get(other, j) < j and len(other.split()) >= config.duplicate_far_min_words:
            return True
    return False


def decide(blocks: Sequence[Block], scores: Sequence[float], config: BoilerplateConfig,
           template_lines: frozenset[str]) -> list[str | None]:
    """Return, per block, ``None`` to keep it or the reason it is dropped."""
    keep = [s >= config.threshold for s in scores]
    if _clean_page(blocks, config):
        keep = [k or _prose(b) for k, b in zip(keep, blocks, strict=True)]
    if blocks and not any(keep):
        # nothing reached the threshold: the best block, if not hopeless, starts the article
        # (the continuation rule then follows its prose)
        best = max(range(len(blocks)), key=lambda i: (scores[i], -i))
        keep[best] = scores[best] >= config.continue_min_score
    _rescue(blocks, scores, keep, config)
    _prose_runs(blocks, scores, keep, config)
    _code_runs(blocks, keep, config)
    for i, b in enumerate(blocks):
        if keep[i] and _n_words(b.text) <= config.hint_max_words and reason_hint(b.text):
            keep[i] = False
    # a longer block with a boilerplate pattern (a legal notice) goes when both neighbours went
    for i in range(1, len(blocks) - 1):
        if keep[i] and not keep[i - 1] and not keep[i + 1] and reason_hint(blocks[i].text):
            keep[i] = False
    head = _printed_twice(blocks, keep, config)
    for i in range(head or 0):
        keep[i] = False
    reasons: list[str | None] = [None] * len(blocks)
    tail, why = _tail_start(blocks, keep, config)
    for i in range(tail, len(blocks)):
        keep[i], reasons[i] = False, why
    seen: dict[str, int] = {}
    for i, b in enumerate(blocks):
        key = normalize_line(b.text)
        if template_lines and key in template_lines:
            reasons[i], keep[i] = "site template", False
        elif keep[i] and config.drop_duplicates and _copy_of_kept(blocks, i, key, seen, config):
            reasons[i], keep[i] = "duplicate line", False
        elif keep[i]:
            seen.setdefault(key, i)  # the first kept copy
    kept = [i for i, k in enumerate(keep) if k]
    first, last = (kept[0], kept[-1]) if kept else (None, None)
    for i, b in enumerate(blocks):
        if not keep[i] and reasons[i] is None:
            copy = config.drop_duplicates and normalize_line(b.text) in seen
            reasons[i] = "duplicate line" if copy else reason_hint(b.text) or _positional(b, i, first, last)
    return reasons
