"""Split a page dump into blocks and describe each block by markup-free features.

A *block* is one non-blank line of the dump.  Its features look only at the text
(length, words, sentence shape, punctuation, stop-word density in the page's
language, capitalisation, digits, link-like and interface words) and at its place
on the page (position, blank lines around it).  Context features (neighbours)
are added by :mod:`seedclean.boilerplate.classify`.

>>> blocks = split_blocks("Menu\\n\\nThe cat sat on the mat. It was warm.\\n")
>>> [b.text for b in blocks], blocks[1].blank_after
(['Menu', 'The cat sat on the mat. It was warm.'], True)
"""
# ruff: noqa: RUF001  (quotes, full-width punctuation and Cyrillic in patterns/examples are meant)

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

from seedclean.boilerplate.lexicon import _literals_pattern, any_hint, ui_share

__all__ = ["FEATURE_NAMES", "Block", "block_features", "page_stopwords", "split_blocks", "tokens"]

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# a Han/kana character alone, or a run of word characters (not "_") outside _CJK; a character
# class instead of a per-character look-ahead (the same matches, faster)
_TOKEN = re.compile(rf"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_{_CJK}]+")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")  # _TOKEN on lower-case ASCII text
_WORD = re.compile(r"\S+")
_SENT_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_SENT_INNER = re.compile(r"[.!?…。！？][\"'”’»)]*\s+\S")
_URL = re.compile(r"https?://|www\.|\w@[\w-]+\.\w|\.(com|org|net|ru|de|html?)\b")  # on casefolded text
_BULLET = re.compile(r"^\s*([•·▪‣◦*\-–—]|\d{1,3}[.)])\s")
_SEPARATORS = re.compile(r"[|•·»›/>]")
_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(19|20)\d{2}\b")
_CJK_CHAR = re.compile("[\u3040-\u9fff\uac00-\ud7af]")
# Invisible characters (C0/C1 controls, zero-width marks) do not make a line or change its class.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2060\ufeff]")  # ZWJ/ZWNJ are text
_ZW_CHARS = "\u200b\ufeff\u00ad\u2060"
_ZW = dict.fromkeys(map(ord, _ZW_CHARS), None)

FEATURE_NAMES: tuple[str, ...] = (
    "bias", "log_chars", "log_words", "ends_sentence", "ends_colon", "inner_sentences",
    "commas_per_word", "stopword_share", "upper_share", "title_share", "digit_share", "has_url",
    "ui_share", "bullet", "blank_after", "blank_before", "position", "separators", "reason_hint",
    "date_like", "rel_length", "earlier_copy", "words_ge_10", "words_le_3", "cjk", "page_long_share",
    "page_log_blocks",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Block:
    """Hold one non-blank line of the page and where it sits in the input.

    Attributes:
        index: position among the page's blocks.
        start: offset of the line's first character in the input.
        end: offset one past its newline (or the end of the input).
        text: the line, stripped.
        blank_after: a blank line (or the end) follows it.
        blank_before: a blank line (or the start) precedes it.
    """

    index: int
    start: int
    end: int
    text: str
    blank_after: bool
    blank_before: bool


def split_blocks(text: str) -> list[Block]:
    """Return the non-blank lines of ``text`` as :class:`Block` objects.

    ``Block.text`` is the line without invisible characters, stripped; a line with
    nothing visible counts as blank.
    """
    raw: list[tuple[int, int, str]] = []
    pos = 0
    controls = _CONTROL.search(text) is not None  # one scan; most pages have none
    for line in text.split("\n"):
        end = min(pos + len(line) + 1, len(text))
        raw.append((pos, end, (_CONTROL.sub("", line) if controls else line).strip()))
        pos += len(line) + 1
    blocks: list[Block] = []
    for i, (start, end, stripped) in enumerate(raw):
        if not stripped:
            continue
        after = i + 1 >= len(raw) or not raw[i + 1][2]
        before = i == 0 or not raw[i - 1][2]
        blocks.append(Block(len(blocks), start, end, stripped, after, before))
    return blocks


def tokens(s: str) -> list[str]:
    """Return NFKC-casefolded word tokens; Han and kana count one character each.

    >>> tokens("Hello, World 42 日本")
    ['hello', 'world', '42', '日', '本']
    """
    if s.isascii():  # NFKC and the invisible marks leave ASCII alone; no CJK either
        return _ASCII_TOKEN.findall(s.lower())
    if any(c in s for c in _ZW_CHARS):  # translate is slow on long lines: only when needed
        s = s.translate(_ZW)
    return _TOKEN.findall(unicodedata.normalize("NFKC", s).casefold())


@functools.cache
def _stop_index() -> tuple[tuple[frozenset[str], ...], dict[str, tuple[int, ...]]]:
    """Return the stop-word sets (languages sorted by code) and word -> indexes of its sets."""
    import stopwordsiso  # loaded on first use only

    sets = tuple(frozenset(stopwordsiso.stopwords(lang)) for lang in sorted(stopwordsiso.langs()))
    index: dict[str, list[int]] = {}
    for i, stops in enumerate(sets):
        for w in stops:
            index.setdefault(w, []).append(i)
    return sets, {w: tuple(ix) for w, ix in index.items()}


def page_stopwords(page_tokens: Sequence[str], *, sample: int = 4000) -> frozenset[str]:
    """Return the stop-word list of the language whose stop words cover most tokens.

    Ties go to the language with the smaller code, so the choice is deterministic.

    >>> "the" in page_stopwords("the cat and the dog were in the house".split())
    True
    """
    sets, index = _stop_index()
    hits = [0] * len(sets)
    for w, n in Counter(page_tokens[:sample]).items():
        for i in index.get(w, ()):
            hits[i] += n
    best = max(range(len(sets)), key=lambda i: (hits[i], -i), default=None)
    return sets[best] if best is not None and hits[best] else frozenset()


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))  # str.isupper / isalpha / isdigit on ASCII
_ASCII_ALPHA = _ASCII_UPPER + bytes(range(ord("a"), ord("z") + 1))
_ASCII_DIGITS = b"0123456789"
_URL_NEEDS = ("http", "www.", "@", ".com", ".org", ".net", ".ru", ".de", ".htm")  # one is in any _URL match


