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

__all__ = ["ShingleBatch", "exact_keys", "reference_shingles", "shingle_hashes"]

U64 = npt.NDArray[np.uint64]
IntArr = npt.NDArray[np.intp]

_MASK64 = (1 << 64) - 1


def _coefficients(seed: int, n: int) -> U64:
    """Return n odd 64-bit multipliers derived from the seed (one per n-gram position)."""
    base = np.arange(1, n + 2, dtype=np.uint64) + np.uint64((seed * 0x9E3779B97F4A7C15) & _MASK64)
    return fmix64(base) | np.uint64(1)


class ShingleBatch:
    """Hold the shingle hashes of many documents: ``hashes`` grouped by ``doc`` in order."""

    __slots__ = ("doc", "exact", "hashes", "n_docs", "tokens_per_doc")

    def __init__(self, hashes: U64, doc: IntArr, n_docs: int, tokens_per_doc: IntArr,
                 exact: U64) -> None:
        """Store the flat arrays (``doc`` is sorted; ``exact`` is :func:`exact_keys`)."""
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
    """Combine consecutive token hashes into n-gram hashes, never across documents."""
    counts = np.bincount(tdoc, minlength=n_docs).astype(np.intp)
    starts = np.zeros(n_docs + 1, dtype=np.intp)
    np.cumsum(counts, out=starts[1:])
    coef = _coefficients(seed, n)
    m = len(th)
    padded = np.concatenate([th, np.zeros(n, dtype=np.uint64)])
    acc = th * coef[0]
    tmp = np.empty(m, dtype=np.uint64)
    for k in range(1, n):
        np.multiply(padded[k: k + m], coef[k], out=tmp)
        acc += tmp
    full = np.zeros(m, dtype=bool)  # first token of a complete n-gram of one document
    full[: max(m - n + 1, 0)] = tdoc[: max(m - n + 1, 0)] == tdoc[n - 1:]
    short = np.flatnonzero((counts > 0) & (counts < n))  # one shingle of all their tokens
    if len(short):
        first = starts[short]
        sacc = counts[short].astype(np.uint64) * coef[n]
        for k in range(n - 1):
            take = counts[short] > k
            sacc[take] += th[first[take] + k] * coef[k]
        acc[first] = sacc
        full[first] = True
    exact = exact_keys(th, starts, counts)
    return ShingleBatch(fmix64(acc[full]), tdoc[full], n_docs, counts, exact)


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
    starts = np.zeros(len(texts) + 1, dtype=np.intp)
    np.cumsum(counts, out=starts[1:])
    exact = exact_keys(th, starts, counts)
    if not hs:
        return ShingleBatch(np.zeros(0, np.uint64), np.zeros(0, np.intp), len(texts), counts, exact)
    mixed = fmix64(np.concatenate(hs) ^ _coefficients(seed, 1)[0])
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
    coef = [int(c) for c in _coefficients(config.seed, config.ngram)]
    n = config.ngram
    if not toks:
        return set()
    if len(toks) < n:
        acc = sum(t * c for t, c in zip(toks, coef, strict=False)) + len(toks) * coef[n]
        return {int(fmix64(np.array([acc & _MASK64], dtype=np.uint64))[0])}
    out = set()
    for i in range(len(toks) - n + 1):
        acc = sum(t * c for t, c in zip(toks[i: i + n], coef, strict=False)) & _MASK64
        out.add(int(fmix64(np.array([acc], dtype=np.uint64))[0]))
    return out


def exact_keys(th: U64, starts: IntArr, counts: IntArr) -> U64:
    """Key each document by its token sequence (two 64-bit hashes); 0-token documents get 0.

    Documents with equal keys have the same tokens in the same order: they
    differ at most in case, punctuation, whitespace and NFKC variants.
    ``starts``/``counts`` give each document's slice of the token hashes ``th``.

    >>> th, tdoc = token_hashes(["A b", "a, B!", "b a", ""])
    >>> k = exact_keys(th, np.array([0, 2, 4, 6, 6]), np.array([2, 2, 2, 0]))
    >>> bool((k[0] == k[1]).all()), bool((k[0] == k[2]).all()), k[3].tolist()
    (True, False, [0, 0])
    """
    n_docs = len(counts)
    keys = np.zeros((n_docs, 2), dtype=np.uint64)
    nonempty = np.flatnonzero(counts)
    if len(th) == 0:
        return keys
    for j, mult in enumerate((0x5851F42D4C957F2D, 0x14057B7EF767814F)):
        pw, ipw = _powers(1 << len(th).bit_length(), mult)
        prefix = np.zeros(len(th) + 1, dtype=np.uint64)
        np.cumsum(th * pw[: len(th)], out=prefix[1:])
        s, e = starts[nonempty], starts[nonempty] + counts[nonempty]
        keys[nonempty, j] = (prefix[e] - prefix[s]) * ipw[s]
    keys[nonempty, 0] += counts[nonempty].astype(np.uint64)
    return keys
