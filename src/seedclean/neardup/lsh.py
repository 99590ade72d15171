"""Choose LSH banding for recall, key the bands, and list candidate pairs.

A pair with Jaccard ``s`` shares at least one of ``b`` bands of ``r`` rows with
probability ``1 - (1 - s**r)**b``.  datasketch's ``_optimal_param`` minimises a
weighted sum of the false-positive and false-negative areas; here false
positives cost only verification time (every candidate is verified exactly),
while a false negative is a missed duplicate.  So :func:`lsh_params` takes the
``(b, r)`` with ``b * r <= num_perm`` that keeps the miss probability at the
threshold itself below ``1 - config.lsh_recall`` and, among those, has the
smallest false-positive area below the threshold.
"""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig
from seedclean.neardup.tokens import fmix64

__all__ = ["band_keys", "candidate_pairs", "design_threshold", "lsh_params"]

U64 = npt.NDArray[np.uint64]
IntArr = npt.NDArray[np.intp]


def design_threshold(config: NearDupConfig) -> float:
    """Return the Jaccard level LSH must catch: the threshold, or its bound for containment.

    Containment ``c`` of equal-size sets means Jaccard ``c / (2 - c)``.

    >>> design_threshold(NearDupConfig(threshold=0.8, similarity="containment"))
    0.6666666666666667
    """
    t = config.threshold
    return t / (2 - t) if config.similarity == "containment" else t


def _collision(s: float, b: int, r: int) -> float:
    return float(1 - (1 - s**r) ** b)


def _fp_area(t: float, b: int, r: int, steps: int = 200) -> float:
    xs = np.linspace(0, t, steps)
    ys = 1 - (1 - xs**r) ** b
    return float(((ys[1:] + ys[:-1]) / 2 * np.diff(xs)).sum())  # trapezoid rule (any numpy)


@functools.cache
def _params(threshold: float, num_perm: int, recall: float) -> tuple[int, int]:
    best: tuple[float, int, int] | None = None
    fallback = (0.0, 1, num_perm)
    for r in range(1, num_perm + 1):
        b = num_perm // r
        p = _collision(threshold, b, r)
        if p > fallback[0]:
            fallback = (p, b, r)
        if p >= recall:
            area = _fp_area(threshold, b, r)
            if best is None or area < best[0]:
                best = (area, b, r)
    return (best[1], best[2]) if best else (fallback[1], fallback[2])


def lsh_params(config: NearDupConfig) -> tuple[int, int]:
    """Return (bands, rows): the config's override, else chosen for recall at the threshold.

    >>> lsh_params(NearDupConfig())
    (25, 5)
    >>> lsh_params(NearDupConfig(bands=16, rows=8))
    (16, 8)
    """
    if config.bands is not None and config.rows is not None:
        return config.bands, config.rows
    return _params(design_threshold(config), config.num_perm, config.lsh_recall)


def band_keys(sig: U64, bands: int, rows: int, seed: int) -> U64:
    """Hash each band of each signature to 64 bits (the band number is part of the key).

    >>> k = band_keys(np.array([[1, 2, 3, 4], [1, 2, 3, 5]], dtype=np.uint64), 2, 2, 1)
    >>> k.shape, bool(k[0, 0] == k[1, 0]), bool(k[0, 1] == k[1, 1])
    ((2, 2), True, False)
    """
    n = sig.shape[0]
    salt = np.uint64((seed * 0xA24BAED4963EE407) & ((1 << 64) - 1))
    mult = fmix64(np.arange(1, rows + 1, dtype=np.uint64) + salt)
    keys = np.empty((n, bands), dtype=np.uint64)
    for i in range(bands):
        acc = np.full(n, i + 1, dtype=np.uint64) * np.uint64(0x9FB21C651E98DF25)
        for j in range(rows):
            acc += (sig[:, i * rows + j] + np.uint64(1)) * (mult[j] | np.uint64(1))
        keys[:, i] = fmix64(acc)
    return keys


def candidate_pairs(keys: U64) -> IntArr:
    """List each pair of rows sharing a band key once, as sorted (i, j) rows with i < j.

    >>> candidate_pairs(np.array([[1, 7], [2, 7], [1, 8]], dtype=np.uint64)).tolist()
    [[0, 1], [0, 2]]
    """
    n = keys.shape[0]
    codes = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        sk = keys[order, band]
        idx = np.arange(n - 1, dtype=np.intp)
        d = 1
        while len(idx):
            idx = idx[(idx + d < n)]
            idx = idx[sk[idx] == sk[np.minimum(idx + d, n - 1)]]
            if len(idx):
                a, b = order[idx], order[idx + d]
                codes.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
            d += 1
    if not codes:
        return np.zeros((0, 2), dtype=np.intp)
    u = np.unique(np.concatenate(codes))
    return np.stack([u // n, u % n], axis=1).astype(np.intp)
