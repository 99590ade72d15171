"""Run the file runner (:mod:`seedclean.corpus`) with its heavy phases on Dask.

The corpus runner reads, counts template lines, cleans chunks, finds
near-duplicates and writes.  On Dask, the same runner runs with three of its
functions replaced for the duration of the run:

* ``_find_templates`` (two passes over the pages) by :func:`find_templates_on`:
  the same passes, with the per-page work (splitting and hashing lines, then
  finding the frequent ones) on the workers and the counting in this process;
* ``map_chunks`` (clean chunks, results in input order) by :func:`map_chunks_on`,
  which sends each chunk to a worker, a bounded window in flight;
* ``stream_duplicates`` (near-duplicates of the kept documents) by
  :func:`stream_duplicates_on`, the distributed pipeline of
  :mod:`seedclean.engines._dask_dedup`.

Everything else (state files, resume, output writing, accounting) is the
runner's own code, which is why the files written are the same bytes.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from seedclean.config import CleanConfig, NearDupConfig
from seedclean.engines import _parts

__all__ = ["find_templates_on", "map_chunks_on", "run_clean", "stream_duplicates_on"]

# The runner's module functions are swapped for one run at a time.
_SWAP_LOCK = threading.Lock()
#: Chunks in flight per worker.  Results are taken in input order, so one slow chunk
#: holds back the finished ones behind it; 4 per worker keeps the others busy
#: meanwhile (2 left a worker idle a third of the time on the benchmark corpus), and
#: still bounds the memory of results waiting to be written.
WINDOW_PER_WORKER = 4


def map_chunks_on(client: Any, chunks: Iterable[list[Any]], cfg: CleanConfig,
                  template_lines: Mapping[str, frozenset[str]], *, jobs: int = 1) -> Iterator[Any]:
    """Clean the runner's chunks on the cluster; yield ``(header, rows)`` in input order.

    ``jobs`` is ignored: the cluster's size decides.
    """
    del jobs
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    cfg_f, tmpl_f = client.scatter([cfg, template_lines], broadcast=True)
    pending: deque[Any] = deque()
    for chunk in chunks:
        # The chunk travels with its task (at most RunOptions.chunk_bytes), so the scheduler
        # can give it to whichever worker is free; scattered data would pin it to one worker.
        pending.append(client.submit(_parts.clean_chunk_with, chunk, cfg_f, tmpl_f, pure=False))
        if len(pending) >= WINDOW_PER_WORKER * workers:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


#: Pages per template task (at most), and characters.
TEMPLATE_CHUNK_DOCS, TEMPLATE_CHUNK_CHARS = 64, 1 << 20


def _text_chunks(pages: Iterable[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    chunk: list[tuple[str, str]] = []
    size = 0
    for page in pages:
        chunk.append(page)
        size += len(page[1])
        if len(chunk) >= TEMPLATE_CHUNK_DOCS or size >= TEMPLATE_CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _ordered(client: Any, fn: Callable[..., Any], chunks: Iterable[list[Any]], *args: Any) -> Iterator[Any]:
    """Yield ``fn(chunk, *args)`` for each chunk, in order, a bounded window in flight."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(client.submit(fn, chunk, *args, pure=False))
        if len(pending) >= WINDOW_PER_WORKER * workers:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def find_templates_on(client: Any, paths: Sequence[str], cfg: CleanConfig, spool: Any, strict: bool,
                      stdin: bytes | None) -> tuple[dict[str, frozenset[str]], int]:
    """Find the runner's template lines with the per-page work on the cluster; return them and the docs read.

    The same two passes as the runner's own ``_find_templates``, with the same
    counter: workers return each page's line keys (pass 1) and then, in page
    order, the first line of each frequent key (pass 2); the counting and the
    rule run here, so the lines found are the same.
    """
    import numpy as np

    from seedclean.corpus import run as run_mod
    from seedclean.corpus.templates import TemplateCounter
    from seedclean.io.readers import iter_records

    saved = spool.load_templates()
    if saved is not None:
        return saved  # type: ignore[no-any-return]
    share = cfg.boilerplate.template_edge_share
    counter = TemplateCounter(spool.root / "lines", config=cfg.boilerplate)
    docs = 0

    def pages() -> Iterator[tuple[str, str]]:
        nonlocal docs
        for rec in run_mod._records(paths, cfg, strict, stdin):
            docs += 1
            if (page := run_mod.template_page(rec)) is not None:
                yield page

    for n, keys in _ordered(client, _parts.page_line_keys, _text_chunks(pages()), share):
        counter.add_keys(n, np.ascontiguousarray(keys, dtype=np.uint64).tobytes())
    lines = _resolve_on(client, counter, iter_records(paths, max_bytes=cfg.max_bytes, stdin=stdin), share)
    spool.save_templates(lines, docs)
    return lines, docs


def _resolve_on(client: Any, counter: Any, records: Iterable[Any], share: float) -> dict[str, frozenset[str]]:
    """Run ``TemplateCounter.resolve``'s second pass with the per-page work on the cluster."""
    from seedclean.corpus import run as run_mod

    frequent = counter.frequent()
    if not frequent:
        return {}
    keys = client.scatter([frozenset(frequent)], broadcast=True)[0]
    pages = (p for rec in records if (p := run_mod.template_page(rec)))
    found = _ordered(client, _parts.frequent_lines, _text_chunks(pages), keys, share)
    return counter.keep(frequent, found)  # type: ignore[no-any-return]


def stream_duplicates_on(client: Any, records: Callable[[], Iterable[tuple[str, str]]], *,
                         config: NearDupConfig, priority: Mapping[str, tuple[Any, ...]]) -> Any:
    """Find near-duplicates of the runner's kept documents on the cluster (one pass over ``records``)."""
    from seedclean.engines import _dask_dedup

    parts = _dask_dedup.scatter_records(client, records())
    return _dask_dedup.find_duplicates_on(client, parts, config=config, priority=priority)


@contextlib.contextmanager
def _on_cluster(client: Any) -> Iterator[None]:
    """Point the corpus runner's template, clean and near-dup phases at ``client`` for one run."""
    from seedclean.corpus import dedup as dedup_mod
    from seedclean.corpus import run as run_mod

    with _SWAP_LOCK:
        saved = run_mod.map_chunks, run_mod._find_templates, dedup_mod.stream_duplicates  # type: ignore[attr-defined]
        run_mod.map_chunks = functools.partial(map_chunks_on, client)  # type: ignore[attr-defined]
        run_mod._find_templates = functools.partial(find_templates_on, client)
        dedup_mod.stream_duplicates = functools.partial(stream_duplicates_on, client)
        try:
            yield
        finally:
            run_mod.map_chunks, run_mod._find_templates, dedup_mod.stream_duplicates = saved  # type: ignore[attr-defined]


def run_clean(paths: Sequence[str], out: Path | None, cfg: CleanConfig | None, options: Any, *,
              scheduler: str | None = None, **kwargs: Any) -> Any:
    """Run :func:`seedclean.corpus.run_clean` on Dask (see :func:`seedclean.engines.dask.run_clean`)."""
    from seedclean.corpus import run as run_mod
    from seedclean.engines.dask import connect

    n_workers = getattr(options, "jobs", None) if scheduler is None else None
    with connect(scheduler, n_workers=n_workers) as client, _on_cluster(client):
        return run_mod.run_clean(paths, out, cfg, options, **kwargs)