def _maybe_url(low: str) -> bool:
    """Return False when ``_URL`` cannot match the casefolded line (none of its literals is there)."""
    return _URL_NEEDS_RE.search(low) is not None


_URL_NEEDS_RE = _literals_pattern(list(_URL_NEEDS))
_FIRST = operator.itemgetter(0)


@functools.lru_cache(maxsize=1 << 15)  # pure: the cache only spares repeated lines and rounds
def _text_features(t: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Return the tokens of one line and its features that depend on the line alone."""
    toks = tuple(tokens(t))
    words = t.split()  # the same as _WORD.findall(t): str.split and \s agree on whitespace
    nw = max(len(words), 1)
    if t.isascii():  # count letters, capitals and digits by deleting them (C speed)
        raw = t.encode("ascii")
        n_alpha = len(raw) - len(raw.translate(None, _ASCII_ALPHA))
        n_upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        digits = len(raw) - len(raw.translate(None, _ASCII_DIGITS))
        cjk = 0
    else:
        n_alpha, n_upper = sum(map(str.isalpha, t)), sum(map(str.isupper, t))
        digits = sum(map(str.isdigit, t))
        cjk = len(_CJK_CHAR.findall(t))
    # no digit (str.isdigit covers \d): no date
    nl = max(n_alpha, 1)
    n_eff = max(nw, cjk // 2) if cjk else nw
    low = t.casefold()
    return toks, (
        math.log1p(len(t)),
        math.log1p(n_eff),
        float(bool(_SENT_END.search(t))),
        float(t.endswith((":", "："))),
        len(_SENT_INNER.findall(t)) / n_eff,
        (t.count(",") + t.count("、") + t.count("，")) / n_eff,
        n_upper / nl,
        sum(map(str.isupper, map(_FIRST, words))) / nw,  # words from str.split are never empty
        digits / max(len(t), 1),
        float(_maybe_url(low) and bool(_URL.search(low))),
        ui_share(list(toks)),
        float(bool(_BULLET.match(t))),
        min(len(_SEPARATORS.findall(t)) / nw, 1.0),
        float(any_hint(t)),
        float(bool(digits) and n_eff <= 6 and bool(_DATE.search(t))),
        float(n_eff >= 10),
        float(n_eff <= 3),
        float(cjk > len(t) / 3),
    )


@functools.lru_cache(maxsize=1 << 15)  # pure: the rounds of one page ask again for the same lines
def _stop_share(toks: tuple[str, ...], stops: frozenset[str]) -> float:
    """Return the share of ``toks`` that are in ``stops`` (0.0 without tokens or stop words)."""
    return sum(1 for w in toks if w in stops) / len(toks) if toks and stops else 0.0


@functools.lru_cache(maxsize=1 << 15)  # pure: the rounds of one page ask again for the same lines
def _line_key(text: str) -> str:
    """Return the comparison key of a line: whitespace collapsed, casefolded."""
    return " ".join(text.split()).casefold()


def block_features(blocks: Sequence[Block]) -> tuple[Any, list[list[str]]]:
    """Return the feature matrix (numpy, one row per block) and each block's tokens."""
    import numpy as np

    per_line = [_text_features(b.text) for b in blocks]
    toks = [list(ts) for ts, _own in per_line]
    # page_stopwords looks at the first 4000 tokens only (its default sample)
    stops = page_stopwords(list(itertools.islice(itertools.chain.from_iterable(toks), 4000)))
    n = len(blocks)
    x = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if n:
        # columns in FEATURE_NAMES order; "own" holds the line's features from log_chars on,
        # without stopword_share and the place on the page
        own = np.asarray([o for _ts, o in per_line], dtype=np.float64)
        x[:, 0] = 1.0
        x[:, 1:7] = own[:, 0:6]
        x[:, 7] = [_stop_share(ts, stops) for ts, _o in per_line]
        x[:, 8:14] = own[:, 6:12]
        x[:, 14] = [float(b.blank_after) for b in blocks]
        x[:, 15] = [float(b.blank_before) for b in blocks]
        x[:, 16] = np.asarray([b.index for b in blocks], dtype=np.int64) / max(n - 1, 1)
        x[:, 17:20] = own[:, 12:15]
        x[:, 22:25] = own[:, 15:18]
        x[:, 26] = math.log1p(n)
        logc = x[:, FEATURE_NAMES.index("log_chars")]
        x[:, FEATURE_NAMES.index("rel_length")] = logc - float(np.median(logc))
        x[:, FEATURE_NAMES.index("page_long_share")] = float(
            x[:, FEATURE_NAMES.index("words_ge_10")].mean())
        seen: set[str] = set()
        col = FEATURE_NAMES.index("earlier_copy")
        for i, b in enumerate(blocks):
            key = _line_key(b.text)
            x[i, col] = float(key in seen)
            seen.add(key)
    return x, toks

