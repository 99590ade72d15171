"""Do the per-partition work of the Dask engine: plain functions on plain lists.

Everything here runs inside a worker and imports no Dask, so it is tested
without a cluster.  Each function calls the same pipeline functions as the
local engine (:func:`seedclean.pipeline.clean_one`,
and its input reading and site-template rule), which is what makes the output
of both engines identical.

Documents cross process boundaries as :data:`Packed` tuples: ``Document.meta``
is a read-only mapping proxy, which pickle refuses.

>>> from seedclean.document import Document
>>> unpack(pack(Document(id="a", text="x", meta={"k": 1}))) == Document(id="a", text="x", meta={"k": 1})
True
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from seedclean.config import CleanConfig
from seedclean.document import Document, Edit
from seedclean.engines._dedup_parts import Sketch, sketch

__all__ = [
    "Batch",
    "CleanedPart",
    "Input",
    "Packed",
    "Table",
    "clean_and_sketch",
    "clean_chunk_with",
    "clean_inputs",
    "count_items",
    "count_template_lines",
    "drop_missing",
    "frequent_lines",
    "live_priority",
    "live_records",
    "mark_duplicates",
    "mark_part",
    "merge_template_counts",
    "normalise_items",
    "offsets",
    "pack",
    "page_line_keys",
    "records_of",
    "sizes_of",
    "slices",
    "unpack",
    "worker_version",
]

#: ``(id, data, error, site)``: an input of :func:`seedclean.clean_corpus` and its item's site.
Input = tuple[str, "str | bytes", "str | None", str]
#: ``(id, text, meta, edits, dropped)``: a :class:`Document` in picklable form.
Packed = tuple[str, str, dict[str, Any], tuple[Edit, ...], "str | None"]
#: Per site: pages per line, and pages where the line sits at the top or bottom edge.
LineCounts = dict[str, tuple["Counter[str]", "Counter[str]"]]


class Batch(list):  # type: ignore[type-arg]
    """Hold a task's list result so that distributed moves it as one pickle.

    ``distributed`` serializes a plain ``list``/``dict`` result item by item (one
    header per item) when it moves between processes: for a partition's
    template-line counts (tens of thousands of entries) that took seconds where
    one pickle takes milliseconds, with every worker idle meanwhile.  It pickles
    a subclass in one piece.

    >>> import pickle
    >>> pickle.loads(pickle.dumps(Batch([1, 2]))) == [1, 2]
    True
    """

    __slots__ = ()


class Table(dict):  # type: ignore[type-arg]
    """Hold a task's dict result so that distributed moves it as one pickle (see :class:`Batch`)."""

    __slots__ = ()


def pack(doc: Document) -> Packed:
    """Turn a document into a picklable tuple (see :func:`unpack`)."""
    return doc.id, doc.text, dict(doc.meta), doc.edits, doc.dropped


def unpack(p: Packed) -> Document:
    """Rebuild the document packed by :func:`pack`."""
    doc_id, text, meta, edits, dropped = p
    return Document(id=doc_id, text=text, meta=meta, edits=edits, dropped=dropped)


def count_items(items: Sequence[Any]) -> int:
    """Count the items of one partition (to number items across partitions)."""
    return len(items)


def offsets(counts: Sequence[int]) -> list[int]:
    """Return the global position of the first item of each partition.

    >>> offsets([3, 0, 2])
    [0, 3, 3]
    """
    return [0, *itertools.accumulate(counts)][: len(counts)]


def normalise_items(items: Iterable[Any], starts: Sequence[int], part: int = 0) -> Batch:
    """Turn one partition's items into inputs ``(id, data, error, site)`` as the local engine does.

    Args:
        items: dicts or objects with ``id`` and ``text``, paths, or records.
        starts: global position of the first item of each partition (:func:`offsets`);
            items without an id get their position as id, as in :func:`seedclean.clean_corpus`.
        part: this partition's number.

    Returns:
        One input per document (a JSONL path gives several); ``site`` is the
        host of the item's ``url`` (template lines are found per site).
    """
    from seedclean.pipeline import _item_inputs, _site

    start, out = starts[part], Batch()
    for k, item in enumerate(items):
        site = _site(item)
        out.extend((*triple, site) for triple in _item_inputs(item, start + k))
    return out


