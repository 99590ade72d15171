"""Turn texts into sets of 64-bit shingle hashes (word n-grams or character n-grams).

Definitions (so that anyone can recompute a similarity):

* tokens: runs of ``\\w`` in ``unicodedata.normalize("NFKC", text).casefold()``
  (:func:`seedclean.neardup.tokens.reference_tokens`);
* ``shingle="word"``: every run of ``ngram`` consecutive tokens; a text with
  fewer than ``ngram`` tokens (but at least one) has one shingle, all its tokens;
* ``shingle="char"``: every run of ``ngram`` consecutive characters of the
  tokens joined by single spaces; a shorter text is one shingle;
* a text without tokens has no shingles and is never anyone's duplicate.

Each shingle is hashed to 64 bits (:func:`reference_shingles` is the plain
version).  Two different shingles of a pair of documents collide with
probability about ``n**2 / 2**64`` for ``n`` shingles, so Jaccard values
computed on the hash sets are exact for all practical purposes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig
from seedclean.neardup.tokens import _powers, fmix64, reference_token_hash, reference_tokens, token_hashes

__all__ = ["ShingleBatch", "reference_shingles", "shingle_hashes"]

U64 = npt.NDArray[np.uint64]
IntArr = npt.NDArray[np.intp]

_MASK64 = (1 << 64) - 1


def _constants(seed: int) -> tuple[int, int, int]:
    """Return (Q, salt, length mark): the odd multiplier and the salts of the shingle hash."""
    base = np.arange(1, 4, dtype=np.uint64) + np.uint64((seed * 0x9E3779B97F4A7C15) & _MASK64)
    q, salt, mark = (int(x) for x in fmix64(base))
    return q | 1, salt, mark


class ShingleBatch:
    """Hold the shingle hashes of many documents: ``hashes`` grouped by ``doc`` in order."""

    __slots__ = ("doc", "exact", "hashes", "n_docs", "tokens_per_doc")

    def __init__(self, hashes: U64, doc: IntArr, n_docs: int, tokens_per_doc: IntArr,
                 exact: U64) -> None:
        """Store the flat arrays (``doc`` sorted; ``exact``: two 64-bit keys of the token sequence)."""
        self.exact = exact
        self.hashes = hashes
        self.doc = doc
        self.n_docs = n_docs
        self.tokens_per_doc = tokens_per_doc

    def sets(self) -> list[U64]:
        """Return each document's sorted, de-duplicated shingle hashes."""
        order = np.lexsort((self.hashes, self.doc))
        h, d = self.hashes[order], self.doc[order]
        keep = np.ones(len(h), dtype=bool)
        keep[1:] = (h[1:] != h[:-1]) | (d[1:] != d[:-1])
        h, d = h[keep], d[keep]
        bounds = np.searchsorted(d, np.arange(self.n_docs + 1))
        return [h[bounds[i]: bounds[i + 1]] for i in range(self.n_docs)]


