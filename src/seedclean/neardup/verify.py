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

__all__ = ["all_pair_intersections", "can_reach", "intersection_size", "intersections_with", "similarity"]

_DENSE_PAIRS = 1 << 24  # clusters up to 4096 sets count pairs in a dense table (128 MB at most)

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


def intersections_with(a: U64, others: list[U64]) -> npt.NDArray[np.int64]:
    """Count, at once, the common elements of one sorted set with each of many sorted sets.

    >>> intersections_with(np.array([1, 3, 5], np.uint64), [np.array([3, 5], np.uint64),
    ...                    np.array([2], np.uint64), np.array([], np.uint64)]).tolist()
    [2, 0, 0]
    """
    sizes = np.array([len(o) for o in others], dtype=np.intp)
    if len(a) == 0 or not sizes.sum():
        return np.zeros(len(others), dtype=np.int64)
    vals = np.concatenate(others)
    owner = np.repeat(np.arange(len(others)), sizes)
    pos = np.searchsorted(a, vals)
    pos[pos == len(a)] = len(a) - 1
    hit = a[pos] == vals
    return np.bincount(owner[hit], minlength=len(others)).astype(np.int64)


def all_pair_intersections(sets: list[U64]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp],
                                                       npt.NDArray[np.int64]]:
    """Return (i, j, |S_i & S_j|) for every pair i < j of sets sharing an element, in C loops.

    Sorts all (element, set) entries by element; each run of sets sharing an
    element contributes its pairs, then equal pairs are counted.

    >>> s = [np.array([1, 2, 3], np.uint64), np.array([2, 3], np.uint64), np.array([3, 9], np.uint64)]
    >>> [x.tolist() for x in all_pair_intersections(s)]
    [[0, 0, 1], [1, 2, 2], [2, 1, 1]]
    """
    m = len(sets)
    sizes = np.array([len(s) for s in sets], dtype=np.intp)
    empty = np.zeros(0, np.intp)
    if m < 2 or not sizes.sum():
        return empty, empty, np.zeros(0, np.int64)
    vals = np.concatenate(sets)
    owner = np.repeat(np.arange(m, dtype=np.int64), sizes)
    order = np.argsort(vals, kind="stable")  # stable: owners stay increasing inside a run
    vals, owner = vals[order], owner[order]
    n = len(vals)
    codes = []
    idx = np.flatnonzero(vals[1:] == vals[:-1])
    d = 1
    while len(idx):
        codes.append(owner[idx] * m + owner[idx + d])
        d += 1
        idx = idx[idx + d < n]
        idx = idx[vals[idx + d] == vals[idx]]
    flat = np.concatenate(codes)
    if m * m <= _DENSE_PAIRS:  # count into a dense m x m table: no sort of the pair codes
        table = np.bincount(flat, minlength=m * m)
        u = np.flatnonzero(table)
        counts = table[u]
    else:
        u, counts = np.unique(flat, return_counts=True)
    return (u // m).astype(np.intp), (u % m).astype(np.intp), counts.astype(np.int64)
