"""Run the file runner (:mod:`seedclean.corpus`) with its two heavy phases on Dask.

The corpus runner reads, counts template lines, cleans chunks, finds
near-duplicates and writes.  On Dask, the same runner runs with two of its
functions replaced for the duration of the run:

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

__all__ = ["map_chunks_on", "run_clean", "stream_duplicates_on"]

# The runner's module functions are swapped for one run at a time.
_SWAP_LOCK = threading.Lock()
#: Chunks in flight per worker.  Results are taken in input order, so one slow chunk
#: holds back the finished ones behind it; 4 per worker keeps the others busy
#: meanwhile (2 left a worker idle a third of the time on the benchmark corpus), and
#: still bounds the memory of results waiting to be written.
WINDOW_PER_WORKER = 4


def map_chunks_on(client: Any, chunks: Iterable[list[Any]], cfg: CleanConfig,
                  template_lines: frozenset[str], *, jobs: int = 1) -> Iterator[Any]:
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


def stream_duplicates_on(client: Any, records: Callable[[], Iterable[tuple[str, str]]], *,
                         config: NearDupConfig, priority: Mapping[str, tuple[Any, ...]]) -> Any:
    """Find near-duplicates of the runner's kept documents on the cluster (one pass over ``records``)."""
    from seedclean.engines import _dask_dedup

    parts = _dask_dedup.scatter_records(client, records())
    return _dask_dedup.find_duplicates_on(client, parts, config=config, priority=priority)


@contextlib.contextmanager
def _on_cluster(client: Any) -> Iterator[None]:
    """Point the corpus runner's clean and near-dup phases at ``client`` for one run."""
    from seedclean.corpus import dedup as dedup_mod
    from seedclean.corpus import run as run_mod

    with _SWAP_LOCK:
        saved = run_mod.map_chunks, dedup_mod.stream_duplicates  # type: ignore[attr-defined]
        run_mod.map_chunks = functools.partial(map_chunks_on, client)  # type: ignore[attr-defined]
        dedup_mod.stream_duplicates = functools.partial(stream_duplicates_on, client)
        try:
            yield
        finally:
            run_mod.map_chunks, dedup_mod.stream_duplicates = saved  # type: ignore[attr-defined]


def run_clean(paths: Sequence[str], out: Path | None, cfg: CleanConfig | None, options: Any, *,
              scheduler: str | None = None, **kwargs: Any) -> Any:
    """Run :func:`seedclean.corpus.run_clean` on Dask (see :func:`seedclean.engines.dask.run_clean`)."""
    from seedclean.corpus import run as run_mod
    from seedclean.engines.dask import connect

    n_workers = getattr(options, "jobs", None) if scheduler is None else None
    with connect(scheduler, n_workers=n_workers) as client, _on_cluster(client):
        return run_mod.run_clean(paths, out, cfg, options, **kwargs)
