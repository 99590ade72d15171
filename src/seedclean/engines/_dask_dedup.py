"""Orchestrate distributed near-duplicate detection on a ``distributed.Client``.

Data flow (every arrow between workers is a shuffle of small arrays)::

    (id, text) partitions --sketch--> per-partition sketches (stay on the workers)
        ids + exact keys --gather--> client: exact groups, representatives
        band keys --route by key--> buckets --group--> candidate pairs --gather--> client
        shingle sets of pair members --route by chunk--> verify chunks --gather--> sims
    client: union-find over verified pairs, canonical choice, pairs inside clusters

The client-side steps call :mod:`seedclean.neardup`'s own grouping,
union-find and result assembly, so the :class:`~seedclean.neardup.DedupResult`
is the one :func:`~seedclean.neardup.find_duplicates` returns for the same
records.  Only ids, exact keys, candidate pairs and the shingle sets of
documents that ended up in a cluster come to the client; texts never do.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from seedclean.config import NearDupConfig
from seedclean.engines import _dedup_parts as dp

__all__ = ["find_duplicates_on", "scatter_records"]

#: Buckets of the band shuffle and chunks of the verification per worker.
BUCKETS_PER_WORKER = 4
#: Characters per partition when the client ships records: big enough that a task
#: costs more than its scheduling, small enough that workers stay balanced.
PARTITION_CHARS = 4 << 20


def _n_workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def scatter_records(client: Any, records: Iterable[tuple[str, str]], *,
                    max_chars: int = PARTITION_CHARS) -> list[Any]:
    """Ship ``(id, text)`` records to the workers in partitions; return their futures.

    Each partition is sent as the argument of a task (not scattered), so the
    scheduler spreads partitions over the workers that are free.
    """
    futures, part, size = [], [], 0
    for rec in records:
        part.append(rec)
        size += len(rec[1])
        if size >= max_chars:
            futures.append(client.submit(list, part, pure=False))
            part, size = [], 0
    if part or not futures:
        futures.append(client.submit(list, part, pure=False))
    return futures


def _split(items: Sequence[Any], n: int) -> list[list[Any]]:
    """Cut ``items`` into ``n`` consecutive, nearly equal chunks (some may be empty)."""
    size = -(-len(items) // n) if items else 0
    return [list(items[k * size:(k + 1) * size]) for k in range(n)]


def _candidates(client: Any, sketches: list[Any], owner: Sequence[int], ids: Sequence[str],
                reps: Sequence[str], n_buckets: int) -> list[dp.Pair]:
    """Run the band shuffle; return the sorted candidate pairs among representatives."""
    rep_of_part: list[set[str]] = [set() for _ in sketches]
    pos = {x: k for k, x in enumerate(ids)}
    for x in reps:
        rep_of_part[owner[pos[x]]].add(x)
    routed = [client.submit(dp.band_buckets, sk, rep_of_part[p], n_buckets, pure=False)
              for p, sk in enumerate(sketches)]
    buckets = [client.submit(dp.bucket_candidates,
                             *[client.submit(operator.getitem, r, j, pure=False) for r in routed], pure=False)
               for j in range(n_buckets)]
    found: set[dp.Pair] = set()
    for pairs in client.gather(buckets):
        found.update(pairs)
    return sorted(found)


def _verify(client: Any, sketches: list[Any], where: Mapping[str, int], pairs: Sequence[dp.Pair],
            config: NearDupConfig, n_chunks: int) -> list[tuple[str, str, float]]:
    """Verify ``pairs`` in ``n_chunks`` chunks; shingle sets travel from their partition to the chunk."""
    if not pairs:
        return []
    chunks = [c for c in _split(pairs, n_chunks) if c]
    needs: list[list[set[str]]] = [[set() for _ in chunks] for _ in sketches]
    for k, chunk in enumerate(chunks):
        for a, b in chunk:
            needs[where[a]][k].add(a)
            needs[where[b]][k].add(b)
    sets = [client.submit(dp.needed_sets, sk, needs[p], pure=False) for p, sk in enumerate(sketches)]
    verified = [
        client.submit(dp.verify_chunk, chunk, config,
                      *[client.submit(operator.getitem, sets[p], k, pure=False)
                        for p in range(len(sketches)) if needs[p][k]], pure=False)
        for k, chunk in enumerate(chunks)
    ]
    return [t for part in client.gather(verified) for t in part]


def find_duplicates_on(client: Any, parts: list[Any], *, config: NearDupConfig | None = None,
                       priority: Mapping[str, tuple[Any, ...]] | None = None) -> Any:
    """Find duplicates among the ``(id, text)`` records of ``parts`` (futures of lists), distributed.

    Args:
        client: a connected ``distributed.Client``.
        parts: futures, each of a list of ``(id, text)``; input order is their concatenation.
        config: near-duplicate settings (defaults when ``None``).
        priority: id -> tuple; the highest tuple is kept in each cluster (then the smallest id).

    Returns:
        The :class:`seedclean.neardup.DedupResult` of ``find_duplicates`` on the same records.

    Raises:
        InputError: if an id repeats.
    """
    from seedclean.neardup.cluster import UnionFind
    from seedclean.neardup.core import _group_exact, _read, _Run
    from seedclean.neardup.result import assemble

    cfg = config or NearDupConfig()
    sketches = client.map(dp.sketch, parts, config=cfg, pure=False)
    metas = client.gather(client.map(dp.sketch_meta, sketches, pure=False))
    ids = [x for m in metas for x in m[0]]
    owner = [p for p, m in enumerate(metas) for _ in m[0]]
    _read((x, "") for x in ids)  # repeated ids: the same error as the local engine
    run = _Run(config=cfg, ids=ids, texts=[], index=None)
    pos = {x: k for k, x in enumerate(ids)}
    if ids:
        run.exact = np.concatenate([m[1] for m in metas])
        _group_exact(run, np.flatnonzero(np.concatenate([m[2] for m in metas]) > 0))
    n = _n_workers(client) * BUCKETS_PER_WORKER
    cands = _candidates(client, sketches, owner, ids, sorted(run.members), n)
    where = {x: owner[pos[x]] for x in {y for pair in cands for y in pair}}
    uf = UnionFind()
    for a, b, sim in _verify(client, sketches, where, cands, cfg, n):
        run.sims[(a, b)] = sim
        if sim >= cfg.threshold:
            uf.union(a, b)
    _load_cluster_sets(client, sketches, run, uf, owner, pos)
    return assemble(run, uf, pos, priority)


def _load_cluster_sets(client: Any, sketches: list[Any], run: Any, uf: Any, owner: Sequence[int],
                       pos: Mapping[str, int]) -> None:
    """Bring the shingle sets of clustered documents to the client (pairs inside clusters need them)."""
    nodes = sorted(str(x) for g in uf.groups() for x in g)
    if not nodes:
        return
    by_part: list[list[str]] = [[] for _ in sketches]
    for x in nodes:
        by_part[owner[pos[x]]].append(x)
    futs = [client.submit(dp.sets_of, sketches[p], xs, pure=False) for p, xs in enumerate(by_part) if xs]
    for found in client.gather(futs):
        run.sets.update(found)