def _ngrams(th: U64, tdoc: IntArr, n_docs: int, n: int, seed: int) -> ShingleBatch:
    """Hash each n-gram of token hashes as fmix64(sum(t_k * Q**k) ^ salt), never across documents.

    One prefix sum of ``t_i * Q**i`` gives every window (and each whole
    document, for the exact key) with two lookups and a multiplication.
    """
    counts = np.bincount(tdoc, minlength=n_docs).astype(np.intp)
    starts = np.zeros(n_docs + 1, dtype=np.intp)
    np.cumsum(counts, out=starts[1:])
    q, salt, mark = _constants(seed)
    m = len(th)
    pw, ipw = _powers(1 << max(m, 1 << 20).bit_length(), q)  # few distinct sizes: cached
    prefix = np.empty(m + 1, dtype=np.uint64)
    prefix[0] = 0
    np.multiply(th, pw[:m], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    full = tdoc[: max(m - n + 1, 0)] == tdoc[n - 1:]  # first token of a full n-gram
    lo = np.flatnonzero(full)
    acc = prefix[n:] - prefix[: max(m - n + 1, 0)]  # all windows, contiguous, then keep the full ones
    np.multiply(acc, ipw[: len(acc)], out=acc)
    acc = acc[full]
    nonempty = np.flatnonzero(counts)
    whole = (prefix[starts[nonempty + 1]] - prefix[starts[nonempty]]) * ipw[starts[nonempty]]
    short = np.flatnonzero((counts > 0) & (counts < n))  # one shingle: all their tokens
    sacc = whole[np.searchsorted(nonempty, short)] + counts[short].astype(np.uint64) * np.uint64(mark)
    first = np.concatenate([lo, starts[short]])
    order = np.argsort(first, kind="stable") if len(short) else slice(None)
    hashes = fmix64(np.concatenate([acc, sacc])[order] ^ np.uint64(salt))
    doc = tdoc[first[order]]
    exact = np.zeros((n_docs, 2), dtype=np.uint64)
    exact[nonempty, 0] = whole + counts[nonempty].astype(np.uint64)
    if len(hashes):
        bounds = np.searchsorted(doc, nonempty)
        exact[nonempty, 1] = np.add.reduceat(hashes, bounds) | np.uint64(1)
    return ShingleBatch(hashes, doc, n_docs, counts, exact)


def _char_ngrams(texts: Sequence[str], n: int, seed: int) -> ShingleBatch:
    """Hash character n-grams of the space-joined tokens of each text."""
    joined = [" ".join(reference_tokens(t)) for t in texts]
    th, tdoc = token_hashes(joined)  # only to count tokens per document
    hs, ds = [], []
    for i, text in enumerate(joined):
        if not text:
            continue
        grams = [text[j: j + n] for j in range(max(len(text) - n + 1, 1))]
        hs.append(np.array([reference_token_hash(g) for g in set(grams)], dtype=np.uint64))
        ds.append(np.full(len(hs[-1]), i, dtype=np.intp))
    counts = np.bincount(tdoc, minlength=len(texts)).astype(np.intp)
    exact = _ngrams(th, tdoc, len(texts), 5, seed).exact
    if not hs:
        return ShingleBatch(np.zeros(0, np.uint64), np.zeros(0, np.intp), len(texts), counts, exact)
    mixed = fmix64(np.concatenate(hs) ^ np.uint64(_constants(seed)[1]))
    return ShingleBatch(mixed, np.concatenate(ds), len(texts), counts, exact)


def shingle_hashes(texts: Sequence[str], config: NearDupConfig) -> ShingleBatch:
    """Hash the shingles of each text as ``config`` says (duplicates kept, in order).

    >>> b = shingle_hashes(["a b c d e f", "x y", ""], NearDupConfig())
    >>> b.doc.tolist(), b.tokens_per_doc.tolist()
    ([0, 0, 1], [6, 2, 0])
    """
    if config.shingle == "char":
        return _char_ngrams(texts, config.ngram, config.seed)
    th, tdoc = token_hashes(texts)
    return _ngrams(th, tdoc, len(texts), config.ngram, config.seed)


def reference_shingles(text: str, config: NearDupConfig) -> set[int]:
    """Compute one text's shingle hash set the plain way (used by tests and peers).

    >>> cfg = NearDupConfig()
    >>> reference_shingles("A b, c d e f!", cfg) == set(shingle_hashes(["a b c d e f"], cfg).hashes.tolist())
    True
    """
    if config.shingle == "char":
        return set(shingle_hashes([text], config).hashes.tolist())
    toks = [reference_token_hash(w) for w in reference_tokens(text)]
    q, salt, mark = _constants(config.seed)
    n = config.ngram

    def mix(acc: int) -> int:
        return int(fmix64(np.array([(acc & _MASK64) ^ salt], dtype=np.uint64))[0])

    if not toks:
        return set()
    if len(toks) < n:
        return {mix(sum(t * q**k for k, t in enumerate(toks)) + len(toks) * mark)}
    return {mix(sum(t * q**k for k, t in enumerate(toks[i: i + n]))) for i in range(len(toks) - n + 1)}
