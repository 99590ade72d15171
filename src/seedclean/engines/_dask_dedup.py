"""Orchestrate distributed near-duplicate detection on a ``distributed.Client``.

Data flow (every arrow between workers carries small arrays, never texts)::

    partitions --sketch--> sketches (stay on the workers) --metas, per worker--> client: ids, exact groups
    metas --route by band key--> buckets --group--> candidate pairs
    pairs + sketches --needed sets, per worker, by chunk--> verify chunks --gather--> client: similarities
    client: union-find over verified pairs, canonical choice, pairs inside clusters

After the metas come to the client, the band shuffle, the shingle sets and the
verification are one graph, submitted at once: two round trips in all.  The
per-partition steps after sketching run as one task per worker over the
partitions it holds, and there are as many buckets and chunks as workers, so
the detection costs a few tasks per worker whatever the number of partitions.

The client-side steps call :mod:`seedclean.neardup`'s own grouping,
union-find and result assembly, so the :class:`~seedclean.neardup.DedupResult`
is the one :func:`~seedclean.neardup.find_duplicates` returns for the same
records.  Only ids, exact and band keys, candidate pairs, similarities and the
shingle sets of documents that ended up in a cluster come to the client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from seedclean.config import NearDupConfig
from seedclean.engines import _dedup_parts as dp
from seedclean.engines import import_dask

__all__ = ["by_worker", "find_duplicates_on", "find_in_sketches", "n_workers", "per_worker",
           "scatter_records"]

#: Characters per partition when the client ships records: big enough that a task
#: costs more than its scheduling, small enough that workers stay balanced.
PARTITION_CHARS = 4 << 20


def n_workers(client: Any) -> int:
    """Return the number of workers the scheduler knows (at least 1)."""
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


def by_worker(client: Any, futures: list[Any]) -> list[tuple[str, list[int]]]:
    """Wait for ``futures``; return ``(worker, [positions])`` of the futures each worker holds.

    The per-worker steps then run as one task per worker on its own partitions,
    not one task per partition: fewer tasks, no texts moved.
    """
    _, distributed = import_dask()
    distributed.wait(futures)
    who = client.who_has(futures)
    held: dict[str, list[int]] = {}
    for p, f in enumerate(futures):
        workers = sorted(who.get(f.key, ()))
        held.setdefault(workers[0] if workers else "", []).append(p)
    return sorted(held.items())


def per_worker(client: Any, held: list[tuple[str, list[int]]], futures: list[Any], fn: Any,
               *args: Any) -> list[Any]:
    """Submit ``fn(*args, *the futures a worker holds)`` on each worker of ``held`` (:func:`by_worker`)."""
    return [client.submit(fn, *args, *[futures[p] for p in ps], workers=[w] if w else None,
                          allow_other_workers=True, pure=False) for w, ps in held]


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
    cfg = config or NearDupConfig()
    sketches = client.map(dp.sketch, parts, config=cfg, pure=False)
    return find_in_sketches(client, sketches, config=cfg, priority=priority)


def find_in_sketches(client: Any, sketches: list[Any], *, config: NearDupConfig,
                     priority: Mapping[str, tuple[Any, ...]] | None = None) -> Any:
    """Find duplicates among sketched partitions (futures of :class:`~._dedup_parts.Sketch`).

    Without ``priority``, the partitions' own priorities (cleaned partitions
    carry them) decide the canonical documents.
    """
    from seedclean.neardup.cluster import UnionFind
    from seedclean.neardup.core import _group_exact, _read, _Run
    from seedclean.neardup.result import assemble

    n = n_workers(client)
    held = by_worker(client, sketches)
    metas_f = per_worker(client, held, sketches, dp.metas_of, n)
    by_part: dict[int, dp.Meta] = {}
    for (_, ps), group in zip(held, client.gather(metas_f), strict=True):
        by_part.update(zip(ps, group, strict=True))
    metas = [by_part[p] for p in range(len(sketches))]
    ids = [x for m in metas for x in m.ids]
    _read((x, "") for x in ids)  # repeated ids: the same error as the local engine
    if priority is None:
        priority = {x: r for m in metas for x, r in (m.priority or {}).items()}
    run = _Run(config=config, ids=ids, texts=[], index=None)
    pos = {x: k for k, x in enumerate(ids)}
    if ids:
        run.exact = np.concatenate([m.exact for m in metas])
        _group_exact(run, np.flatnonzero(np.concatenate([m.ntok for m in metas]) > 0))
    excluded = frozenset(ids).difference(run.members)  # exact copies, documents without tokens
    buckets = [client.submit(dp.bucket_candidates, j, excluded, *metas_f, pure=False) for j in range(n)]
    sets = per_worker(client, held, sketches, dp.needed_sets, buckets, n)
    chunks = [client.submit(dp.verify_chunk, k, n, config, buckets, *sets, pure=False) for k in range(n)]
    verified: list[tuple[str, str, float]] = []
    for sims, kept_sets in client.gather(chunks):
        verified.extend(sims)
        run.sets.update(kept_sets)
    uf = UnionFind()
    for a, b, sim in sorted(verified):  # the local engine's order
        run.sims[(a, b)] = sim
        if sim >= config.threshold:
            uf.union(a, b)
    return assemble(run, uf, pos, priority)


#: Characters of text per sketch task (about).
SKETCH_CHUNK_CHARS = 1 << 21


def sketcher(client: Any) -> Callable[[list[str], Any, bool], Iterator[Any]]:
    """Return a :data:`seedclean.neardup.core.Sketcher` that sketches slices of the texts on the cluster.

    Results come back in document order, a bounded number of slices in flight;
    a row depends on its document only, so they equal the local sketches.
    """
    from seedclean.engines._runs import _ordered
    from seedclean.neardup.core import sketch_texts
    from seedclean.neardup.minhash import _batches

    def sketches(texts: list[str], config: Any, with_sets: bool) -> Iterator[Any]:
        slices = (texts[lo:hi] for lo, hi in _batches(texts, SKETCH_CHUNK_CHARS))
        yield from _ordered(client, sketch_texts, slices, config, with_sets)

    return sketches
