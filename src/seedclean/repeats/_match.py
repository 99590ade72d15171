r"""Find, for every unit, the earlier unit it repeats (MinHash candidates, exact check).

Three steps, each linear or ``n log n`` in the number of units:

1. exact repeats: units with the same token sequence map to the first one;
2. candidates: a vectorised MinHash (numpy multiply-shift hashing of word
   bigrams) banded into LSH buckets; for each band a unit is paired with the
   earliest and the latest earlier unit of its bucket (sorting, no pair
   enumeration, so 50k identical lines stay linear);
3. verification: the share of the later unit's bigrams found in the candidate
   (exact set arithmetic), then a token alignment (``difflib``) that counts the
   later unit's new words for the callers' rules.

>>> from seedclean.config import RepeatsConfig
>>> from seedclean.repeats._units import segment
>>> doc = segment("The cat sat on the mat today.\nNo.\nThe cat sat on the mat, 2024.",
...               max_unit_tokens=64)
>>> m = find_matches(doc, RepeatsConfig())
>>> sorted((u, x.source, round(x.score, 2), x.new_words) for u, x in m.items())
[(2, 0, 0.83, 0)]
"""

from __future__ import annotations

import difflib
import functools
import itertools
from dataclasses import dataclass

import numpy as np

from seedclean.config import RepeatsConfig
from seedclean.repeats._units import Doc

__all__ = ["Match", "find_matches"]

_MIX = np.uint64(0x9E3779B97F4A7C15)
_MAX_ALIGN = 1 << 20  # token pairs up to which units are aligned exactly (difflib is quadratic)
_CHUNK_SHINGLES = 1 << 15  # rows of the (shingles x perms) matrix computed at once
_PAIR_CHUNK = 1 << 15  # candidate pairs whose signatures are compared at once
_MAX_ALTS = 8  # earlier occurrences of one sentence kept as possible sources (bounds the work)
_SHORT_MIN_JACCARD = 0.5  # see _plausible


@dataclass(frozen=True, slots=True)
class Match:
    """Say that unit ``unit`` repeats the earlier unit ``source``.

    Attributes:
        unit: index of the later unit.
        source: index of the earlier unit it copies.
        score: share of the later unit's word bigrams present in the source.
        new_words: tokens of the later unit outside the alignment that contain a letter.
        lo: first token of the copied stretch of the later unit.
        hi: one past its last token.
        inner_new: new words inside the stretch.
        alts: later earlier units with the very same tokens (other possible sources).
    """

    unit: int
    source: int
    score: float
    new_words: int
    lo: int = 0
    hi: int = 0
    inner_new: int = 0
    alts: tuple[int, ...] = ()


def _token_ids(doc: Doc) -> list[list[int]]:
    """Return the units' tokens as small integer ids (first-seen order)."""
    vocab: dict[str, int] = {}
    return [[vocab.setdefault(t, len(vocab)) for t in u.tokens] for u in doc.units]


def _shingles(ids: list[int], width: int) -> set[int]:
    """Return the set of word bigrams of a unit as exact integer keys."""
    return {a * width + b for a, b in itertools.pairwise(ids)} or {ids[0] * width}


