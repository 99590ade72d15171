"""Clean chunks of records, in this process or on a pool of worker processes.

A chunk is cut from the record stream by count and size only, so chunk
boundaries, and therefore the state files and the output, do not depend on the
number of workers.  Results come back in input order (a bounded window of
chunks is in flight, so memory does not grow with the corpus).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from seedclean.config import CleanConfig
from seedclean.corpus.summary import RunSummary
from seedclean.document import Document
from seedclean.io.readers import Record

__all__ = ["ChunkResult", "chunked", "clean_chunk", "map_chunks", "raw_size"]

ChunkResult = tuple[dict[str, Any], list[dict[str, Any]]]

# Per-process settings of the running job, set once by ``_init`` (pool initializer) so that
# the config and the template lines are not sent with every chunk.
_CTX: dict[str, Any] = {}


def raw_size(rec: Record) -> int:
    """Return the size of a record as read (bytes of a file, characters of a JSONL text)."""
    if rec.text is not None:
        return len(rec.text)
    return len(rec.data or b"")


def chunked(records: Iterable[Record], max_docs: int, max_bytes: int) -> Iterator[list[Record]]:
    """Cut the record stream into chunks of at most ``max_docs`` documents or about ``max_bytes``.

    >>> [len(c) for c in chunked([Record(id=str(i), text="ab") for i in range(5)], 2, 100)]
    [2, 2, 1]
    """
    chunk: list[Record] = []
    size = 0
    for rec in records:
        chunk.append(rec)
        size += raw_size(rec)
        if len(chunk) >= max_docs or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _init(cfg: CleanConfig, template_lines: Mapping[str, frozenset[str]]) -> None:
    _CTX["cfg"] = cfg
    _CTX["templates"] = template_lines


def _clean_record(rec: Record, cfg: CleanConfig, tmpl: Mapping[str, frozenset[str]]) -> Document:
    from seedclean.boilerplate.templates import site_of
    from seedclean.pipeline import clean_one

    data: str | bytes = rec.text if rec.text is not None else (rec.data or b"")
    lines = tmpl.get(site_of(rec.meta.get("url")), frozenset()) if tmpl else frozenset()
    try:
        return clean_one(rec.id, data, rec.error, cfg, lines)
    except Exception as exc:  # a stage bug on one hostile input must not stop the corpus
        # The failure is not swallowed: the document is dropped with the error, named on
        # stderr, and the run exits 1 (see summary.FAILED_PREFIXES).
        return Document(id=rec.id, text="", dropped=f"error: internal error while cleaning: "
                                                     f"{type(exc).__name__}: {exc}"[:500])


def clean_chunk(recs: list[Record]) -> ChunkResult:
    """Clean one chunk with the settings given to ``_init``; return its header and rows."""
    cfg: CleanConfig = _CTX["cfg"]
    tmpl: Mapping[str, frozenset[str]] = _CTX["templates"]
    delay = os.environ.get("SEEDCLEAN_TEST_CHUNK_DELAY")  # test hook: widen the kill window
    if delay:
        import time

        time.sleep(float(delay))
    summary = RunSummary()
    rows = []
    kept: list[list[Any]] = []  # [position, length, encoding repairs, id]: near-dup priority
    for j, rec in enumerate(recs):
        doc = _clean_record(rec, cfg, tmpl)
        summary.count_edits(doc)
        fmt = "parquet" if rec.parquet else "jsonl" if rec.jsonl else "file"
        row: dict[str, Any] = {"id": rec.id, "fmt": fmt, "rel": rec.rel, "where": rec.where,
                               "raw": raw_size(rec), "dropped": doc.dropped or ""}
        if doc.dropped is None:
            row.update(text=doc.text, meta=dict(doc.meta), extra=rec.meta)
            kept.append([j, len(doc.text), sum(1 for e in doc.edits if e.stage == "encoding"), rec.id])
        rows.append(row)
    return {"n": len(recs), "summary": summary.to_dict(), "kept": kept}, rows


def map_chunks(chunks: Iterable[list[Record]], cfg: CleanConfig,
               template_lines: Mapping[str, frozenset[str]], *,
               jobs: int) -> Iterator[ChunkResult]:
    """Clean chunks on ``jobs`` processes and yield the results in input order."""
    if jobs <= 1:
        _init(cfg, template_lines)
        for c in chunks:
            yield clean_chunk(c)
        return
    window = 2 * jobs  # chunks in flight: keeps every worker busy, memory bounded
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(cfg, template_lines)) as pool:
        pending: deque[Future[ChunkResult]] = deque()
        for c in chunks:
            pending.append(pool.submit(clean_chunk, c))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
