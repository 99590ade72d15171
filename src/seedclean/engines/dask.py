"""Run seedclean on a Dask cluster: cleaning as a map, near-duplicates as a shuffle.

Install the extra first: ``pip install 'seedclean[dask]'``.  Nothing here runs
at import time, and ``import seedclean`` never loads this module.

Python entry points:

* :func:`clean_bag` cleans a Dask bag (or dataframe) of documents, lazily, as a
  map over partitions (site-template lines are counted per partition first and
  added up, as the local engine counts them over the whole corpus); with
  ``dedup=True`` each partition (or slice of a big one) is cleaned and sketched
  in one task, largest first, and stays on its worker while near-duplicates are
  found;
* :func:`dedup` finds near-duplicates in a bag: MinHash signatures per
  partition, a shuffle of LSH band keys to buckets that list candidate pairs,
  exact verification in chunks that receive the shingle sets they need, then
  connected components (union-find) and the canonical choice on the client;
* :func:`run_clean` and :func:`find_duplicates` back ``seedclean clean|dedup --engine
  dask [--scheduler ADDRESS]``; without an address they start a
  ``LocalCluster`` with one single-threaded worker process per core.

The output is the local engine's, byte for byte, for any number of workers
or partitions: each partition calls the same functions
(:func:`seedclean.pipeline.clean_one`, the :mod:`seedclean.neardup` pieces),
a document's sketch does not depend on its partition, the near-duplicate
result depends only on the set of records, and documents keep input order.

>>> import seedclean.engines.dask as engine
>>> sorted(engine.__all__)[:3]
['check_workers', 'clean_bag', 'connect']
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from seedclean.config import CleanConfig, NearDupConfig
from seedclean.engines import _parts, import_dask

__all__ = ["check_workers", "clean_bag", "connect", "dedup", "find_duplicates", "run_clean"]

log = logging.getLogger(__name__)


@contextlib.contextmanager
def connect(scheduler: str | None = None, *, n_workers: int | None = None) -> Iterator[Any]:
    """Yield a ``distributed.Client``: to ``scheduler``, or to a new local cluster.

    Args:
        scheduler: address of a running scheduler (``tcp://host:8786``), or a
            scheduler file path; ``None`` starts a ``LocalCluster`` for the
            duration of the block.
        n_workers: workers of the local cluster (default: one per core); each is
            a process with one thread, since the pipeline is pure Python.

    Raises:
        ConfigError: if the ``dask`` extra is not installed, the scheduler cannot be
            reached, or its workers do not run this version of seedclean.
    """
    from seedclean.errors import ConfigError

    _, distributed = import_dask()
    if scheduler is not None:
        kw = {"scheduler_file": scheduler} if Path(scheduler).is_file() else {"address": scheduler}
        try:
            client = distributed.Client(**kw)
        except OSError as exc:
            msg = f"cannot reach the Dask scheduler at {scheduler}: {exc}"
            raise ConfigError(msg) from exc
        with client:
            check_workers(client)
            yield client
        return
    n = n_workers or os.cpu_count() or 1
    # dashboard_address=":0": any free port.  None would still serve HTTP on 8787 and
    # warn (or fail) when another cluster on the machine holds that port.
    with (distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.WARNING) as cluster,
          distributed.Client(cluster) as client):
        yield client


def check_workers(client: Any) -> None:
    """Check that every worker imports the same seedclean version as this process.

    Raises:
        ConfigError: naming the workers that lack seedclean or run another version.
    """
    from seedclean import __version__
    from seedclean.errors import ConfigError

    try:
        found = client.run(_parts.worker_version)
    except ImportError as exc:
        msg = (f"Dask workers cannot import seedclean ({exc}); install seedclean[dask]=={__version__} "
               "in every worker's environment")
        raise ConfigError(msg) from exc
    bad = {addr: v for addr, v in sorted(found.items()) if v != __version__}
    if bad:
        msg = (f"Dask workers run another seedclean than this process ({__version__}): "
               + ", ".join(f"{a} has {v}" for a, v in bad.items())
               + f"; install seedclean[dask]=={__version__} on every worker")
        raise ConfigError(msg)


def _as_bag(data: Any) -> tuple[Any, bool]:
    """Return ``(bag, was_dataframe)`` for a Dask bag or dataframe of documents."""
    bag_mod, _ = import_dask()
    if isinstance(data, bag_mod.Bag):
        return data, False
    if hasattr(data, "to_bag") and hasattr(data, "columns"):
        return data.to_bag(index=False, format="dict").map(_parts.drop_missing), True
    msg = f"clean_bag() takes a dask Bag or DataFrame, not {type(data).__name__}"
    from seedclean.errors import ConfigError

    raise ConfigError(msg)


def _inputs(bag: Any, cfg: CleanConfig, templates: bool) -> tuple[list[Any], Any, Any]:
    """Return delayed inputs per partition, the delayed template lines per site, and the config's key.

    The graph: count items per partition -> global offsets -> normalise items
    -> count template lines per site and partition -> add them up.  Each
    input partition is read once.  Without templates the lines are ``{}``.
    """
    from dask.delayed import delayed

    parts = bag.to_delayed()
    cfg_d = delayed(cfg, traverse=False)  # one key: not walked (nested dataclasses) per task
    starts = delayed(_parts.offsets)([delayed(_parts.count_items)(p) for p in parts])
    inputs = [delayed(_parts.normalise_items)(p, starts, i) for i, p in enumerate(parts)]
    tmpl: Any = {}
    if templates and "boilerplate" in cfg.stages:
        tmpl = delayed(_parts.merge_template_counts)(
            [delayed(_parts.count_template_lines)(x, cfg_d) for x in inputs], cfg_d)
    return inputs, tmpl, cfg_d


def clean_partitions(bag: Any, cfg: CleanConfig, *, templates: bool = True) -> Any:
    """Return a bag of packed documents (:data:`seedclean.engines._parts.Packed`), lazily.

    Each partition is cleaned with its sites' template lines, counted over the whole bag first.
    """
    bag_mod, _ = import_dask()
    from dask.delayed import delayed

    inputs, tmpl, cfg_d = _inputs(bag, cfg, templates)
    return bag_mod.from_delayed([delayed(_parts.clean_inputs)(x, cfg_d, tmpl) for x in inputs])


def clean_bag(data: Any, *, config: CleanConfig | None = None, templates: bool = True,
              dedup: bool = False) -> Any:
    """Clean a Dask bag or dataframe of documents; one output per input document, in order.

    With ``dedup=False`` (the default) this is a lazy map over partitions that
    runs on any Dask scheduler.  With ``dedup=True`` it is
    :func:`seedclean.clean_corpus`: the cleaned documents are computed and kept
    on the cluster, near-duplicates are found as in :func:`dedup`, and the
    returned collection marks them dropped; this needs a ``distributed.Client``.

    Args:
        data: a ``dask.bag.Bag`` of dicts or objects with ``id`` and ``text``
            (or of paths), or a ``dask.dataframe.DataFrame`` with ``id`` and
            ``text`` columns (other columns are ignored).
        config: pipeline settings; defaults when ``None``.
        templates: remove lines that recur on many pages (site template).
        dedup: drop near-duplicate documents (one canonical kept per cluster).

    Returns:
        For a bag, a bag of :meth:`Document.to_dict` dicts (``id``, ``text``,
        ``meta``, plus ``dropped`` when dropped).  For a dataframe, a dataframe
        with columns ``id``, ``text``, ``meta`` (JSON) and ``dropped`` (``None``
        when kept).

    Raises:
        ConfigError: if ``data`` is neither, or the ``dask`` extra is missing.
    """
    cfg = config or CleanConfig()
    bag, was_df = _as_bag(data)
    packed = _clean_dedup(_client(), bag, cfg, templates) if dedup else \
        clean_partitions(bag, cfg, templates=templates)
    if not was_df:
        return packed.map(_packed_to_dict)
    import pandas as pd

    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in ("id", "text", "meta", "dropped")})
    return packed.map_partitions(_packed_to_frame).to_dataframe(meta=meta)


def _client() -> Any:
    _, distributed = import_dask()
    try:
        return distributed.get_client()
    except ValueError as exc:
        from seedclean.errors import ConfigError

        msg = ("near-duplicate detection on Dask needs a distributed Client: "
               "start one first (distributed.Client(...)), or use seedclean.engines.dask.connect()")
        raise ConfigError(msg) from exc


#: Cleaning slices per worker: partitions bigger than the corpus / (workers x this) are cut,
#: and slices run largest first, so that no worker waits long for the last one.
SLICES_PER_WORKER = 16


def _input_sizes(client: Any, inputs: list[Any]) -> list[list[int]]:
    """Wait for the partitions' inputs; return each input's size, per partition (one task per worker)."""
    from seedclean.engines import _dask_dedup

    held = _dask_dedup.by_worker(client, inputs)
    tasks = _dask_dedup.per_worker(client, held, inputs, _parts.sizes_of)
    sizes: list[list[int]] = [[] for _ in inputs]
    for (_, ps), got in zip(held, client.gather(tasks), strict=True):
        for p, sz in zip(ps, got, strict=True):
            sizes[p] = sz
    return sizes


def _submit_largest_first(client: Any, cuts: list[tuple[int, int, int]], sizes: list[list[int]],
                          inputs: list[Any], cfg: CleanConfig, tmpl: Any, *, window: int) -> dict[Any, Any]:
    """Clean and sketch each ``(partition, lo, hi)`` slice, largest first, at most ``window`` in flight.

    Submitting as slices finish hands the next one to whichever worker is free:
    Dask's work stealing left a worker idle for half a second at the end.
    """
    _, distributed = import_dask()
    queue = sorted(cuts, key=lambda c: (-sum(sizes[c[0]][c[1]:c[2]]), c))
    done: dict[Any, Any] = {}

    def submit(c: tuple[int, int, int]) -> Any:
        done[c] = client.submit(_parts.clean_and_sketch, inputs[c[0]], cfg, tmpl, c[1], c[2], pure=False)
        return done[c]

    running = distributed.as_completed([submit(c) for c in queue[:window]])
    for c in queue[window:]:
        next(running)
        running.add(submit(c))
    return done


def _clean_dedup(client: Any, bag: Any, cfg: CleanConfig, templates: bool) -> Any:
    """Clean and sketch the partitions on the cluster, find duplicates, return a bag marking them.

    Once the inputs are read, their sizes come to the client, which cuts big
    partitions into slices and submits the slices largest first.  Each slice is
    cleaned and sketched in one task and stays on its worker
    (:class:`~seedclean.engines._parts.CleanedPart`); only its sketch's small
    parts move.  The returned bag's graph holds the slices' futures, which
    keeps them alive until it is computed.
    """
    bag_mod, _ = import_dask()
    from dask.delayed import delayed

    from seedclean.engines import _dask_dedup

    inputs, tmpl, _ = _inputs(bag, cfg, templates)
    inputs_f = client.compute(inputs)
    tmpl_f = tmpl if isinstance(tmpl, dict) else client.compute(tmpl)
    sizes = _input_sizes(client, inputs_f)
    n = _dask_dedup.n_workers(client)
    target = max(1, sum(map(sum, sizes)) // (n * SLICES_PER_WORKER))
    cuts = [[(p, lo, hi) for lo, hi in _parts.slices(sz, target)] for p, sz in enumerate(sizes)]
    done = _submit_largest_first(client, [c for cut in cuts for c in cut], sizes, inputs_f, cfg, tmpl_f,
                                 window=2 * n)
    parts = [[done[c] for c in cut] for cut in cuts]
    result = _dask_dedup.find_in_sketches(client, [f for fs in parts for f in fs], config=cfg.neardup)
    reasons = {x: result.reason(x) for x in result.duplicate_of}
    return bag_mod.from_delayed([delayed(_parts.mark_part)(reasons, *fs) for fs in parts])


def _packed_to_dict(p: _parts.Packed) -> dict[str, Any]:
    return _parts.unpack(p).to_dict()


def _packed_to_frame(ps: Sequence[_parts.Packed]) -> list[dict[str, Any]]:
    import json

    return [{"id": p[0], "text": p[1], "meta": json.dumps(p[2], ensure_ascii=False, sort_keys=True),
             "dropped": p[4]} for p in ps]


def dedup(bag: Any, *, config: NearDupConfig | CleanConfig | None = None,
          priority: Mapping[str, tuple[Any, ...]] | None = None) -> Any:
    """Find exact and near-duplicate documents in a Dask bag, on the current ``distributed.Client``.

    The steps are distributed: MinHash signatures and band keys per partition,
    a shuffle of band keys to buckets that list candidate pairs, exact
    verification in chunks that receive the shingle sets they need; then the
    client joins verified pairs (union-find) and chooses one canonical
    document per cluster.

    Args:
        bag: a bag of ``(id, text)`` tuples, dicts with ``id`` and ``text``,
            :class:`Document` objects or :func:`clean_bag` output (items with
            ``dropped`` set are skipped).
        config: near-duplicate settings (``CleanConfig().neardup`` when ``None``).
        priority: id -> tuple; the highest is kept in each cluster (then the smallest id).

    Returns:
        The :class:`seedclean.neardup.DedupResult` that
        :func:`seedclean.neardup.find_duplicates` returns for the same records.

    Raises:
        ConfigError: if the ``dask`` extra is missing or no Client is running.
        InputError: if an id repeats.
    """
    from seedclean.engines import _dask_dedup

    cfg = config.neardup if isinstance(config, CleanConfig) else config
    client = _client()
    parts = client.compute(bag.map_partitions(_parts.records_of).to_delayed())
    return _dask_dedup.find_duplicates_on(client, parts, config=cfg, priority=priority)


def find_duplicates(records: Iterable[tuple[str, str]], *, config: NearDupConfig | None = None,
                    priority: Mapping[str, tuple[Any, ...]] | None = None, index: Any = None,
                    scheduler: str | None = None, n_workers: int | None = None) -> Any:
    """Run :func:`seedclean.neardup.find_duplicates` on a Dask cluster (``seedclean dedup --engine dask``).

    Same arguments and result as the local function, plus where to run.

    Args:
        records: ``(id, text)`` pairs, read here and shipped to the workers in partitions.
        config: near-duplicate settings.
        priority: id -> tuple; the highest is kept in each cluster (then the smallest id).
        index: a persistent index (:func:`seedclean.index.open_index`). Then the
            workers compute the sketches (shingles, MinHash signatures, band keys)
            and this process looks them up in the index, verifies and updates it,
            as the local run does (the index is read and written here only).
        scheduler: address of a Dask scheduler; ``None`` starts a local cluster.
        n_workers: size of the local cluster (default: one worker per core).

    Raises:
        ConfigError: if the ``dask`` extra is missing.
        InputError: if an id repeats (or, with an index, is already indexed).
    """
    from seedclean.engines import _dask_dedup

    if index is not None:
        from seedclean.neardup.core import find_duplicates_with

        with connect(scheduler, n_workers=n_workers) as client:
            return find_duplicates_with(_dask_dedup.sketcher(client), records, config=config,
                                        priority=priority, index=index)
    with connect(scheduler, n_workers=n_workers) as client:
        parts = _dask_dedup.scatter_records(client, records)
        return _dask_dedup.find_duplicates_on(client, parts, config=config, priority=priority)


def run_clean(paths: Sequence[str], out: Path | None, cfg: CleanConfig | None = None, options: Any = None,
              *, scheduler: str | None = None, **kwargs: Any) -> Any:
    """Run :func:`seedclean.corpus.run_clean` with cleaning and near-dup detection on Dask.

    Same arguments and result as the local runner (``stdout``, ``progress``,
    ``on_error`` pass through), plus ``scheduler``; the files written are
    identical.  The local cluster has ``options.jobs`` workers (default: one
    per core).  Reading, site-template counting and writing stay in this process.

    Raises:
        ConfigError: if the ``dask`` extra is missing.
    """
    from seedclean.engines import _runs

    return _runs.run_clean(paths, out, cfg, options, scheduler=scheduler, **kwargs)
