"""Compute MinHash signatures with one-permutation hashing, vectorised over a corpus.

Classic MinHash applies ``num_perm`` hash functions to every shingle
(``num_perm`` times the work).  One-permutation hashing (Li, Owen and Zhang,
NIPS 2012) hashes each shingle once: the high 32 bits pick one of ``num_perm``
bins, the low 32 bits are the value, and each bin keeps its minimum.  Empty
bins (documents with few shingles) are filled by *optimal densification*
(Shrivastava, ICML 2017): bin ``j`` copies the first non-empty bin in a fixed
pseudo-random probe sequence of bins that depends only on ``j`` and the seed.
For every bin, two documents agree with probability equal to their Jaccard
similarity, as with classic MinHash, so the signatures work with LSH banding
and datasketch's ``MinHashLSH`` (see :func:`to_lean_minhash`).

Values are ``uint64`` below ``2**32`` like datasketch's; a document with no
shingles has every value ``2**32 - 1`` (datasketch's empty MinHash).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig
from seedclean.neardup.shingles import ShingleBatch, shingle_hashes
from seedclean.neardup.tokens import fmix64

__all__ = ["EMPTY_VALUE", "minhash_batch", "signatures", "to_lean_minhash"]

U64 = npt.NDArray[np.uint64]
EMPTY_VALUE = (1 << 32) - 1  # datasketch's _max_hash: the value of an empty MinHash
_NONE = np.uint64(1 << 32)  # marks an empty bin before densification
_PROBES = 1024  # densification probes tried vectorised; the rare rest in a loop


@functools.cache
def _probe_table(num_perm: int, seed: int, probes: int) -> npt.NDArray[np.intp]:
    """Return the fixed probe sequence of bins for every bin (num_perm x probes)."""
    j = np.arange(num_perm, dtype=np.uint64)[:, None] * np.uint64(1 << 20)
    t = np.arange(probes, dtype=np.uint64)[None, :]
    mixed = fmix64((j + t + np.uint64((seed * 0x632BE59BD9B4E019) & ((1 << 64) - 1))).ravel())
    return ((mixed % np.uint64(num_perm)).astype(np.intp)).reshape(num_perm, probes)


def _densify(sig: U64, num_perm: int, seed: int) -> None:
    """Fill empty bins in place by optimal densification; all-empty rows get EMPTY_VALUE."""
    flat = sig.reshape(-1)  # a view: filled in place
    empty = flat == _NONE
    if not empty.any():
        return
    orig = flat.copy()
    dead = empty.reshape(sig.shape).all(axis=1)  # no shingles at all
    cells = np.flatnonzero(empty)  # about half of the empty cells are filled per probe
    if dead.any():
        cells = cells[~dead[cells // num_perm]]
        sig[dead] = EMPTY_VALUE
    table = np.ascontiguousarray(_probe_table(num_perm, seed, _PROBES).T)  # probe t: one row
    for t in range(_PROBES):
        if len(cells) == 0:
            break
        col = cells % num_perm
        v = np.take(orig, cells - col + np.take(table[t], col))
        hit = v != _NONE
        flat[cells[hit]] = v[hit]
        cells = cells[~hit]
    if len(cells):
        long_table = _probe_table(num_perm, seed, 64 * num_perm)
        for cell in cells.tolist():
            row, j = divmod(cell, num_perm)
            seq = orig[row * num_perm + long_table[j]]
            hit_at = np.flatnonzero(seq != _NONE)
            # after 64*num_perm misses, fall back to the first non-empty bin
            row_vals = orig[row * num_perm:(row + 1) * num_perm]
            flat[cell] = seq[hit_at[0]] if len(hit_at) else row_vals[row_vals != _NONE][0]


def minhash_batch(batch: ShingleBatch, num_perm: int, seed: int) -> U64:
    """Compute the (documents x num_perm) signature matrix of a shingle batch."""
    n = batch.n_docs
    h = batch.hashes
    if num_perm & (num_perm - 1) == 0:  # power of two: the top bits are the bin
        bins = h >> np.uint64(64 - num_perm.bit_length() + 1)
    else:
        bins = ((h >> np.uint64(32)) * np.uint64(num_perm)) >> np.uint64(32)
    values = h & np.uint64(0xFFFFFFFF)
    flat = batch.doc.astype(np.uint64) * np.uint64(num_perm) + bins
    key = np.sort((flat << np.uint64(32)) | values)
    slot = key >> np.uint64(32)
    first = np.ones(len(key), dtype=bool)
    first[1:] = slot[1:] != slot[:-1]
    flat_sig = np.full(n * num_perm, _NONE, dtype=np.uint64)
    flat_sig[slot[first].astype(np.intp)] = key[first] & np.uint64(0xFFFFFFFF)
    sig = flat_sig.reshape(n, num_perm)
    _densify(sig, num_perm, seed)
    return sig


def _batches(texts: Sequence[str], max_chars: int) -> list[tuple[int, int]]:
    """Split the texts into consecutive ranges of about max_chars characters."""
    ranges, lo, size = [], 0, 0
    for i, t in enumerate(texts):
        size += len(t)
        if size >= max_chars or i + 1 - lo >= 1 << 20:  # doc*num_perm must fit 32 bits
            ranges.append((lo, i + 1))
            lo, size = i + 1, 0
    if lo < len(texts) or not ranges:
        ranges.append((lo, len(texts)))
    return ranges


def signatures(texts: Sequence[str], *, config: NearDupConfig | None = None) -> U64:
    """Compute a MinHash signature per text, straight from the raw text.

    >>> sig = signatures(["the quick brown fox jumps over the lazy dog"] * 2 + ["other words here"])
    >>> sig.shape, sig.dtype.name, bool((sig[0] == sig[1]).all()), bool((sig[0] == sig[2]).mean() < 0.5)
    ((3, 128), 'uint64', True, True)

    Args:
        texts: the documents.
        config: shingling, ``num_perm`` and ``seed`` (defaults: word 5-grams, 128, 1).

    Returns:
        A ``uint64`` array of shape ``(len(texts), config.num_perm)``.
    """
    cfg = config or NearDupConfig()
    out = np.empty((len(texts), cfg.num_perm), dtype=np.uint64)
    for lo, hi in _batches(texts, 1 << 22):
        batch = shingle_hashes(texts[lo:hi], cfg)
        out[lo:hi] = minhash_batch(batch, cfg.num_perm, cfg.seed)
    return out


def to_lean_minhash(texts: Sequence[str], *, config: NearDupConfig | None = None) -> list[Any]:
    """Return the signatures as datasketch ``LeanMinHash`` objects (for ``MinHashLSH``).

    The objects carry seedclean's values; compare them with each other (or put
    them in a datasketch ``MinHashLSH`` built with the same ``num_perm``), not
    with MinHashes that datasketch computed itself.

    >>> a, b = to_lean_minhash(["one two three four five six", "one two three four five six"])
    >>> a.jaccard(b)
    1.0
    """
    from datasketch import LeanMinHash

    cfg = config or NearDupConfig()
    sig = signatures(texts, config=cfg).astype(np.uint32)  # datasketch 2 default scheme: 32-bit values
    return [LeanMinHash(seed=cfg.seed, hashvalues=row, scheme="affine32") for row in sig]
