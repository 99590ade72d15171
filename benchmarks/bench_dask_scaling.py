"""Benchmark the Dask engine: 1 worker against 2 workers, and against the local engine.

Corpus: the page dumps (``text``) of ``../shared/eval/boilerplate_dev.jsonl.gz``
(real web pages: navigation, footers, articles), replicated with variations
until the corpus reaches ``--mb`` megabytes.  Each replica of a page is a new
document (about 15% of its words swapped for words of another page, some
lines dropped), and among them are near copies (one line changed) and exact
copies, so near-duplicate detection has real work.

Each configuration runs on a ``LocalCluster`` of single-threaded worker
processes, best of ``--repeat`` runs (the machine may be shared); workers are
warmed up first (a sample of the corpus cleaned in each: tables and models
loaded) and cluster start-up is not timed.
Runners:

* ``bag`` (default): ``clean_bag(bag, dedup=True)``, the Python entry point
  (site-template count, cleaning as a map, distributed near-duplicate detection),
  against ``clean_corpus`` in this process;
* ``files``: ``seedclean.engines.dask.run_clean`` on a JSONL file (what
  ``seedclean clean --engine dask`` runs: reading, template counting and writing
  stay in this process), against ``seedclean.corpus.run_clean`` with one job.

"identical" says whether each Dask run returned exactly the local engine's
documents (bag) or output files (files).  "busy workers on average" is the
workers' compute time divided by the wall time: how well Dask kept them busy.
On a shared machine other users' load swamps the wall-clock speedup, so the
CPU seconds of each worker process and of this process are reported too, with
a "dedicated-core speedup estimate": the 1-worker run's total CPU time over the
busiest worker's CPU time plus this process's CPU time.  As a peer, the machine's
own 2-process speedup on a pure-Python loop is measured before and after each
run: no 2-worker run can beat what the machine gives at that moment.

Target: 2 workers >= 1.8x one worker on the ``bag`` runner.  On a quiet
2-core machine that holds from about 8 MB; check it with
``python benchmarks/bench_dask_scaling.py --mb 16 --repeat 3 --no-local``
(best of 3; run it without ``--no-local`` once to see "identical: True").  Look
at the load average and the machine's own 2-process speedup printed next to
each run: when another process holds a core, no 2-worker run can show it.
The ``files`` runner reads (three times: two template passes, then cleaning)
and writes in this process, whose CPU time (reported as "client", about 2 s at
16 MB) competes with the workers on 2 cores, so it scales a little less.

Run: ``python benchmarks/bench_dask_scaling.py [--quick] [--mb 6] [--runner files]``.
Results: printed, and written to ``benchmarks/results/dask_scaling_<runner>.json``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import seedclean

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "boilerplate_dev.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results"


def load_pages(path: Path) -> list[str]:
    """Return the raw page texts of the dev set."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def _variant(text: str, donor: list[str], rng: random.Random) -> str:
    lines = [ln for ln in text.split("\n") if rng.random() > 0.05]
    out = []
    for ln in lines:
        words = ln.split(" ")
        out.append(" ".join(rng.choice(donor) if w and rng.random() < 0.15 else w for w in words))
    return "\n".join(out)


def build_corpus(pages: list[str], mb: float, seed: int = 1) -> list[dict[str, str]]:
    """Replicate pages with variations (plus near and exact copies) up to ``mb`` megabytes."""
    rng = random.Random(seed)
    vocab = [w for p in pages[:20] for w in p.split() if w.isalpha()]
    docs: list[dict[str, str]] = []
    size, k = 0, 0
    while size < mb * 1e6:
        page = pages[k % len(pages)]
        text = page if k < len(pages) else _variant(page, vocab, rng)
        docs.append({"id": f"doc{k:06d}", "text": text})
        size += len(text.encode("utf-8"))
        r = rng.random()
        if r < 0.10:  # near copy: one line changed
            lines = text.split("\n")
            j = rng.randrange(len(lines))
            lines[j] = lines[j] + " (updated)"
            docs.append({"id": f"doc{k:06d}-near", "text": "\n".join(lines)})
            size += len(text.encode("utf-8"))
        elif r < 0.15:
            docs.append({"id": f"doc{k:06d}-copy", "text": text})
            size += len(text.encode("utf-8"))
        k += 1
    return docs


def _warm(sample: list[dict[str, str]]) -> int:
    """Clean a sample of the corpus, so that every table and model it needs is loaded."""
    from seedclean import clean_corpus

    return len(list(clean_corpus(sample)))


