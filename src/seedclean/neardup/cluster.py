"""Group documents into clusters with a union-find over verified pairs."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

__all__ = ["UnionFind"]


class UnionFind:
    """Keep disjoint sets of hashable items (path halving, union by size).

    >>> uf = UnionFind()
    >>> uf.union("a", "b"); uf.union("c", "d"); uf.union("b", "d")
    >>> sorted(map(sorted, uf.groups()))
    [['a', 'b', 'c', 'd']]
    """

    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        """Start with every item in its own set."""
        self._parent: dict[Hashable, Hashable] = {x: x for x in items}
        self._size: dict[Hashable, int] = dict.fromkeys(self._parent, 1)

    def add(self, x: Hashable) -> None:
        """Add x as a singleton unless present."""
        if x not in self._parent:
            self._parent[x] = x
            self._size[x] = 1

    def find(self, x: Hashable) -> Hashable:
        """Return the representative of x's set."""
        self.add(x)
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: Hashable, b: Hashable) -> None:
        """Merge the sets of a and b."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]

    def groups(self) -> list[list[Hashable]]:
        """Return the sets with more than one item."""
        out: dict[Hashable, list[Hashable]] = {}
        for x in self._parent:
            out.setdefault(self.find(x), []).append(x)
        return [g for g in out.values() if len(g) > 1]
