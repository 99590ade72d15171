"""Do the per-partition steps of distributed near-duplicate detection (no Dask here).

The steps are those of :func:`seedclean.neardup.find_duplicates`, cut where data
has to move between workers:

1. :func:`sketch` (per partition, kept on its worker): exact keys, token counts and LSH band keys,
   with the near-dup module's own shingling, MinHash and band hashing;
   :func:`metas_of` returns the small part the client and the band shuffle
   read: ids, exact keys, token counts and the band keys routed to buckets;
2. :func:`bucket_candidates` (per bucket) lists the pairs of documents that
   share a band key in its bucket: the band shuffle;
3. :func:`needed_sets` (per worker) computes the shingle sets that each
   verification chunk needs; :func:`verify_chunk` (per chunk) computes exact
   similarities, skipping pairs whose sizes cannot reach the threshold, and
   returns the sets of the pairs that reach it (the client's clusters need them).

Signatures and sets of one document never depend on the other documents of
its partition, so any partitioning gives the same values.  Results that move
between processes are single objects (:class:`Meta`, tuples of arrays), which
``distributed`` pickles in one piece.

>>> from seedclean.config import NearDupConfig
>>> cfg = NearDupConfig()
>>> sk = sketch([("a", "one two three four five six"), ("b", "one two three four five six")], cfg)
>>> sk.ids, sk.bands.shape
(['a', 'b'], (2, 25))
>>> metas = metas_of(3, sk)
>>> sorted({p for j in range(3) for p in bucket_candidates(j, set(), metas)})
[('a', 'b')]
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig

__all__ = [
    "Meta",
    "Sketch",
    "bucket_candidates",
    "chunk_of",
    "metas_of",
    "needed_sets",
    "sketch",
    "sketch_meta",
    "verify_chunk",
]

U64 = npt.NDArray[np.uint64]
IntArr = npt.NDArray[np.intp]
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


class Meta:
    """Hold what leaves a partition's worker: ids, exact keys, token counts, routed band keys.

    ``routed[j]`` is ``(band keys, row of each key)`` of bucket ``j``; ``priority``
    is the canonical-choice rank of each document, when the partition knows it.
    """

    __slots__ = ("exact", "ids", "ntok", "priority", "routed")

    def __init__(self, ids: list[str], exact: U64, ntok: IntArr, routed: list[tuple[U64, IntArr]],
                 priority: dict[str, tuple[int, ...]] | None = None) -> None:
        self.ids, self.exact, self.ntok, self.routed, self.priority = ids, exact, ntok, routed, priority

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return Meta, (self.ids, self.exact, self.ntok, self.routed, self.priority)


def _bucket_of(keys: U64, n_buckets: int) -> IntArr:
    # Band keys are already uniform 64-bit hashes: the top bits spread them evenly.
    return ((keys >> np.uint64(32)) % np.uint64(n_buckets)).astype(np.intp)


def sketch_meta(sk: Sketch, n_buckets: int) -> Meta:
    """Return a partition's :class:`Meta`, its band keys routed to ``n_buckets`` buckets.

    A sketch that carries a ``priority`` mapping (a cleaned partition) passes it on.
    """
    keys = sk.bands.ravel()
    rows = np.repeat(np.arange(len(sk.ids), dtype=np.intp), sk.bands.shape[1])
    bucket = _bucket_of(keys, n_buckets)
    routed = [(keys[bucket == j], rows[bucket == j]) for j in range(n_buckets)]
    return Meta(sk.ids, sk.exact, sk.ntok, routed, getattr(sk, "priority", None))


def metas_of(n_buckets: int, *sks: Sketch) -> list[Meta]:
    """Return the :class:`Meta` of each of several partitions (those one worker holds)."""
    return [sketch_meta(sk, n_buckets) for sk in sks]


def bucket_candidates(j: int, excluded: Collection[str], *groups: Sequence[Meta]) -> list[Pair]:
    """List each pair of documents that share a band key in bucket ``j``, as ``(smaller, larger)`` ids.

    ``groups`` are :func:`metas_of` results.  Documents in ``excluded`` (exact
    copies of a representative, documents without tokens) take no part.  Band
    keys hash the band number too, so equal keys mean the same band.
    """
    from seedclean.neardup.lsh import candidate_pairs

    keys, ids = [], []
    for m in (m for g in groups for m in g):
        k, rows = m.routed[j]
        for key, row in zip(k.tolist(), rows.tolist(), strict=True):
            x = m.ids[row]
            if x not in excluded:
                keys.append(key)
                ids.append(x)
    if len(keys) < 2:
        return []
    out: set[Pair] = set()
    for a_, b_ in candidate_pairs(np.array(keys, dtype=np.uint64).reshape(-1, 1)).tolist():
        a, b = ids[a_], ids[b_]
        if a != b:
            out.add((a, b) if a < b else (b, a))
    return sorted(out)


def chunk_of(pair: Pair, n_chunks: int) -> int:
    """Return the verification chunk of a pair: the same in every process (not ``hash()``).

    >>> chunk_of(("a", "b"), 1)
    0
    """
    return zlib.crc32(f"{pair[0]}\0{pair[1]}".encode()) % n_chunks


def _chunk_pairs(buckets: Sequence[Sequence[Pair]], n_chunks: int) -> list[list[Pair]]:
    """Split the distinct pairs of all buckets into chunks, each sorted."""
    chunks: list[set[Pair]] = [set() for _ in range(n_chunks)]
    for pairs in buckets:
        for pair in pairs:
            chunks[chunk_of(pair, n_chunks)].add(pair)
    return [sorted(c) for c in chunks]


def needed_sets(buckets: Sequence[Sequence[Pair]], n_chunks: int, *sks: Sketch) -> list[dict[str, U64]]:
    """Compute the shingle sets of these partitions' documents that each verification chunk needs.

    Args:
        buckets: the candidate pairs of every bucket.
        n_chunks: verification chunks.
        sks: the partitions (those one worker holds).

    Returns:
        One ``{id: sorted shingle hashes}`` per chunk.
    """
    from seedclean.neardup.shingles import shingle_hashes

    where = {x: (p, k) for p, sk in enumerate(sks) for k, x in enumerate(sk.ids)}
    needs: list[set[str]] = [set() for _ in range(n_chunks)]
    for c, chunk in enumerate(_chunk_pairs(buckets, n_chunks)):
        for pair in chunk:
            needs[c].update(x for x in pair if x in where)
    wanted = sorted(set().union(*needs))
    if not wanted:
        return [{} for _ in needs]
    texts = [sks[where[x][0]].texts[where[x][1]] for x in wanted]
    sets = dict(zip(wanted, shingle_hashes(texts, sks[0].config).sets(), strict=True))
    return [{x: sets[x] for x in sorted(need)} for need in needs]


def verify_chunk(k: int, n_chunks: int, config: NearDupConfig, buckets: Sequence[Sequence[Pair]],
                 *parts: Sequence[Mapping[str, U64]]) -> tuple[list[tuple[str, str, float]], dict[str, U64]]:
    """Compute the exact similarity of chunk ``k``'s pairs whose set sizes can reach the threshold.

    Pairs that cannot reach it are left out, as the local engine never computes
    them.  ``parts`` are the partitions' :func:`needed_sets` results.

    Returns:
        ``(a, b, similarity)`` per computed pair, and the shingle sets of the
        documents of pairs at or above the threshold.
    """
    from seedclean.neardup.verify import can_reach, similarity

    pairs = _chunk_pairs(buckets, n_chunks)[k]
    sets: dict[str, U64] = {}
    for p in parts:
        sets.update(p[k])
    contain = config.similarity == "containment"
    out, keep = [], {}
    for a, b in pairs:
        sa, sb = sets[a], sets[b]
        if can_reach(len(sa), len(sb), config.threshold, containment=contain):
            sim = similarity(sa, sb, containment=contain)
            out.append((a, b, sim))
            if sim >= config.threshold:
                keep[a], keep[b] = sa, sb
    return out, keep