def warm_sample(docs: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return about 12 documents spread over the corpus (the warm-up sample)."""
    return [dict(d, id=f"warm-{d['id']}") for d in docs[:: max(1, len(docs) // 12)]]


def _busy(stream: list[dict[str, Any]]) -> dict[str, float]:
    """Add up the compute seconds of each worker in a task stream."""
    busy: dict[str, float] = {}
    for task in stream:
        for s in task["startstops"]:
            if s["action"] == "compute":
                busy[task["worker"]] = busy.get(task["worker"], 0.0) + s["stop"] - s["start"]
    return busy


#: Documents per chunk of the files runner (``--chunk-docs``).
CHUNK_DOCS = 24


def file_options(chunk_docs: int = CHUNK_DOCS, **kw: Any) -> Any:
    """Return the runner options of the files runner: chunks of ``chunk_docs`` documents.

    The runner's default 64 leaves a few-MB corpus with too few chunks to spread;
    8 cost this process (which sends every chunk and receives its results) 2.7 s
    of CPU at 16 MB against 1.8 s with 24.  Chunking never changes the output.
    """
    from seedclean.corpus import RunOptions

    return RunOptions(chunk_docs=chunk_docs, **kw)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _bag_job(client: Any, docs: list[dict[str, str]], n_parts: int) -> Callable[[], Any]:
    """Return a job running ``clean_bag(dedup=True)`` on documents already on the workers."""
    import dask.bag as db
    from dask import delayed

    from seedclean.engines.dask import clean_bag

    size = -(-len(docs) // n_parts)
    futures = client.scatter([docs[i:i + size] for i in range(0, len(docs), size)])
    return lambda: clean_bag(db.from_delayed([delayed(f) for f in futures]), dedup=True).compute()


def _files_job(client: Any, src: Path, tmp: Path, chunk_docs: int = CHUNK_DOCS) -> Callable[[], Any]:
    """Return a job running ``seedclean clean SRC -o OUT --engine dask --scheduler ...``'s function."""
    from seedclean.engines.dask import run_clean

    def job() -> Any:
        out = tmp / "out-dask"
        shutil.rmtree(out, ignore_errors=True)
        run_clean([str(src)], out, None, file_options(chunk_docs), scheduler=client.scheduler.address)
        return _tree(out)

    return job


def _cpu() -> float:
    return time.process_time()


def _spin(n: int) -> float:
    x = 0
    for i in range(n):
        x += i * i
    return float(x & 1)


def machine_speedup(n: int = 10_000_000) -> float:
    """Measure what 2 processes gain over 1 on a pure-Python loop, on this machine, right now.

    The ceiling for any 2-worker speedup: on a shared host, two vCPUs often do not
    give two cores' worth of work (other tenants), whatever the load average says.
    """
    import multiprocessing

    t0 = time.perf_counter()
    _spin(n)
    _spin(n)
    one = time.perf_counter() - t0
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [10, 10])
        t0 = time.perf_counter()
        pool.map(_spin, [n, n])
        two = time.perf_counter() - t0
    return one / two


def run_dask(job_for: Callable[[Any], Callable[[], Any]], workers: int, repeat: int,
             warm: list[dict[str, str]]) -> tuple[float, Any, dict[str, Any]]:
    """Time a job on a warm LocalCluster of ``workers`` processes (best of ``repeat``).

    Returns:
        Best wall time, the job's output, and for the best run: compute seconds of each worker
        (task stream), CPU seconds of each worker process and of this process.
    """
    import distributed

    with (distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0") as cluster,
          distributed.Client(cluster) as client):
        client.run(_warm, warm)
        job = job_for(client)
        best, out, stats = float("inf"), None, {}
        for _ in range(repeat):
            cpu0, here0 = client.run(_cpu), time.process_time()
            with distributed.get_task_stream(client) as ts:
                t0 = time.perf_counter()
                out = job()
                secs = time.perf_counter() - t0
            cpu1, here1 = client.run(_cpu), time.process_time()
            if secs < best:
                best = secs
                stats = {"busy": _busy(ts.data), "worker_cpu": sorted(cpu1[w] - cpu0[w] for w in cpu1),
                         "client_cpu": here1 - here0}
        return best, out, stats


def run_local(docs: list[dict[str, str]], src: Path | None, tmp: Path,
              chunk_docs: int = CHUNK_DOCS) -> tuple[float, Any]:
    """Time the local engine in this process: ``clean_corpus``, or ``run_clean`` on ``src`` (1 job)."""
    _warm(warm_sample(docs))
    t0 = time.perf_counter()
    if src is not None:
        from seedclean.corpus import run_clean

        run_clean([str(src)], tmp / "out-local", None, file_options(chunk_docs, jobs=1))
        return time.perf_counter() - t0, _tree(tmp / "out-local")
    out = [d.to_dict() for d in seedclean.clean_corpus(docs)]
    return time.perf_counter() - t0, out


