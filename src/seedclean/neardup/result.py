"""Turn verified node clusters into the run's result (pairs, clusters, canonical, drops).

A *node* is an exact-duplicate group of new documents (named by its smallest
id) or one indexed document.  Pairs between nodes expand to every pair of
their members; members of one exact group pair at 1.0.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from seedclean.index.base import IndexEntry
from seedclean.neardup.canonical import choose_canonical
from seedclean.neardup.cluster import UnionFind
from seedclean.neardup.verify import all_pair_intersections

if TYPE_CHECKING:
    from seedclean.neardup.core import DedupResult, _Run

__all__ = ["assemble"]


class _Out:
    """Collect the result while clusters are processed."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str, float]] = []
        self.clusters: dict[str, str] = {}
        self.canonical: dict[str, str] = {}
        self.dup: dict[str, tuple[str, float]] = {}
        self.exact: set[str] = set()
        self.relabel: dict[str, str] = {}


def _pair(a: str, b: str, s: float) -> tuple[str, str, float]:
    return (a, b, s) if a < b else (b, a, s)


def _exact_key(run: _Run, doc: str, pos: Mapping[str, int]) -> tuple[int, int]:
    if doc in pos:
        return (int(run.exact[pos[doc], 0]), int(run.exact[pos[doc], 1]))
    assert run.index is not None
    return run.index.exact_of([doc])[doc]


def _cluster(run: _Run, nodes: list[str], pos: Mapping[str, int], prio: Mapping[str, tuple[Any, ...]],
             out: _Out) -> None:
    """Verify all pairs of one cluster that involve a new node; choose its canonical doc."""
    from seedclean.neardup.core import _ensure_sets

    _ensure_sets(run, nodes, pos)
    for a, b, sim in _cluster_pairs(run, sorted(nodes)):
        for x in run.members.get(a, [a]):
            out.pairs.extend(_pair(x, y, sim) for y in run.members.get(b, [b]))
    old = [x for x in nodes if x in run.old]
    if old:
        assert run.index is not None
        heads = set(run.index.clusters_of(old).values())
        canon = choose_canonical(heads, run.index.priorities(heads))
        out.relabel.update(dict.fromkeys(old, canon))
    else:
        canon = choose_canonical([d for x in nodes for d in run.members.get(x, [x])], prio)
    _assign(run, nodes, canon, pos, out)


def _cluster_pairs(run: _Run, nodes: list[str]) -> list[tuple[str, str, float]]:
    """Return every node pair of a cluster (not both indexed) at or above the threshold."""
    if len(nodes) <= 4:  # small clusters: direct comparisons cost less than the sort
        from seedclean.neardup.core import _sim

        return [(x, y, _sim(run, x, y)) for x, y in itertools.combinations(nodes, 2)
                if not (x in run.old and y in run.old) and _sim(run, x, y) >= run.config.threshold]
    sets = [run.sets[x] for x in nodes]
    sizes = np.array([len(x) for x in sets], dtype=np.int64)
    i, j, inter = all_pair_intersections(sets)
    if run.config.similarity == "containment":
        sim = inter / np.minimum(sizes[i], sizes[j])
    else:
        sim = inter / (sizes[i] + sizes[j] - inter)
    keep = sim >= run.config.threshold
    out = []
    for a, b, s in zip(i[keep].tolist(), j[keep].tolist(), sim[keep].tolist(), strict=True):
        x, y = nodes[a], nodes[b]
        if x in run.old and y in run.old:
            continue
        run.sims[(x, y) if x < y else (y, x)] = s
        out.append((x, y, s))
    return out


def _assign(run: _Run, nodes: list[str], canon: str, pos: Mapping[str, int], out: _Out) -> None:
    """Record cluster, canonical and drop reason of every new document of the nodes."""
    node_of = run.node_of
    canon_node = node_of.get(canon, canon)

    def node(d: str) -> str:
        return node_of.get(d, d)

    out.canonical[canon] = canon
    canon_key = _exact_key(run, canon, pos)
    for x in nodes:
        for d in run.members.get(x, [] if x in run.old else [x]):
            out.clusters[d] = canon
            if d == canon:
                continue
            exact = node(d) == canon_node or _exact_key(run, d, pos) == canon_key
            sim = 1.0 if exact else run.sims.get(tuple(sorted((node(d), canon_node))))  # type: ignore[arg-type]
            if sim is None:
                from seedclean.neardup.core import _sim

                sim = _sim(run, node(d), canon_node)
            out.dup[d] = (canon, sim)
            if exact:
                out.exact.add(d)


def assemble(run: _Run, uf: UnionFind, pos: Mapping[str, int],
             priority: Mapping[str, tuple[Any, ...]] | None) -> DedupResult:
    """Build the DedupResult and update the index (if any)."""
    from seedclean.neardup.core import DedupResult

    out = _Out()
    prio = priority or {}
    grouped: set[str] = set()
    for group in sorted((sorted(map(str, g)) for g in uf.groups()), key=lambda g: g[0]):
        grouped.update(group)
        if any(x not in run.old for x in group):
            _cluster(run, group, pos, prio, out)
    for rep, group in run.members.items():
        if rep not in grouped and len(group) > 1:
            _assign(run, [rep], choose_canonical(group, prio), pos, out)
    for group in run.members.values():
        out.pairs.extend(_pair(a, b, 1.0) for a, b in itertools.combinations(group, 2))
    for d in run.ids:
        if d not in out.clusters:
            out.clusters[d] = out.canonical[d] = d
    if run.index is not None:
        _update_index(run, out, prio)
    return DedupResult(pairs=tuple(sorted(out.pairs)), clusters=out.clusters, canonical=out.canonical,
                       duplicate_of=out.dup, exact=frozenset(out.exact), measure=run.config.similarity)


def _update_index(run: _Run, out: _Out, prio: Mapping[str, tuple[Any, ...]]) -> None:
    assert run.index is not None and run.sigs is not None
    entries = [
        IndexEntry(id=d, exact=(int(run.exact[i, 0]), int(run.exact[i, 1])), bands=run.bands[i],
                   signature=run.sigs[i], shingles=run.sets.get(d, np.zeros(0, np.uint64)),
                   cluster=out.clusters[d], priority=tuple(prio.get(d, ())))
        for i, d in enumerate(run.ids)
    ]
    run.index.add(entries, dict(out.relabel))