@functools.cache
def _perm_params(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the multiply-shift hash parameters (odd multipliers, offsets) of the MinHash."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def _signatures(keys: np.ndarray, starts: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """Return one MinHash signature row per segment of ``keys`` (vectorised)."""
    a, b = _perm_params(num_perm, seed)
    h = keys * _MIX
    h ^= h >> np.uint64(29)
    n = len(starts)
    sig = np.empty((n, num_perm), dtype=np.uint64)
    bounds = np.append(starts, len(keys))
    first = 0
    while first < n:  # chunks of whole segments, about _CHUNK_SHINGLES rows each
        last = int(np.searchsorted(bounds, bounds[first] + _CHUNK_SHINGLES, side="right")) - 1
        last = min(max(last, first + 1), n)
        lo, hi = int(bounds[first]), int(bounds[last])
        vals = (h[lo:hi, None] * a[None, :] + b[None, :]) >> np.uint64(32)
        sig[first:last] = np.minimum.reduceat(vals, starts[first:last] - lo, axis=0)
        first = last
    return sig


def _band_candidates(sig: np.ndarray, rows: int) -> np.ndarray:
    """Return (later, earlier) row pairs sharing an LSH band bucket, deduplicated.

    All bands are sorted at once by (band, bucket, row); each row that is not first
    in its bucket is paired with the first (earliest) and the previous (latest) row.
    """
    n, num_perm = sig.shape
    bands = num_perm // rows
    if n < 2 or bands == 0:
        return np.empty((0, 2), dtype=np.int64)
    s3 = sig[:, : bands * rows].reshape(n, bands, rows)
    key = np.zeros((n, bands), dtype=np.uint64)
    for r in range(rows):
        key = key * _MIX + s3[:, :, r]
    keys = key.ravel()
    band_ids = np.tile(np.arange(bands), n)
    row_ids = np.repeat(np.arange(n, dtype=np.int64), bands)
    order = np.lexsort((row_ids, keys, band_ids))
    kb, bb, rb = keys[order], band_ids[order], row_ids[order]
    same = np.zeros(len(order), dtype=bool)
    same[1:] = (kb[1:] == kb[:-1]) & (bb[1:] == bb[:-1])
    idx = np.flatnonzero(same)
    group_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(order))))
    later = np.concatenate([rb[idx], rb[idx]])
    earlier = np.concatenate([rb[group_start[idx]], rb[idx - 1]])
    codes = np.unique(later * n + earlier)
    return np.stack([codes // n, codes % n], axis=1)


def _plausible(sig: np.ndarray, pairs: np.ndarray, short: np.ndarray) -> np.ndarray:
    """Drop candidate pairs of a short unit whose estimated Jaccard cannot pass the exact check.

    A short unit must share 80% of the larger bigram set, so Jaccard >= 2/3; the bar
    ``_SHORT_MIN_JACCARD`` leaves 2.5 standard deviations of MinHash estimation error at
    63 permutations.  Long units are all checked (containment allows a low Jaccard).
    """
    keep = []
    for lo in range(0, len(pairs), _PAIR_CHUNK):
        p = pairs[lo : lo + _PAIR_CHUNK]
        est = (sig[p[:, 0]] == sig[p[:, 1]]).mean(axis=1)
        keep.append(p[~short[p[:, 0]] | (est >= _SHORT_MIN_JACCARD)])
    return np.concatenate(keep) if keep else pairs


def _align(src: tuple[str, ...], dst: tuple[str, ...]) -> tuple[int, int, int, int]:
    """Align ``dst`` on ``src``; return (new words, stretch start, stretch end, new words in it).

    New words are tokens of ``dst`` outside the alignment that hold a letter.  The
    stretch runs from the first to the last aligned block of two or more tokens: the
    part of ``dst`` that is copied, where a quote inside a new sentence starts and ends.
    """
    if len(src) * len(dst) > _MAX_ALIGN:  # a huge unit (unpunctuated CJK run): count by set
        seen = set(src)
        new = sum(1 for t in dst if t not in seen and not t.isdigit())
        return new, 0, len(dst), new
    blocks = difflib.SequenceMatcher(None, src, dst, autojunk=False).get_matching_blocks()
    aligned = [False] * len(dst)
    for blk in blocks:
        aligned[blk.b : blk.b + blk.size] = [True] * blk.size
    fresh = [not ok and not t.isdigit() for t, ok in zip(dst, aligned, strict=True)]
    long = [blk for blk in blocks if blk.size >= 2]
    lo, hi = (long[0].b, long[-1].b + long[-1].size) if long else (0, 0)
    return sum(fresh), lo, hi, sum(fresh[lo:hi])


def _exact_matches(doc: Doc) -> dict[int, Match]:
    """Map every unit whose token sequence occurred before to its first occurrence.

    The next few earlier occurrences are kept as alternatives, so the caller can
    follow the copy of a passage that itself repeats a sentence.
    """
    seen: dict[tuple[str, ...], list[int]] = {}
    out: dict[int, Match] = {}
    for i, u in enumerate(doc.units):
        earlier = seen.setdefault(u.tokens, [])
        if earlier:
            out[i] = Match(i, earlier[0], 1.0, 0, 0, len(u.tokens), 0, tuple(earlier[1:]))
        if len(earlier) < _MAX_ALTS:
            earlier.append(i)
    return out


def _fuzzy_matches(doc: Doc, skip: dict[int, Match], config: RepeatsConfig) -> dict[int, Match]:
    """Match units with near (not identical) earlier units via MinHash LSH."""
    ids = _token_ids(doc)
    todo = [i for i, x in enumerate(ids) if len(x) >= config.fuzzy_min_tokens and i not in skip]
    if len(todo) < 2:
        return {}
    width = max(max(x) for x in ids) + 1
    sets = [_shingles(ids[i], width) for i in todo]
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    keys = np.fromiter((k for s in sets for k in s), dtype=np.uint64, count=int(sizes.sum()))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    sig = _signatures(keys, starts, config.num_perm, config.seed)
    lens = np.fromiter((len(ids[i]) for i in todo), dtype=np.int64, count=len(todo))
    pairs = _plausible(sig, _band_candidates(sig, config.lsh_rows), lens < config.min_tokens)
    scorer = _Scorer(doc, ids, width, config)
    best: dict[int, tuple[float, int]] = {}
    for r_later, r_earlier in pairs.tolist():
        u, v = todo[r_later], todo[r_earlier]
        score = scorer.score(u, v)
        if score >= config.min_overlap and (score, -v) > best.get(u, (0.0, 0)):
            best[u] = (score, -v)
    out = {}
    for u, (score, neg_v) in best.items():
        src = [t for w in scorer.context(u, -neg_v) for t in doc.units[w].tokens]
        new, lo, hi, inner = _align(tuple(src), doc.units[u].tokens)
        if new and len(ids[u]) < config.min_tokens:
            continue  # a short line with a word changed is another line ("Large ..." / "Medium ...")
        out[u] = Match(u, -neg_v, score, new, lo, hi, inner)
    return out


class _Scorer:
    """Score a later unit against an earlier one exactly (bigram sets, built lazily)."""

    def __init__(self, doc: Doc, ids: list[list[int]], width: int, config: RepeatsConfig) -> None:
        """Keep the token ids; shingle sets are built on first use."""
        self.doc, self.ids, self.width, self.cfg = doc, ids, width, config
        self.sets: dict[int, set[int]] = {}

    def _set(self, u: int) -> set[int]:
        s = self.sets.get(u)
        if s is None:
            s = self.sets[u] = _shingles(self.ids[u], self.width) if self.ids[u] else set()
        return s

    def context(self, u: int, v: int) -> list[int]:
        """Return ``v`` with its neighbours before ``u``: a merged paragraph can join them."""
        if len(self.ids[u]) < self.cfg.min_tokens:
            return [v]
        return [w for w in (v - 1, v, v + 1) if 0 <= w < u]

    def score(self, u: int, v: int) -> float:
        """Return the share of ``u``'s bigrams found in ``v`` (and its context), or of ``v``'s in ``u``.

        A long unit may copy part of a longer one (a partial quote), straddle two
        (paragraphs merged at a colon) or hold one with new words around it; a short
        one must copy a whole short unit, or any phrase inside a sentence would count.
        The caller's alignment then says which part is copied.
        """
        s_u = self._set(u)
        if len(self.ids[u]) < self.cfg.min_tokens:
            s_v = self._set(v)
            return len(s_u & s_v) / max(len(s_u), len(s_v))
        ctx = [self._set(w) for w in self.context(u, v)]
        s_v = self._set(v)
        # ... or hold the whole earlier sentence with words around it (a quote in a new sentence).
        return max(len(s_u & set().union(*ctx)) / len(s_u), len(s_u & s_v) / len(s_v))


def find_matches(doc: Doc, config: RepeatsConfig) -> dict[int, Match]:
    """Return, for each unit that repeats an earlier one, its best earlier match.

    Args:
        doc: the segmented text.
        config: thresholds (``min_overlap``, ``fuzzy_min_tokens``, MinHash sizes).

    Returns:
        A mapping from later unit index to its :class:`Match`.
    """
    exact = _exact_matches(doc)
    fuzzy = _fuzzy_matches(doc, exact, config)
    return {**fuzzy, **exact}