def _report(results: dict[str, Any], name: str, secs: float, size: int, base: float, same: bool | None,
            stats: dict[str, Any], load: float) -> None:
    busy = stats["busy"]
    parallel = sum(busy.values()) / secs
    # On dedicated cores the run would take about its busiest worker's CPU time plus this
    # process's (counted as if it never overlapped the workers): an estimate free of other
    # users' load, which on a shared machine swamps the wall-clock figure.
    critical = max(stats["worker_cpu"]) + stats["client_cpu"]
    first = results["runs"].get("dask-1", {}).get("cpu_total", sum(stats["worker_cpu"]) + stats["client_cpu"])
    results["runs"][name] = {"seconds": secs, "mb_s": size / 1e6 / secs, "speedup_vs_first": base / secs,
                             "identical_to_local": same, "load_average_before": load,
                             "worker_busy_seconds": sorted(busy.values()),
                             "busy_workers_on_average": parallel, "worker_cpu_seconds": stats["worker_cpu"],
                             "client_cpu_seconds": stats["client_cpu"],
                             "cpu_total": sum(stats["worker_cpu"]) + stats["client_cpu"],
                             "cpu_critical_path": critical, "cpu_speedup_estimate": first / critical,
                             "machine_2_process_speedup": stats["machine_2_process_speedup"]}
    print(f"  {name:<12} {secs:8.2f} s  {size / 1e6 / secs:6.3f} MB/s  speedup {base / secs:4.2f}x  "
          f"identical to local: {same}  (busy workers on average {parallel:.2f}; "
          f"load average before: {load:.1f}); CPU s: workers {[round(c, 1) for c in stats['worker_cpu']]}, "
          f"client {stats['client_cpu']:.1f}; dedicated-core speedup estimate {first / critical:.2f}x; "
          "machine's own 2-process speedup before/after the run "
          + "/".join(f"{x:.2f}x" for x in stats["machine_2_process_speedup"]))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print/write the results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=6.0, help="corpus size in MB (default 6)")
    ap.add_argument("--quick", action="store_true", help="1 MB corpus, for a smoke test")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="cluster sizes (default 1 2)")
    ap.add_argument("--runner", choices=("bag", "files"), default="bag",
                    help="bag: clean_bag(dedup=True) on a bag; files: run_clean on a JSONL file, "
                         "as `seedclean clean --engine dask` (reading and writing in this process)")
    ap.add_argument("--partitions", type=int, default=48,
                    help="bag partitions, the same for every cluster size (default 48: page costs "
                         "vary a lot, small partitions keep workers balanced)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="timed runs per cluster size; the best counts (the machine is shared)")
    ap.add_argument("--no-local", action="store_true", help="skip the local-engine peer")
    ap.add_argument("--chunk-docs", type=int, default=CHUNK_DOCS,
                    help=f"documents per chunk of the files runner (default {CHUNK_DOCS})")
    args = ap.parse_args(argv)
    mb = 1.0 if args.quick else args.mb
    docs = build_corpus(load_pages(DATA), mb)
    size = sum(len(d["text"].encode("utf-8")) for d in docs)
    print(f"corpus: {len(docs)} documents, {size / 1e6:.2f} MB, from {DATA.name}; "
          f"{os.cpu_count()} cores; runner {args.runner}")
    results: dict[str, Any] = {"corpus": {"docs": len(docs), "bytes": size, "source": DATA.name},
                               "runs": {}}
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as d:
        tmp = Path(d)
        src = None
        if args.runner == "files":
            src = tmp / "corpus.jsonl"
            src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in docs), encoding="utf-8")
        ref = None
        if not args.no_local:
            secs, ref = run_local(docs, src, tmp, args.chunk_docs)
            results["runs"]["local"] = {"seconds": secs, "mb_s": size / 1e6 / secs}
            print(f"  {'local':<12} {secs:8.2f} s  {size / 1e6 / secs:6.3f} MB/s")
        base = None
        job_for = functools.partial(_bag_job, docs=docs, n_parts=args.partitions) if src is None else \
            functools.partial(_files_job, src=src, tmp=tmp, chunk_docs=args.chunk_docs)
        for w in args.workers:
            load = os.getloadavg()[0]
            before = machine_speedup()
            secs, out, stats = run_dask(job_for, w, args.repeat, warm_sample(docs))
            stats["machine_2_process_speedup"] = [before, machine_speedup()]
            base = base or secs
            same = None if ref is None else out == ref
            _report(results, f"dask-{w}", secs, size, base, same, stats, load)
    import dask
    import distributed

    results["versions"] = {"seedclean": seedclean.__version__, "dask": dask.__version__,
                           "distributed": distributed.__version__, "python": platform.python_version()}
    results["config"] = {"mb": mb, "workers": args.workers, "partitions": args.partitions,
                         "chunk_docs": args.chunk_docs,
                         "runner": args.runner, "repeat": args.repeat, "cpu_count": os.cpu_count(),
                         "machine": platform.machine()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / f"dask_scaling_{args.runner}.json"
    out_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
