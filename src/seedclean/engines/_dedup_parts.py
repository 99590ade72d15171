"""Do the per-partition steps of distributed near-duplicate detection (no Dask here).

The steps are those of :func:`seedclean.neardup.find_duplicates`, cut where data
has to move between workers:

1. :func:`sketch` (per partition): exact keys, token counts and LSH band keys,
   with the near-dup module's own shingling, MinHash and band hashing;
2. :func:`band_buckets` (per partition) routes each band key of a
   representative document to a bucket by key; :func:`bucket_candidates` (per
   bucket) lists the pairs of documents that share a key: the band shuffle;
3. :func:`needed_sets` (per partition) computes the shingle sets that each
   verification chunk needs; :func:`verify_chunk` (per chunk) computes exact
   similarities, skipping pairs whose sizes cannot reach the threshold.

Signatures and sets of one document never depend on the other documents of
its partition, so any partitioning gives the same values.

>>> from seedclean.config import NearDupConfig
>>> cfg = NearDupConfig()
>>> sk = sketch([("a", "one two three four five six"), ("b", "one two three four five six")], cfg)
>>> sk.ids, sk.bands.shape
(['a', 'b'], (2, 25))
>>> buckets = band_buckets(sk, {"a", "b"}, 3)
>>> sorted({p for bucket in buckets for p in bucket_candidates(bucket)})
[('a', 'b')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig

__all__ = [
    "Bucket",
    "Sketch",
    "band_buckets",
    "bucket_candidates",
    "needed_sets",
    "sketch",
    "sketch_meta",
    "verify_chunk",
]

U64 = npt.NDArray[np.uint64]
#: One bucket of the band shuffle: band keys and the ids of their documents.
Bucket = tuple[U64, list[str]]
Pair = tuple[str, str]


@dataclasses.dataclass(frozen=True, slots=True)
class Sketch:
    """Hold one partition's documents and their sketches (kept on its worker)."""

    ids: list[str]
    texts: list[str]
    config: NearDupConfig
    exact: U64  # (n, 2) token-sequence keys
    ntok: npt.NDArray[np.intp]  # tokens per document
    bands: U64  # (n, bands) LSH band keys


def sketch(records: Sequence[tuple[str, str]], config: NearDupConfig) -> Sketch:
    """Compute exact keys, token counts and band keys of one partition's ``(id, text)``."""
    from seedclean.neardup.lsh import band_keys, lsh_params
    from seedclean.neardup.minhash import _batches, minhash_batch
    from seedclean.neardup.shingles import shingle_hashes

    ids = [i for i, _ in records]
    texts = [t for _, t in records]
    b, r = lsh_params(config)
    n = len(texts)
    exact = np.zeros((n, 2), np.uint64)
    bands = np.zeros((n, b), np.uint64)
    ntok = np.zeros(n, np.intp)
    for lo, hi in _batches(texts, 1 << 24):
        batch = shingle_hashes(texts[lo:hi], config)
        exact[lo:hi] = batch.exact
        bands[lo:hi] = band_keys(minhash_batch(batch, config.num_perm, config.seed), b, r, config.seed)
        ntok[lo:hi] = batch.tokens_per_doc
    return Sketch(ids, texts, config, exact, ntok, bands)


def sketch_meta(sk: Sketch) -> tuple[list[str], U64, npt.NDArray[np.intp]]:
    """Return what the client needs of a sketch: ids, exact keys, token counts."""
    return sk.ids, sk.exact, sk.ntok


def _bucket_of(keys: U64, n_buckets: int) -> npt.NDArray[np.intp]:
    # Band keys are already uniform 64-bit hashes: the top bits spread them evenly.
    return ((keys >> np.uint64(32)) % np.uint64(n_buckets)).astype(np.intp)


def band_buckets(sk: Sketch, reps: Collection[str], n_buckets: int) -> list[Bucket]:
    """Route the band keys of the partition's representatives to ``n_buckets`` buckets."""
    rows = np.array([k for k, x in enumerate(sk.ids) if x in reps], dtype=np.intp)
    keys = sk.bands[rows].ravel()
    owner = np.repeat(rows, sk.bands.shape[1])
    bucket = _bucket_of(keys, n_buckets)
    out: list[Bucket] = []
    for j in range(n_buckets):
        sel = bucket == j
        out.append((keys[sel], [sk.ids[k] for k in owner[sel].tolist()]))
    return out


def bucket_candidates(*parts: Bucket) -> list[Pair]:
    """List each pair of documents that share a band key in this bucket, as ``(smaller, larger)`` ids.

    Band keys hash the band number too, so equal keys mean the same band.
    """
    from seedclean.neardup.lsh import candidate_pairs

    keys = np.concatenate([k for k, _ in parts]) if parts else np.zeros(0, np.uint64)
    ids = [x for _, owners in parts for x in owners]
    if len(keys) < 2:
        return []
    out: set[Pair] = set()
    for i, j in candidate_pairs(keys.reshape(-1, 1)).tolist():
        a, b = ids[i], ids[j]
        if a != b:
            out.add((a, b) if a < b else (b, a))
    return sorted(out)


def needed_sets(sk: Sketch, needs: Sequence[Collection[str]]) -> list[dict[str, U64]]:
    """Compute the shingle sets each verification chunk needs from this partition.

    Args:
        sk: the partition.
        needs: for each chunk, the ids of this partition it needs.

    Returns:
        One ``{id: sorted shingle hashes}`` per chunk.
    """
    from seedclean.neardup.shingles import shingle_hashes

    wanted = sorted(set().union(*needs)) if needs else []
    pos = {x: k for k, x in enumerate(sk.ids)}
    sets = dict(zip(wanted, shingle_hashes([sk.texts[pos[x]] for x in wanted], sk.config).sets(),
                    strict=True)) if wanted else {}
    return [{x: sets[x] for x in need} for need in needs]


def verify_chunk(pairs: Sequence[Pair], config: NearDupConfig,
                 *parts: Mapping[str, U64]) -> list[tuple[str, str, float]]:
    """Compute the exact similarity of each pair whose set sizes can reach the threshold.

    Pairs that cannot reach it are left out, as the local engine never computes them.
    """
    from seedclean.neardup.verify import can_reach, similarity

    sets: dict[str, U64] = {}
    for p in parts:
        sets.update(p)
    contain = config.similarity == "containment"
    out = []
    for a, b in pairs:
        sa, sb = sets[a], sets[b]
        if can_reach(len(sa), len(sb), config.threshold, containment=contain):
            out.append((a, b, similarity(sa, sb, containment=contain)))
    return out


def sets_of(sk: Sketch, ids: Collection[str]) -> dict[str, U64]:
    """Return the shingle sets of the given ids of this partition."""
    return needed_sets(sk, [ids])[0]
