"""Benchmark the Dask engine: 1 worker against 2 workers, and against the local engine.

Corpus: the page dumps (``text``) of ``../shared/eval/boilerplate_dev.jsonl.gz``
(real web pages: navigation, footers, articles), replicated with variations
until the corpus reaches ``--mb`` megabytes.  Each replica of a page is a new
document (about 15% of its words swapped for words of another page, some
lines dropped), and among them are near copies (one line changed) and exact
copies, so near-duplicate detection has real work.

Each configuration runs the full Python pipeline of the Dask engine (best of
``--repeat`` runs, since the machine may be shared),
``clean_bag(bag, dedup=True)`` (site-template count, cleaning as a map,
distributed near-duplicate detection), on a ``LocalCluster`` with single-threaded
worker processes.  Workers are warmed up first (tables and models loaded), and
cluster start-up is not timed.  The local engine (``clean_corpus`` in this
process) runs on the same documents as the peer; "identical" says whether each
Dask run returned exactly its documents.

Run: ``python benchmarks/bench_dask_scaling.py [--quick] [--mb 6] [--workers 1 2]``.
Results: printed, and written to ``benchmarks/results/dask_scaling.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import sys
import time
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


def _warm(n: int) -> int:
    from seedclean import clean_corpus

    page = ("Home\nNews\n\nThe council approved the new budget on Tuesday after a long debate "
            "about schools, roads and the library.\n")
    return len(list(clean_corpus([{"id": str(i), "text": page} for i in range(n)])))


def _busy(stream: list[dict[str, Any]]) -> dict[str, float]:
    """Add up the compute seconds of each worker in a task stream."""
    busy: dict[str, float] = {}
    for task in stream:
        for s in task["startstops"]:
            if s["action"] == "compute":
                busy[task["worker"]] = busy.get(task["worker"], 0.0) + s["stop"] - s["start"]
    return busy


def run_dask(docs: list[dict[str, str]], workers: int, n_parts: int,
             repeat: int) -> tuple[float, list[Any], dict[str, float]]:
    """Time ``clean_bag(dedup=True)`` on a LocalCluster of ``workers`` processes (best of ``repeat``).

    Returns:
        Best wall time, the documents, and the compute seconds of each worker in the best run.
    """
    import dask.bag as db
    import distributed
    from dask import delayed

    from seedclean.engines.dask import clean_bag

    with (distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0") as cluster,
          distributed.Client(cluster) as client):
        client.run(_warm, 3)
        size = -(-len(docs) // n_parts)
        futures = client.scatter([docs[i:i + size] for i in range(0, len(docs), size)])
        best, out, busy = float("inf"), [], {}
        for _ in range(repeat):
            with distributed.get_task_stream(client) as ts:
                t0 = time.perf_counter()
                out = clean_bag(db.from_delayed([delayed(f) for f in futures]), dedup=True).compute()
                secs = time.perf_counter() - t0
            if secs < best:
                best, busy = secs, _busy(ts.data)
        return best, out, busy


def run_local(docs: list[dict[str, str]]) -> tuple[float, list[Any]]:
    """Time the local engine (``clean_corpus``) in this process."""
    _warm(3)
    t0 = time.perf_counter()
    out = [d.to_dict() for d in seedclean.clean_corpus(docs)]
    return time.perf_counter() - t0, out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print/write the results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=6.0, help="corpus size in MB (default 6)")
    ap.add_argument("--quick", action="store_true", help="1 MB corpus, for a smoke test")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="cluster sizes (default 1 2)")
    ap.add_argument("--partitions", type=int, default=48,
                    help="bag partitions, the same for every cluster size (default 48: page costs "
                         "vary a lot, small partitions keep workers balanced)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="timed runs per cluster size; the best counts (the machine is shared)")
    ap.add_argument("--no-local", action="store_true", help="skip the local-engine peer")
    args = ap.parse_args(argv)
    mb = 1.0 if args.quick else args.mb
    docs = build_corpus(load_pages(DATA), mb)
    size = sum(len(d["text"].encode("utf-8")) for d in docs)
    print(f"corpus: {len(docs)} documents, {size / 1e6:.2f} MB, from {DATA.name}; {os.cpu_count()} cores")
    results: dict[str, Any] = {"corpus": {"docs": len(docs), "bytes": size, "source": DATA.name},
                               "runs": {}}
    ref = None
    if not args.no_local:
        secs, ref = run_local(docs)
        results["runs"]["local"] = {"seconds": secs, "mb_s": size / 1e6 / secs}
        print(f"  local engine      {secs:8.2f} s  {size / 1e6 / secs:6.2f} MB/s")
    base = None
    for w in args.workers:
        load = os.getloadavg()[0]
        secs, out, busy = run_dask(docs, w, args.partitions, args.repeat)
        parallel = sum(busy.values()) / secs
        base = base or secs
        same = None if ref is None else out == ref
        if ref is not None and not same:
            diff = [a.get("id") for a, b in zip(out, ref, strict=False) if a != b]
            print(f"  differing documents: {len(diff) + abs(len(out) - len(ref))}, e.g. {diff[:3]}")
        dropped = sum(1 for d in out if d.get("dropped"))
        results["runs"][f"dask-{w}"] = {"workers": w, "seconds": secs, "mb_s": size / 1e6 / secs,
                                        "speedup_vs_first": base / secs, "identical_to_local": same,
                                        "dropped": dropped, "load_average_before": load,
                                        "worker_busy_seconds": sorted(busy.values()),
                                        "busy_workers_on_average": parallel}
        print(f"  dask {w} worker(s)  {secs:8.2f} s  {size / 1e6 / secs:6.2f} MB/s  "
              f"speedup {base / secs:4.2f}x  identical to local: {same}  dropped {dropped}  "
              f"(busy workers on average {parallel:.2f}; load average before: {load:.1f})")
    import dask
    import distributed

    results["versions"] = {"seedclean": seedclean.__version__, "dask": dask.__version__,
                           "distributed": distributed.__version__, "python": platform.python_version()}
    results["config"] = {"mb": mb, "workers": args.workers, "partitions": args.partitions,
                         "repeat": args.repeat, "cpu_count": os.cpu_count(), "machine": platform.machine()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / "dask_scaling.json"
    out_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