def drop_missing(row: Mapping[str, Any]) -> dict[str, Any]:
    """Remove a dataframe row's missing values (NaN, None), so a missing id is numbered as in a bag.

    >>> drop_missing({"id": float("nan"), "text": "a"})
    {'text': 'a'}
    """
    return {k: v for k, v in row.items() if v is not None and v == v}  # NaN != NaN


def count_template_lines(inputs: Iterable[Input], cfg: CleanConfig) -> Table:
    """Count, per site and normalised line, the pages it is on and the pages where it sits at an edge.

    Pages are read as :func:`seedclean.pipeline.site_template_lines` reads them
    (HTML converted to text, bytes as UTF-8); unreadable inputs are skipped.

    Returns:
        ``{site: (pages per line, edge pages per line)}``, two counters.
    """
    from seedclean.boilerplate.templates import _page_lines
    from seedclean.pipeline import template_text

    share = cfg.boilerplate.template_edge_share
    out = Table()
    for _, data, err, site in inputs:
        if err is not None:
            continue
        pages, edge = out.setdefault(site, (Counter(), Counter()))
        lines = _page_lines(template_text(data), share)
        pages.update(lines.keys())  # an iterable, not a mapping: counted in C
        edge.update(line for line, at_edge in lines.items() if at_edge)
    return out


def merge_template_counts(parts: Sequence[LineCounts], cfg: CleanConfig) -> dict[str, frozenset[str]]:
    """Add the partitions' line counts and keep each site's template lines.

    The rule is :func:`seedclean.boilerplate.find_template_lines`' rule, applied
    to counts that add across partitions; a test checks both give the same set.
    """
    sites: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for part in parts:
        for site, (pages, edge) in part.items():
            if site in sites:
                sites[site][0].update(pages)
                sites[site][1].update(edge)
            else:  # copies: a task's inputs are not changed in place
                sites[site] = (Counter(pages), Counter(edge))
    from seedclean.boilerplate.templates import is_template

    bp = cfg.boilerplate
    return {site: frozenset(line for line, n in pages.items()
                            if is_template(line, n, edge[line], bp, bp.template_min_count))
            for site, (pages, edge) in sorted(sites.items())}


def clean_inputs(inputs: Iterable[Input], cfg: CleanConfig,
                 template_lines: Mapping[str, frozenset[str]]) -> Batch:
    """Clean one partition with :func:`seedclean.pipeline.clean_one`; return packed documents.

    ``template_lines`` maps a site to its template lines (see :func:`merge_template_counts`).
    """
    from seedclean.pipeline import clean_one

    none: frozenset[str] = frozenset()
    return Batch(pack(clean_one(i, d, err, cfg, template_lines.get(site, none)))
                 for i, d, err, site in inputs)


@dataclasses.dataclass(frozen=True, slots=True)
class CleanedPart(Sketch):
    """Hold a cleaned partition on its worker: the sketch of its live documents, plus all its documents.

    It stays where it was computed; only its :func:`seedclean.engines._dedup_parts.sketch_meta`
    (with the ``priority`` of each live document) and the shingle sets that the
    verification needs leave the worker.
    """

    docs: Batch
    priority: dict[str, tuple[int, int]]


def sizes_of(*parts: Sequence[Input]) -> list[list[int]]:
    """Return the length of each input's data, per partition (to cut and order the cleaning)."""
    return [[len(d) if isinstance(d, (str, bytes)) else 0 for _, d, _, _ in p] for p in parts]


def slices(sizes: Sequence[int], target: int) -> list[tuple[int, int]]:
    """Cut a partition's documents into consecutive ``(lo, hi)`` slices of about ``target`` characters.

    >>> slices([5, 5, 5, 5], 10)
    [(0, 2), (2, 4)]
    >>> slices([30, 1], 10), slices([], 10)
    ([(0, 1), (1, 2)], [(0, 0)])
    """
    out, lo, acc = [], 0, 0
    for k, n in enumerate(sizes):
        acc += n
        if acc >= target:
            out.append((lo, k + 1))
            lo, acc = k + 1, 0
    if lo < len(sizes) or not out:
        out.append((lo, len(sizes)))
    return out


