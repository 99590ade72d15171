"""Compute exact similarities of shingle hash sets (the verification step).

Both sets are sorted, de-duplicated ``uint64`` arrays
(:meth:`seedclean.neardup.shingles.ShingleBatch.sets`).  Jaccard is
``|A & B| / |A | B|``; containment (symmetric form) is
``|A & B| / min(|A|, |B|)``.  Empty sets have similarity 0: a document with no
tokens is never a near-duplicate.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["intersection_size", "similarity"]

U64 = npt.NDArray[np.uint64]


def intersection_size(a: U64, b: U64) -> int:
    """Count the common elements of two sorted, de-duplicated arrays.

    >>> intersection_size(np.array([1, 3, 5], np.uint64), np.array([3, 4, 5, 9], np.uint64))
    2
    """
    if len(a) > len(b):
        a, b = b, a
    if len(a) == 0:
        return 0
    pos = np.searchsorted(b, a)
    pos[pos == len(b)] = len(b) - 1
    return int(np.count_nonzero(b[pos] == a))


def similarity(a: U64, b: U64, *, containment: bool = False) -> float:
    """Return the exact Jaccard (or containment) similarity of two shingle sets.

    >>> similarity(np.array([1, 2, 3, 4], np.uint64), np.array([1, 2, 3, 5], np.uint64))
    0.6
    >>> similarity(np.array([1, 2], np.uint64), np.array([1, 2, 3, 5], np.uint64), containment=True)
    1.0
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = intersection_size(a, b)
    if containment:
        return inter / min(len(a), len(b))
    return inter / (len(a) + len(b) - inter)


def can_reach(size_a: int, size_b: int, threshold: float, *, containment: bool = False) -> bool:
    """Tell whether two sets of these sizes can reach the threshold (Jaccard <= min/max).

    >>> can_reach(10, 20, 0.8), can_reach(18, 20, 0.8)
    (False, True)
    """
    if size_a == 0 or size_b == 0:
        return False
    return containment or min(size_a, size_b) >= threshold * max(size_a, size_b)
