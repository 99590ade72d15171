"""Find near-duplicate documents among a run's finished chunks.

Documents are keyed by their position in the input (zero-padded, so the
near-dup module's tie-break by key is input order), which keeps repeated ids
apart.  Texts are streamed from the chunk files; the priority (longest clean
text, then fewest encoding repairs, as :func:`seedclean.pipeline.dedup_documents`)
and the ids of canonical documents come from the chunk headers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from seedclean.config import NearDupConfig
from seedclean.corpus.spool import Spool

__all__ = ["Duplicates", "duplicate_reason", "find_spool_duplicates"]


def _key(i: int) -> str:
    return f"{i:012d}"


def duplicate_reason(canon_id: str, sim: float, config: NearDupConfig) -> str:
    """Return the drop reason of a duplicate, as :func:`seedclean.pipeline.dedup_documents` words it.

    >>> duplicate_reason("a12", 0.931, NearDupConfig())
    'near-duplicate of a12 (jaccard 0.93)'
    """
    if sim >= 1.0:
        return f"exact duplicate of {canon_id}"
    return f"near-duplicate of {canon_id} ({config.similarity} {sim:.2f})"


@dataclasses.dataclass(frozen=True, slots=True)
class Duplicates:
    """Map the input position of each duplicate to ``(reason, similarity)``; count cluster sizes."""

    dropped: dict[int, tuple[str, float]]
    cluster_sizes: dict[int, int]  # canonical position -> documents in its cluster


def find_spool_duplicates(spool: Spool, n_chunks: int, config: NearDupConfig) -> Duplicates:
    """Run near-duplicate detection over the kept documents of the first ``n_chunks`` chunks."""
    from seedclean.neardup import find_duplicates

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

    result = find_duplicates(texts(), config=config, priority=priority)
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