def clean_and_sketch(inputs: Sequence[Input], cfg: CleanConfig, template_lines: Mapping[str, frozenset[str]],
                     lo: int = 0, hi: int | None = None) -> CleanedPart:
    """Clean a slice of a partition (:func:`clean_inputs`) and sketch its live documents for near-dups."""
    docs = clean_inputs(inputs[lo:hi], cfg, template_lines)
    sk = sketch(live_records(docs), cfg.neardup)
    fields = {f.name: getattr(sk, f.name) for f in dataclasses.fields(Sketch)}
    return CleanedPart(**fields, docs=docs, priority=live_priority(docs))


def mark_part(reasons: Mapping[str, str], *parts: CleanedPart) -> Batch:
    """Return the documents of a partition's cleaned slices, those that ``reasons`` names dropped."""
    return mark_duplicates((p for part in parts for p in part.docs), reasons)


def clean_chunk_with(records: list[Any], cfg: CleanConfig,
                     template_lines: Mapping[str, frozenset[str]]) -> Any:
    """Clean one chunk of the file runner on a worker (:func:`seedclean.corpus.work.clean_chunk`)."""
    from seedclean.corpus import work

    work._init(cfg, template_lines)
    return work.clean_chunk(records)


def page_line_keys(pages: Sequence[tuple[str, str]], edge_share: float) -> tuple[int, Any]:
    """Hash the distinct lines of each ``(site, text)`` page as the file runner's template counter does.

    Returns:
        ``(pages, keys)``: the keys (``uint64``, low bit = at the page edge) that
        :meth:`seedclean.corpus.templates.TemplateCounter.add` would buffer for these pages.
    """
    import numpy as np

    from seedclean.corpus.templates import _key, _page_lines

    keys = [_key(line, site) | int(edge)
            for site, t in pages for line, edge in _page_lines(t, edge_share).items()]
    return len(pages), np.array(keys, dtype=np.uint64)


def frequent_lines(pages: Sequence[tuple[str, str]], frequent: Collection[int], edge_share: float) -> Batch:
    """Return :func:`~seedclean.corpus.templates.frequent_page_lines` of one chunk (pass 2 on a worker)."""
    from seedclean.corpus.templates import frequent_page_lines

    return Batch(frequent_page_lines(pages, frequent, edge_share))


def live_records(docs: Iterable[Packed]) -> Batch:
    """Return ``(id, text)`` of the documents not dropped, as the local near-dup pass reads them."""
    return Batch((p[0], p[1]) for p in docs if p[4] is None)


def duplicate_priority(doc: Packed) -> tuple[int, int]:
    """Rank a document for the canonical choice as the local engine does.

    Mirrors :func:`seedclean.pipeline.dedup_documents`: the longest clean text,
    then the fewest encoding repairs.
    """
    return len(doc[1]), -sum(1 for e in doc[3] if e.stage == "encoding")


def live_priority(docs: Iterable[Packed]) -> dict[str, tuple[int, int]]:
    """Return the canonical-choice priority of each document not dropped."""
    return {p[0]: duplicate_priority(p) for p in docs if p[4] is None}


def mark_duplicates(docs: Iterable[Packed], reasons: Mapping[str, str]) -> Batch:
    """Set the drop reason of every live document that ``reasons`` names (id -> reason)."""
    out = Batch()
    for p in docs:
        why = reasons.get(p[0]) if p[4] is None else None
        out.append(p if why is None else (*p[:4], why))
    return out


def records_of(items: Iterable[Any]) -> list[tuple[str, str]]:
    """Turn ``(id, text)`` tuples, dicts or documents into ``(id, text)``; skip dropped ones."""
    out: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, tuple) and len(item) == 2:
            out.append((str(item[0]), str(item[1])))
        elif isinstance(item, tuple):  # a packed document
            if item[4] is None:
                out.append((item[0], item[1]))
        elif isinstance(item, Mapping):
            if item.get("dropped") is None:
                out.append((str(item["id"]), str(item["text"])))
        elif getattr(item, "dropped", None) is None:
            out.append((str(item.id), str(item.text)))
    return out


def worker_version() -> str:
    """Return the seedclean version a worker imports (checked when joining a cluster)."""
    from seedclean import __version__

    return __version__
