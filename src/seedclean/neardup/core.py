"""Find exact and near-duplicate documents in a corpus (optionally against an index).

Steps: exact duplicates are grouped by their token-sequence key (one
representative each, the smallest id); representatives are MinHashed and
banded (:mod:`~seedclean.neardup.lsh`); every candidate pair is verified on the
exact shingle sets; verified pairs at or above the threshold are joined by
union-find; then every pair inside each cluster is verified too, so PAIRS
lists every pair of the cluster that meets the threshold, not only those that
joined it.  The result depends only on the set of (id, text) records, never on
their order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig
from seedclean.errors import InputError
from seedclean.index.base import SignatureIndex
from seedclean.neardup.canonical import drop_reason
from seedclean.neardup.cluster import UnionFind
from seedclean.neardup.lsh import band_keys, candidate_pairs, lsh_params
from seedclean.neardup.minhash import _batches, minhash_batch
from seedclean.neardup.shingles import shingle_hashes
from seedclean.neardup.verify import intersections_with, similarity

__all__ = ["DedupResult", "Sketch", "Sketcher", "find_duplicates", "find_duplicates_with", "sketch_texts"]

U64 = npt.NDArray[np.uint64]
Prio = Mapping[str, tuple[Any, ...]]


@dataclasses.dataclass(frozen=True, slots=True)
class DedupResult:
    """Hold the duplicates found among the input documents.

    Attributes:
        pairs: every pair of documents (at least one of them from this run)
            whose similarity is at or above the threshold, as
            ``(id_a, id_b, similarity)`` with ``id_a < id_b`` in string order,
            sorted; exact duplicates have 1.0.
        clusters: every input id -> its cluster id (the id of the cluster's
            kept document; a document alone is its own cluster).
        canonical: cluster id -> kept document id, for every cluster of an input.
        duplicate_of: dropped id -> (kept id, similarity to it).
        exact: dropped ids that are exact duplicates of their kept document (same
            token sequence; a near-duplicate can also have similarity 1.0).
        measure: ``"jaccard"`` or ``"containment"``.
    """

    pairs: tuple[tuple[str, str, float], ...]
    clusters: Mapping[str, str]
    canonical: Mapping[str, str]
    duplicate_of: Mapping[str, tuple[str, float]]
    exact: frozenset[str] = frozenset()
    measure: str = "jaccard"

    def reason(self, doc_id: str) -> str | None:
        """Return why doc_id is dropped (the pipeline's wording), or None if it is kept."""
        if doc_id not in self.duplicate_of:
            return None
        canon, sim = self.duplicate_of[doc_id]
        return drop_reason(canon, sim, exact=doc_id in self.exact, measure=self.measure)


@dataclasses.dataclass(slots=True)
class _Run:
    """Working state of one run: new documents, their sketches and the nodes seen."""

    config: NearDupConfig
    ids: list[str]
    texts: list[str]
    index: SignatureIndex | None
    exact: U64 = dataclasses.field(default_factory=lambda: np.zeros((0, 2), np.uint64))
    bands: U64 = dataclasses.field(default_factory=lambda: np.zeros((0, 0), np.uint64))
    sigs: U64 | None = None
    sets: dict[str, U64] = dataclasses.field(default_factory=dict)
    members: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # rep -> exact group
    node_of: dict[str, str] = dataclasses.field(default_factory=dict)  # new doc -> its rep
    reps: list[str] = dataclasses.field(default_factory=list)  # one live document per exact group
    sims: dict[tuple[str, str], float] = dataclasses.field(default_factory=dict)
    old: set[str] = dataclasses.field(default_factory=set)


def _read(records: Iterable[tuple[str, str]]) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    seen: set[str] = set()
    for doc_id, text in records:
        if doc_id in seen:
            msg = f"duplicate document id {doc_id!r}: ids must be unique"
            raise InputError(msg, where=str(doc_id))
        seen.add(doc_id)
        ids.append(doc_id)
        texts.append(text)
    return ids, texts


#: Rows of consecutive documents: exact keys, band keys, signatures, shingle
#: sets (``None`` unless asked for) and tokens per document.
Sketch = tuple[U64, U64, U64, list[U64] | None, npt.NDArray[np.intp]]
#: ``(texts, config, with_sets) ->`` the sketches of consecutive slices of ``texts``, in order.
Sketcher = Callable[[list[str], NearDupConfig, bool], Iterable[Sketch]]


def sketch_texts(texts: Sequence[str], config: NearDupConfig, with_sets: bool) -> Sketch:
    """Return the sketch rows of ``texts``; each row depends on its document only, not on the slice.

    >>> exact, bands, sigs, sets, ntok = sketch_texts(["one two three four five six"], NearDupConfig(), False)
    >>> bands.shape[0], sigs.shape, sets, ntok.tolist()
    (1, (1, 128), None, [6])
    """
    b, r = lsh_params(config)
    batch = shingle_hashes(texts, config)
    sig = minhash_batch(batch, config.num_perm, config.seed)
    return batch.exact, band_keys(sig, b, r, config.seed), sig, batch.sets() if with_sets else None, \
        batch.tokens_per_doc


def _local_sketches(texts: list[str], config: NearDupConfig, with_sets: bool) -> Iterator[Sketch]:
    for lo, hi in _batches(texts, 1 << 22):
        yield sketch_texts(texts[lo:hi], config, with_sets)


def _sketch(run: _Run, sketches: Sketcher = _local_sketches) -> None:
    """Compute exact keys, band keys (and, with an index, signatures and sets)."""
    cfg = run.config
    b, _ = lsh_params(cfg)
    n = len(run.texts)
    run.exact = np.zeros((n, 2), np.uint64)
    run.bands = np.zeros((n, b), np.uint64)
    if run.index is not None:
        run.sigs = np.zeros((n, cfg.num_perm), np.uint64)
    ntok = np.zeros(n, np.intp)
    lo = 0
    for exact, bands, sig, sets, counts in sketches(run.texts, cfg, run.index is not None):
        hi = lo + len(exact)
        run.exact[lo:hi] = exact
        run.bands[lo:hi] = bands
        ntok[lo:hi] = counts
        if run.sigs is not None and sets is not None:
            run.sigs[lo:hi] = sig
            run.sets.update(zip(run.ids[lo:hi], sets, strict=True))
        lo = hi
    _group_exact(run, np.flatnonzero(ntok > 0))


def _group_exact(run: _Run, live: npt.NDArray[np.intp]) -> None:
    """Group live documents by exact key; the smallest id represents each group.

    ``run.reps`` lists the representatives in input order (singletons represent
    themselves); ``run.members`` maps each representative to its sorted group.
    """
    if len(live) == 0:
        return
    keys = run.exact[live]
    order = np.lexsort((keys[:, 1], keys[:, 0]))
    k = keys[order]
    same = np.zeros(len(k) + 1, dtype=bool)
    same[1:-1] = (k[1:] == k[:-1]).all(axis=1)
    starts = np.flatnonzero(~same[:-1] & same[1:])  # first of each run of equal keys
    ends = np.flatnonzero(same[:-1] & ~same[1:]) + 1
    dropped: set[str] = set()
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        group = sorted(run.ids[i] for i in live[order[a:b]].tolist())
        run.members[group[0]] = group
        run.node_of.update(dict.fromkeys(group, group[0]))
        dropped.update(group[1:])
    run.reps = [run.ids[i] for i in live.tolist() if run.ids[i] not in dropped]
    for x in run.reps:  # singletons too: engines read every representative from ``members``
        run.members.setdefault(x, [x])


def _ensure_sets(run: _Run, nodes: Iterable[str], pos: Mapping[str, int]) -> None:
    """Load the shingle sets of the given nodes (new: recompute; old: from the index)."""
    missing = [x for x in nodes if x not in run.sets]
    new = [x for x in missing if x in pos]
    if new:
        batch = shingle_hashes([run.texts[pos[x]] for x in new], run.config)
        run.sets.update(zip(new, batch.sets(), strict=True))
    old = [x for x in missing if x not in pos]
    if old and run.index is not None:
        run.sets.update(run.index.shingle_sets(old))


def _sim(run: _Run, a: str, b: str) -> float:
    key = (a, b) if a < b else (b, a)
    if key not in run.sims:
        run.sims[key] = similarity(run.sets[a], run.sets[b],
                                   containment=run.config.similarity == "containment")
    return run.sims[key]


Cands = tuple[list[str], npt.NDArray[np.intp], npt.NDArray[np.intp]]


def _candidates(run: _Run, reps: list[str], pos: Mapping[str, int]) -> Cands:
    """Return candidate pairs as (nodes, i, j): LSH among new representatives, plus index hits."""
    rows = np.array([pos[x] for x in reps], dtype=np.intp)
    pairs = candidate_pairs(run.bands[rows])
    if run.index is None or not reps:
        return reps, pairs[:, 0], pairs[:, 1]
    hits = run.index.lookup_bands(run.bands[rows])
    exact = run.index.lookup_exact([(int(run.exact[p, 0]), int(run.exact[p, 1])) for p in rows])
    olds = sorted(set().union(*hits, *map(set, exact)) - set(reps))
    nodes = reps + olds
    at = {x: k for k, x in enumerate(nodes)}
    extra: list[tuple[int, int]] = []
    for k, (rep, band_hits, exact_hits) in enumerate(zip(reps, hits, exact, strict=True)):
        if band_hits or exact_hits:
            extra.extend((k, at[old]) for old in sorted(band_hits | set(exact_hits)))
        for old in exact_hits:
            run.sims[(rep, old) if rep < old else (old, rep)] = 1.0
    run.old.update(olds)
    both = np.concatenate([pairs, np.array(extra, dtype=np.intp).reshape(-1, 2)])
    return nodes, both[:, 0], both[:, 1]


def _verify_and_join(run: _Run, cands: Cands, pos: Mapping[str, int]) -> UnionFind:
    nodes, ia, ib = cands
    _ensure_sets(run, [nodes[k] for k in np.unique(np.concatenate([ia, ib])).tolist()], pos)
    uf = UnionFind()
    for a, b, sim in _verify_many(run, cands):
        run.sims[(a, b) if a < b else (b, a)] = sim
        uf.union(a, b)
    if run.index is not None:  # an indexed cluster is already connected: bring in all its members
        touched = {x for g in uf.groups() for x in g if x in run.old}
        cl = run.index.clusters_of(touched)
        for cluster, ids in run.index.members(set(cl.values())).items():
            run.old.update(ids)
            for x in ids:
                uf.union(cluster, x)
    return uf


def _verify_many(run: _Run, cands: Cands) -> Iterator[tuple[str, str, float]]:
    """Yield each candidate pair whose exact similarity reaches the threshold."""
    cfg = run.config
    contain = cfg.similarity == "containment"
    nodes, ia, ib = cands
    if len(ia) == 0:
        return
    sizes = np.array([len(run.sets[x]) if x in run.sets else 0 for x in nodes], dtype=np.int64)
    sa, sb = sizes[ia], sizes[ib]
    ok = (sa > 0) & (sb > 0)
    if not contain:  # Jaccard <= min/max: skip pairs whose sizes differ too much
        ok &= np.minimum(sa, sb) >= cfg.threshold * np.maximum(sa, sb)
    ia, ib = ia[ok], ib[ok]
    if len(ia) == 0:
        return
    order = np.argsort(ia, kind="stable")
    ia, ib = ia[order], ib[order]
    bounds = np.flatnonzero(np.diff(ia)) + 1
    for grp_a, grp_b in zip(np.split(ia, bounds), np.split(ib, bounds), strict=True):
        a = nodes[int(grp_a[0])]
        inter = intersections_with(run.sets[a], [run.sets[nodes[k]] for k in grp_b.tolist()])
        na, nb = sizes[int(grp_a[0])], sizes[grp_b]
        sim = inter / np.minimum(na, nb) if contain else inter / (na + nb - inter)
        for k in np.flatnonzero(sim >= cfg.threshold).tolist():
            yield a, nodes[int(grp_b[k])], float(sim[k])


def find_duplicates(records: Iterable[tuple[str, str]], *, config: NearDupConfig | None = None,
                    priority: Prio | None = None, index: SignatureIndex | None = None) -> DedupResult:
    """Find exact and near-duplicate documents; choose one canonical document per cluster.

    >>> r = find_duplicates([("a", "one two three four five six"), ("b", "One two three four five six!"),
    ...                      ("c", "something else entirely here")])
    >>> r.pairs, r.clusters["b"], r.reason("b"), r.reason("a")
    ((('a', 'b', 1.0),), 'a', 'exact duplicate of a', None)

    Args:
        records: (id, text) pairs; ids must be unique.
        config: threshold, shingling and LSH settings (defaults: Jaccard 0.8 on word 5-grams).
        priority: id -> tuple; the highest tuple is kept in each cluster (then the smallest id).
        index: a persistent index (:func:`seedclean.index.open_index`): the run also finds
            duplicates among indexed documents and adds its documents to the index.

    Returns:
        A :class:`DedupResult`.

    Raises:
        InputError: an id repeats, or is already in the index.
    """
    return find_duplicates_with(_local_sketches, records, config=config, priority=priority, index=index)


def find_duplicates_with(sketches: Sketcher, records: Iterable[tuple[str, str]], *,
                         config: NearDupConfig | None = None, priority: Prio | None = None,
                         index: SignatureIndex | None = None) -> DedupResult:
    """Run :func:`find_duplicates` with the sketches computed by ``sketches`` (e.g. on a cluster).

    The result is the same for any ``sketches`` that returns :func:`sketch_texts`'
    rows in document order.
    """
    cfg = config or NearDupConfig()
    ids, texts = _read(records)
    run = _Run(config=cfg, ids=ids, texts=texts, index=index)
    if index is not None and (known := index.known(ids)):
        msg = f"{len(known)} document id(s) already in the index, e.g. {min(known)!r}"
        raise InputError(msg, where=min(known))
    _sketch(run, sketches)
    pos = {x: i for i, x in enumerate(ids)}
    uf = _verify_and_join(run, _candidates(run, run.reps, pos), pos)
    from seedclean.neardup.result import assemble

    return assemble(run, uf, pos, priority)

