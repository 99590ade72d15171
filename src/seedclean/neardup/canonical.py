"""Choose the document kept for each cluster, and say why the others were dropped.

Rule (deterministic and independent of input order): the member with the
highest ``priority[id]`` tuple is kept (missing ids count as ``()``, the
lowest); ties go to the smallest id (string order).  The pipeline passes
``(length of the clean text, -number of repairs)``, so the most complete,
least repaired text is kept; the ``dedup`` CLI passes ``(length of the text,)``.
In an incremental run, documents already in the index keep precedence: a
cluster that contains indexed documents keeps the canonical document the
index recorded (the best of them if a new document merges several clusters).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["choose_canonical", "drop_reason"]


def choose_canonical(members: Iterable[str], priority: Mapping[str, tuple[Any, ...]] | None) -> str:
    """Return the member to keep: highest priority, then smallest id.

    >>> choose_canonical(["b", "a", "c"], None)
    'a'
    >>> choose_canonical(["b", "a", "c"], {"c": (10,), "b": (10,), "a": (3,)})
    'b'
    """
    prio = priority or {}
    best: str | None = None
    for m in members:
        if best is None:
            best = m
            continue
        pm, pb = tuple(prio.get(m, ())), tuple(prio.get(best, ()))
        if pm > pb or (pm == pb and m < best):
            best = m
    if best is None:
        msg = "a cluster has no members"
        raise ValueError(msg)
    return best


def drop_reason(canonical: str, similarity: float, *, exact: bool, measure: str = "jaccard") -> str:
    """Format the reason recorded on a dropped document.

    >>> drop_reason("a12", 0.934, exact=False)
    'near-duplicate of a12 (jaccard 0.93)'
    >>> drop_reason("a12", 1.0, exact=True)
    'exact duplicate of a12'
    """
    if exact:
        return f"exact duplicate of {canonical}"
    return f"near-duplicate of {canonical} ({measure} {similarity:.2f})"
