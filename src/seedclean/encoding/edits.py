"""Compose the edits of successive repair steps into edits on the first input.

>>> from seedclean.document import Edit, apply_edits
>>> a = [Edit(stage="encoding", start=0, end=2, replacement="X", reason="r1", before="ab")]
>>> b = [Edit(stage="encoding", start=1, end=2, replacement="Y", reason="r2", before="c")]
>>> [(e.start, e.end, e.replacement, e.reason) for e in compose("abcd", a, "Xcd", b, "XYd")]
[(0, 2, 'X', 'r1'), (2, 3, 'Y', 'r2')]
"""

from __future__ import annotations

from collections.abc import Sequence

from seedclean.document import Edit

__all__ = ["compose"]


def _regions(edits: Sequence[Edit]) -> list[tuple[int, int, int, int, str]]:
    """Return (in_start, in_end, out_start, out_end, reason) per edit, sorted."""
    out = []
    shift = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append((e.start, e.end, e.start + shift, e.start + shift + len(e.replacement), e.reason))
        shift += len(e.replacement) - (e.end - e.start)
    return out


def _map(pos: int, regions: list[tuple[int, int, int, int, str]], *, forward: bool, at_end: bool) -> int:
    """Map a position outside any region's interior between input and output.

    An empty region (insertion or deletion) exactly at ``pos`` lies inside the
    mapped span when ``pos`` is its end, outside when it is its start.
    """
    shift = 0
    for i0, i1, o0, o1, _ in regions:
        start, end = (i0, i1) if forward else (o0, o1)
        if end < pos or (end == pos and (start < end or at_end)):
            shift += (o1 - o0) - (i1 - i0)
        else:
            break
    return pos + shift if forward else pos - shift


def compose(t0: str, first: Sequence[Edit], t1: str, second: Sequence[Edit], t2: str) -> tuple[Edit, ...]:
    """Return edits turning ``t0`` into ``t2``, given edits t0 -> t1 and t1 -> t2.

    Where edits of both steps touch, they merge into one edit whose reason
    lists both reasons.
    """
    if not first:
        return tuple(second)
    if not second:
        return tuple(first)
    ra, rb = _regions(first), _regions(second)
    # Intervals in t1 coordinates, with their reasons.
    spans = sorted([(o0, o1, r) for _, _, o0, o1, r in ra] + [(i0, i1, r) for i0, i1, _, _, r in rb])
    merged: list[list[object]] = []
    for s, e, r in spans:
        # Overlapping spans merge; merely touching ones stay apart unless one is
        # empty (an insertion at the boundary belongs to both).
        if merged and (s < merged[-1][1] or (s == merged[-1][1] and (s == e or merged[-1][0] == s))):  # type: ignore[operator]
            last = merged[-1]
            last[1] = max(last[1], e)  # type: ignore[call-overload]
            if r not in last[2]:  # type: ignore[operator]
                last[2].append(r)  # type: ignore[attr-defined]
        else:
            merged.append([s, e, [r]])
    out = []
    for s1, e1, reasons in merged:
        s0 = _map(s1, ra, forward=False, at_end=False)  # type: ignore[arg-type]
        e0 = _map(e1, ra, forward=False, at_end=True)  # type: ignore[arg-type]
        s2 = _map(s1, rb, forward=True, at_end=False)  # type: ignore[arg-type]
        e2 = _map(e1, rb, forward=True, at_end=True)  # type: ignore[arg-type]
        if t0[s0:e0] == t2[s2:e2]:
            continue
        out.append(Edit(stage="encoding", start=s0, end=e0, replacement=t2[s2:e2],
                        reason="; ".join(reasons), before=t0[s0:e0]))  # type: ignore[arg-type]
    return tuple(out)
