"""Find near-duplicate documents among a run's finished chunks without holding their texts.

:func:`seedclean.neardup.find_duplicates` keeps every text in memory.  Here the
same steps run on texts streamed from the chunk files, in two passes:

1. sketch: exact keys and LSH band keys of every kept document, a batch at a time
   (about ``8 * (2 + bands)`` bytes per document stay in memory);
2. verify: the shingle sets of the documents in candidate pairs only.

Clustering, verification and the canonical choice are the near-dup module's own
(internal) functions, so the result equals ``find_duplicates`` on the same
records; ``test_streaming_dedup_equals_find_duplicates`` guards this against
changes inside :mod:`seedclean.neardup.core`.  Documents are keyed by their input position, zero-padded so the
near-dup module's tie-break by key is input order; this also keeps repeated ids
apart.  The priority (longest clean text, then fewest encoding repairs, as
:func:`seedclean.pipeline.dedup_documents`) and the ids of canonical documents
come from the chunk headers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from seedclean.config import NearDupConfig
from seedclean.corpus.spool import Spool

__all__ = ["Duplicates", "duplicate_reason", "find_spool_duplicates", "stream_duplicates"]

SKETCH_CHARS = 1 << 20  # characters shingled per batch: 16M (the near-dup default) peaks at +300 MB


def _key(i: int) -> str:
    return f"{i:012d}"


def duplicate_reason(canon_id: str, sim: float, config: NearDupConfig) -> str:
    """Return the drop reason of a duplicate, as :func:`seedclean.pipeline.dedup_documents` words it.

    >>> duplicate_reason("a12", 0.931, NearDupConfig())
    'near-duplicate of a12 (jaccard 0.93)'
    """
    from seedclean.neardup.canonical import drop_reason

    return drop_reason(canon_id, sim, exact=sim >= 1.0, measure=config.similarity)


@dataclasses.dataclass(frozen=True, slots=True)
class Duplicates:
    """Map the input position of each duplicate to ``(reason, similarity)``; count cluster sizes."""

    dropped: dict[int, tuple[str, float]]
    cluster_sizes: dict[int, int]  # canonical position -> documents in its cluster


def _batched(records: Iterable[tuple[str, str]], max_chars: int) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    size = 0
    for rec in records:
        batch.append(rec)
        size += len(rec[1])
        if size >= max_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def stream_duplicates(records: Callable[[], Iterable[tuple[str, str]]], *, config: NearDupConfig,
                      priority: Mapping[str, tuple[Any, ...]]) -> Any:
    """Return :func:`~seedclean.neardup.find_duplicates`'s result, reading ``records()`` twice.

    Args:
        records: called once per pass; yields the same ``(id, text)`` pairs each time.
        config: near-duplicate settings.
        priority: id -> tuple; the highest is kept in each cluster (then the smallest id).
    """
    import numpy as np

    from seedclean.neardup.core import _candidates, _group_exact, _read, _Run, _verify_and_join
    from seedclean.neardup.lsh import band_keys, lsh_params
    from seedclean.neardup.minhash import minhash_batch
    from seedclean.neardup.result import assemble
    from seedclean.neardup.shingles import shingle_hashes

    b, r = lsh_params(config)
    ids: list[str] = []
    exact, bands, ntok = [], [], []
    for batch in _batched(records(), SKETCH_CHARS):
        bids, texts = _read(batch)
        sh = shingle_hashes(texts, config)
        exact.append(sh.exact)
        bands.append(band_keys(minhash_batch(sh, config.num_perm, config.seed), b, r, config.seed))
        ntok.append(sh.tokens_per_doc)
        ids.extend(bids)
    if len(set(ids)) != len(ids):  # unique within each batch (``_read``), check across batches too
        _read((i, "") for i in ids)
    run = _Run(config=config, ids=ids, texts=[], index=None)
    if ids:
        run.exact, run.bands = np.concatenate(exact), np.concatenate(bands)
        _group_exact(run, np.flatnonzero(np.concatenate(ntok) > 0))
    pos = {x: i for i, x in enumerate(ids)}
    cands = _candidates(run, run.reps, pos)
    nodes, ia, ib = cands
    need = {nodes[k] for k in np.unique(np.concatenate([ia, ib])).tolist()}
    for batch in _batched(((i, t) for i, t in records() if i in need), SKETCH_CHARS):
        run.sets.update(zip([i for i, _ in batch], shingle_hashes([t for _, t in batch], config).sets(),
                            strict=True))
    return assemble(run, _verify_and_join(run, cands, pos), pos, priority)


def find_spool_duplicates(spool: Spool, n_chunks: int, config: NearDupConfig) -> Duplicates:
    """Run near-duplicate detection over the kept documents of the first ``n_chunks`` chunks."""
    priority: dict[str, tuple[int, int]] = {}
    offset = 0
    for k in range(n_chunks):
        h = spool.header(k)
        for j, length, enc, _id in h["kept"]:
            priority[_key(offset + j)] = (int(length), -int(enc))
        offset += int(h["n"])

    def texts() -> Iterator[tuple[str, str]]:
        for i, row in enumerate(spool.rows(n_chunks)):
            if not row["dropped"]:
                yield _key(i), row["text"]

    result = stream_duplicates(texts, config=config, priority=priority)
    del priority
    dup = {int(k): (int(c), float(s)) for k, (c, s) in result.duplicate_of.items()}
    canon_ids = _ids_of(spool, n_chunks, {c for c, _ in dup.values()})
    sizes: dict[int, int] = {}
    for c, _ in dup.values():
        sizes[c] = sizes.get(c, 1) + 1
    return Duplicates({i: (duplicate_reason(canon_ids[c], s, config), s) for i, (c, s) in dup.items()}, sizes)


def _ids_of(spool: Spool, n_chunks: int, positions: set[int]) -> dict[int, str]:
    ids: dict[int, str] = {}
    offset = 0
    for k in range(n_chunks):
        h = spool.header(k)
        for j, _len, _enc, doc_id in h["kept"]:
            if offset + j in positions:
                ids[offset + j] = str(doc_id)
        offset += int(h["n"])
    return ids
