"""Do the per-partition work of the Dask engine: plain functions on plain lists.

Everything here runs inside a worker and imports no Dask, so it is tested
without a cluster.  Each function calls the same pipeline functions as the
local engine (:func:`seedclean.pipeline.clean_one`,
:func:`seedclean.pipeline.to_document_inputs`), which is what makes the output
of both engines identical.

Documents cross process boundaries as :data:`Packed` tuples: ``Document.meta``
is a read-only mapping proxy, which pickle refuses.

>>> from seedclean.document import Document
>>> unpack(pack(Document(id="a", text="x", meta={"k": 1}))) == Document(id="a", text="x", meta={"k": 1})
True
"""

from __future__ import annotations

import functools
import inspect
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from seedclean.config import CleanConfig
from seedclean.document import Document, Edit

__all__ = [
    "Input",
    "Packed",
    "clean_chunk_with",
    "clean_inputs",
    "count_items",
    "count_template_lines",
    "drop_missing",
    "live_priority",
    "live_records",
    "mark_duplicates",
    "merge_template_counts",
    "normalise_items",
    "offsets",
    "pack",
    "records_of",
    "template_texts",
    "unpack",
    "worker_version",
]

#: ``(id, data, error)`` as yielded by :func:`seedclean.pipeline.to_document_inputs`.
Input = tuple[str, "str | bytes", "str | None"]
#: ``(id, text, meta, edits, dropped)``: a :class:`Document` in picklable form.
Packed = tuple[str, str, dict[str, Any], tuple[Edit, ...], "str | None"]
#: Per-line ``(pages, pages where the line sits at the top or bottom edge)``.
LineCounts = dict[str, tuple[int, int]]


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


@functools.cache
def _inputs_take_start() -> bool:
    from seedclean.pipeline import to_document_inputs

    return "start" in inspect.signature(to_document_inputs).parameters


def normalise_items(items: Iterable[Any], start: int) -> list[Input]:
    """Turn one partition's items into ``(id, data, error)`` as the local engine does.

    Args:
        items: dicts or objects with ``id`` and ``text``, paths, or records.
        start: global position of the first item; items without an id get
            their position as id, as in :func:`seedclean.clean_corpus`.

    Returns:
        One ``(id, data, error)`` per document (a JSONL path gives several).
    """
    from seedclean.pipeline import to_document_inputs

    if _inputs_take_start():
        return list(to_document_inputs(items, start=start))  # type: ignore[call-arg]
    # Older pipeline without ``start``: give id-less items their global position ourselves.
    patched = [_with_id(item, start + k) for k, item in enumerate(items)]
    return list(to_document_inputs(patched))


def drop_missing(row: Mapping[str, Any]) -> dict[str, Any]:
    """Remove a dataframe row's missing values (NaN, None), so a missing id is numbered as in a bag.

    >>> drop_missing({"id": float("nan"), "text": "a"})
    {'text': 'a'}
    """
    return {k: v for k, v in row.items() if v is not None and v == v}  # NaN != NaN


def _with_id(item: Any, n: int) -> Any:
    if isinstance(item, Mapping) and "id" not in item:
        return {**item, "id": n}
    if not isinstance(item, (Mapping, str)) and hasattr(item, "text") and not hasattr(item, "id"):
        return {"id": n, "text": item.text}
    return item


def template_texts(inputs: Iterable[Input], *, with_bytes: bool) -> list[str]:
    """Return the texts the template-line pass reads, as the local engine picks them.

    ``with_bytes`` also reads undecoded inputs as UTF-8 (the file runner does;
    ``clean_corpus`` reads ``str`` inputs only).
    """
    out: list[str] = []
    for _, data, err in inputs:
        if err is not None:
            continue
        if isinstance(data, str):
            out.append(data)
        elif with_bytes:
            out.append(bytes(data).decode("utf-8", "replace"))
    return out


def count_template_lines(texts: Iterable[str], cfg: CleanConfig) -> LineCounts:
    """Count, per normalised line, the pages it is on and the pages where it sits at an edge."""
    from seedclean.boilerplate.templates import _page_lines

    pages: Counter[str] = Counter()
    edge: Counter[str] = Counter()
    for text in texts:
        for line, at_edge in _page_lines(text, cfg.boilerplate.template_edge_share).items():
            pages[line] += 1
            edge[line] += at_edge
    return {line: (n, edge[line]) for line, n in pages.items()}


def merge_template_counts(parts: Sequence[LineCounts], cfg: CleanConfig) -> frozenset[str]:
    """Add the partitions' line counts and keep the template lines.

    The rule is :func:`seedclean.boilerplate.find_template_lines`' rule, applied
    to counts that add across partitions; a test checks both give the same set.
    """
    pages: Counter[str] = Counter()
    edge: Counter[str] = Counter()
    for part in parts:
        for line, (n, e) in part.items():
            pages[line] += n
            edge[line] += e
    bp = cfg.boilerplate
    return frozenset(
        line for line, n in pages.items()
        if n >= bp.template_min_count and (len(line.split()) <= bp.template_max_words or 2 * edge[line] > n)
    )


def clean_inputs(inputs: Iterable[Input], cfg: CleanConfig, template_lines: frozenset[str]) -> list[Packed]:
    """Clean one partition with :func:`seedclean.pipeline.clean_one`; return packed documents."""
    from seedclean.pipeline import clean_one

    return [pack(clean_one(i, d, err, cfg, template_lines)) for i, d, err in inputs]


def clean_chunk_with(records: list[Any], cfg: CleanConfig, template_lines: frozenset[str]) -> Any:
    """Clean one chunk of the file runner on a worker (:func:`seedclean.corpus.work.clean_chunk`)."""
    from seedclean.corpus import work

    work._init(cfg, template_lines)
    return work.clean_chunk(records)


def live_records(docs: Iterable[Packed]) -> list[tuple[str, str]]:
    """Return ``(id, text)`` of the documents not dropped, as the local near-dup pass reads them."""
    return [(p[0], p[1]) for p in docs if p[4] is None]


def duplicate_priority(doc: Packed) -> tuple[int, int]:
    """Rank a document for the canonical choice as the local engine does.

    Mirrors :func:`seedclean.pipeline.dedup_documents`: the longest clean text,
    then the fewest encoding repairs.
    """
    return len(doc[1]), -sum(1 for e in doc[3] if e.stage == "encoding")


def live_priority(docs: Iterable[Packed]) -> dict[str, tuple[int, int]]:
    """Return the canonical-choice priority of each document not dropped."""
    return {p[0]: duplicate_priority(p) for p in docs if p[4] is None}


def duplicate_reason(canon: str, sim: float, cfg: CleanConfig) -> str:
    """Word a near-duplicate drop as :func:`seedclean.pipeline.dedup_documents` does.

    >>> duplicate_reason("a1", 0.912, CleanConfig())
    'near-duplicate of a1 (jaccard 0.91)'
    """
    from seedclean.corpus.dedup import duplicate_reason as corpus_reason

    return corpus_reason(canon, sim, cfg.neardup)


def mark_duplicates(docs: Iterable[Packed], duplicate_of: Mapping[str, tuple[str, float]],
                    cfg: CleanConfig) -> list[Packed]:
    """Set the drop reason of every live document that ``duplicate_of`` names."""
    out: list[Packed] = []
    for p in docs:
        dup = duplicate_of.get(p[0]) if p[4] is None else None
        out.append(p if dup is None else (*p[:4], duplicate_reason(dup[0], dup[1], cfg)))
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
